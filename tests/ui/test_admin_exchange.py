"""The catalogue's Import and export page: an import is shown before it is applied, runs off the
GUI thread, and tells the main window to reload; exports land where the admin chose."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from desk_app.services.catalogue_files import CatalogueFiles
from tests.ui.test_mnemonics import assert_no_clashes, screen_mnemonics
from ui.admin import exchange_page
from ui.admin.exchange_page import ExchangePage

PTV = Path(__file__).resolve().parents[1] / "fixtures" / "ptv"
ALT = Qt.KeyboardModifier.AltModifier


@pytest.fixture
def page(qtbot, ctx) -> ExchangePage:
    widget = ExchangePage(CatalogueFiles(ctx.uow, ctx.desk.today))
    qtbot.addWidget(widget)
    widget.resize(900, 600)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def _wait(qtbot, page: ExchangePage) -> None:
    qtbot.waitUntil(lambda: not page.is_busy(), timeout=30000)


def _choose(monkeypatch, path: Path) -> None:
    monkeypatch.setattr(exchange_page, "ask_open_path", lambda parent, title: path)


def test_a_ptv_file_is_shown_first_and_imported_only_on_apply(page, ctx, qtbot, monkeypatch):
    before = {s.code for s in ctx.desk.services()}
    _choose(monkeypatch, PTV / "services.json")
    page.import_ptv_button.setFocus()
    QTest.keyClick(page.import_ptv_button, Qt.Key.Key_Space)
    _wait(qtbot, page)
    assert "To add" in page.report.toPlainText()
    assert "Nothing is changed yet" in page.message()
    assert {s.code for s in ctx.desk.services()} == before  # the plan wrote nothing
    assert page.apply_button.isEnabled()
    with qtbot.waitSignal(page.sig_catalogue_changed, timeout=30000):
        QTest.keyClick(page.apply_button, Qt.Key.Key_Space)
    _wait(qtbot, page)
    added = {s.code for s in ctx.desk.services()} - before
    assert len(added) == 3
    assert "Added" in page.report.toPlainText()
    assert not page.apply_button.isEnabled()


def test_our_json_export_reimports_with_nothing_to_change(page, ctx, qtbot, monkeypatch, tmp_path):
    target = tmp_path / "catalogue"  # the .json is added
    monkeypatch.setattr(exchange_page, "ask_save_path", lambda parent, title, suggested: target)
    page.export_json_button.click()
    _wait(qtbot, page)
    written = tmp_path / "catalogue.json"
    assert str(written) in page.message()
    document = json.loads(written.read_text(encoding="utf-8"))
    assert len(document["services"]) == len(ctx.desk.services())
    _choose(monkeypatch, written)
    page.import_json_button.click()
    _wait(qtbot, page)
    report = page.report.toPlainText()
    assert report  # a plan is always said, even "no changes"
    assert "Would add" not in report and "Would retire" not in report


def test_a_hostile_file_is_refused_with_its_problem_and_nothing_to_apply(
    page, qtbot, monkeypatch, tmp_path
):
    bad = tmp_path / "bad.json"
    bad.write_bytes(b"{\xff not utf-8")
    _choose(monkeypatch, bad)
    page.import_json_button.click()
    _wait(qtbot, page)
    assert "UTF-8" in page.message()
    assert not page.apply_button.isEnabled()
    assert page.import_json_button.isEnabled()  # ready for another file


def test_an_hsds_package_goes_to_the_chosen_new_folder(page, qtbot, monkeypatch, tmp_path):
    folder = tmp_path / "hsds-sv"
    monkeypatch.setattr(exchange_page, "ask_new_folder", lambda parent, title, suggested: folder)
    page.hsds_language.setCurrentIndex(page.hsds_language.findData("sv"))
    page.export_hsds_button.click()
    _wait(qtbot, page)
    assert (folder / "datapackage.json").exists()
    assert (folder / "services.csv").exists()
    assert str(folder) in page.message()


def test_the_page_has_its_own_letters_and_names(page):
    assert_no_clashes(screen_mnemonics(page), "import and export page")
    assert page.report.accessibleName()
    assert page.hsds_language.accessibleName()
