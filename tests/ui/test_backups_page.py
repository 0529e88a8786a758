"""The admin's Backups page: the backups listed with date, size and visits; a backup to a chosen
folder by keyboard; a restore that shows the backup's counts, asks, restores and restarts the app;
a declined or refused restore changes nothing; Alt+letters are unique in every language."""

import datetime as dt
import sqlite3
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import Qt

from desk_app.db.backup import SqliteBackupStore, stamp
from desk_app.domain.staff import Role, StaffSession
from desk_app.domain.visit import VisitDraft
from desk_app.services.access import Access
from desk_app.services.backups import BackupService
from tests.ui.test_mnemonics import assert_no_clashes, lang, screen_mnemonics  # noqa: F401
from ui.admin import backups_page
from ui.admin.backups_page import BackupsPage
from ui.dialogs import ask, files

TZ = ZoneInfo("Europe/Helsinki")
ADMIN = StaffSession("a-1", "aino", "Aino Admin", Role.ADMIN, "desk-1")


def _service(ctx, session=ADMIN):
    store = SqliteBackupStore(ctx.engine, ctx.paths.backups)
    return BackupService(store, ctx.uow, Access(session), ctx.paths, ctx.settings)


def _visits(ctx):
    with sqlite3.connect(ctx.paths.database) as con:
        return con.execute("SELECT count(*) FROM visit").fetchone()[0]


@pytest.fixture
def quits():
    return []


@pytest.fixture
def page(qtbot, ctx, quits):
    widget = BackupsPage(_service(ctx), TZ, quit_app=lambda: quits.append(True))
    qtbot.addWidget(widget)
    widget.show()
    yield widget
    widget.jobs.wait()


def test_backups_are_listed_newest_first(qtbot, qtmodeltester, ctx, page):
    service = _service(ctx)
    first = service.backup_now().path
    # Yesterday's: the rotation keeps one backup a day.
    yesterday = dt.datetime.now(dt.UTC) - dt.timedelta(days=1)
    first.rename(first.with_name(f"pointti-desk-backup-{stamp(yesterday)}.sqlite3"))
    ctx.desk.record_visit(VisitDraft(("JOB",)))
    newest = service.backup_now()
    page.refresh_button.click()
    qtmodeltester.check(page.model)
    assert page.model.rowCount() == 2
    assert page.model.entry_at(0).path == newest.path
    assert page.model.index(0, 3).data() == "1"
    assert page.model.index(1, 3).data() == "0"
    assert "kB" in page.model.index(0, 2).data()


def test_back_up_to_a_folder_by_keyboard(qtbot, page, tmp_path, monkeypatch):
    usb = tmp_path / "usb"
    usb.mkdir()
    monkeypatch.setattr(backups_page, "ask_folder", lambda *a: usb)
    page.backup_button.setFocus()
    qtbot.keyClick(page.backup_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: "checked" in page.status_label.text(), timeout=10000)
    (copy,) = usb.glob("*.sqlite3")
    assert str(copy) in page.status_label.text()
    assert page.backup_button.isEnabled()
    with sqlite3.connect(copy) as con:
        assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_cancelling_the_folder_choice_writes_nothing(qtbot, ctx, page, monkeypatch):
    monkeypatch.setattr(backups_page, "ask_folder", lambda *a: None)
    page.backup_button.click()
    assert not page.jobs.busy() and page.status_label.text() == ""


def test_restore_shows_the_counts_asks_restores_and_restarts(qtbot, ctx, page, monkeypatch, quits):
    ctx.desk.record_visit(VisitDraft(("JOB",)))
    _service(ctx).backup_now()
    for _ in range(3):
        ctx.desk.record_visit(VisitDraft(("JOB",)))
    page.refresh()
    questions, told = [], []
    monkeypatch.setattr(ask, "ask_yes_no", lambda parent, title, text: questions.append(text))
    page.table.setFocus()
    page.table.selectRow(0)
    page.restore_selected_button.click()
    assert "Visits: 1" in questions[0] and "safety copy" in questions[0]
    assert _visits(ctx) == 4 and not quits, "declined: nothing changed"
    monkeypatch.setattr(ask, "ask_yes_no", lambda *a: True)
    monkeypatch.setattr(backups_page, "tell", lambda parent, title, text: told.append(text))
    with qtbot.waitSignal(page.sig_restored, timeout=10000):
        page.restore_selected_button.click()
    assert quits == [True]
    assert "starts again on the restored database" in told[0]
    assert _visits(ctx) == 1
    assert list(ctx.paths.backups.glob("*.before-restore-*.sqlite3"))


def test_restore_without_a_selection_says_what_to_do(page):
    page.restore_selected_button.click()
    assert page.message_label.text() == "Choose a backup in the list first."


def test_a_damaged_file_is_refused_before_any_question(ctx, page, tmp_path, monkeypatch):
    bad = tmp_path / "bad.sqlite3"
    bad.write_text("not a database")
    monkeypatch.setattr(files, "ask_open_path", lambda *a: bad)
    monkeypatch.setattr(ask, "ask_yes_no", lambda *a: pytest.fail("asked about a bad file"))
    page.restore_file_button.click()
    assert "cannot be restored" in page.message_label.text()


def test_a_desk_worker_sees_the_refusal(qtbot, ctx):
    desk = StaffSession("d-1", "dana", "Dana Desk", Role.DESK, "desk-1")
    widget = BackupsPage(_service(ctx, desk), TZ, quit_app=lambda: None)
    qtbot.addWidget(widget)
    assert widget.message_label.text()
    assert widget.model.rowCount() == 0


def test_tab_goes_from_the_list_through_the_buttons(qtbot, page):
    page.table.setFocus()
    order = [page.backup_button, page.restore_selected_button, page.restore_file_button]
    current = page.table
    for expected in order:
        qtbot.keyClick(current, Qt.Key.Key_Tab)
        assert expected.hasFocus()
        current = expected


def test_no_two_controls_share_a_letter_in_any_language(qtbot, lang, tmp_path):  # noqa: F811
    from desk_app.bootstrap import bootstrap

    context = bootstrap(tmp_path / "lang-data")
    try:
        widget = BackupsPage(_service(context), TZ, quit_app=lambda: None)
        qtbot.addWidget(widget)
        widget.show()
        found = screen_mnemonics(widget)
        assert len(found) >= 5, found
        assert_no_clashes(found, f"{lang}, backups page")
    finally:
        context.close()
