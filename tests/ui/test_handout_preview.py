"""The referral sheet at the desk: Ctrl+P saves the visit and opens the preview; the preview makes
the sheet off the GUI thread in the chosen language, saves it as a PDF, prints it on a (fake)
printer page by page, says plainly when there is no printer or a folder cannot be written, and
records every sheet handed out on the visit.

The sheets come from the real ``DeskService`` over the example catalogue; only the printer is a
stand-in (Qt's PDF printer writing a file).
"""

from __future__ import annotations

import io
import tempfile
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel

from desk_app.domain.visit import VisitDraft
from tests.ui.test_accessibility import _missing
from tests.ui.test_mnemonics import assert_no_clashes, mnemonic, screen_mnemonics
from ui.handouts import preview_dialog
from ui.handouts.preview_dialog import HandoutPreviewDialog, open_preview

ALT = Qt.KeyboardModifier.AltModifier
CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def recorded(desk, monkeypatch) -> list:
    """Every ``record_handouts`` call of the desk, recorded for real as well."""
    calls: list = []
    real_record = desk.record_handouts

    def record_handouts(visit_id, codes, lang):
        calls.append((visit_id, tuple(codes), lang))
        real_record(visit_id, codes, lang)

    monkeypatch.setattr(desk, "record_handouts", record_handouts)
    return calls


def text_of(pdf: bytes) -> str:
    assert pdf.startswith(b"%PDF")
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    return " ".join(text.split())


@pytest.fixture
def service(desk):
    return desk.active_services()[0]


@pytest.fixture
def visit_id(desk, service) -> str:
    return desk.record_visit(VisitDraft(("JOB",), referral_codes=(service.code,))).id


@pytest.fixture
def dialog(qtbot, desk, recorded, visit_id, service) -> HandoutPreviewDialog:
    preview = open_preview(None, desk, visit_id, (service.code,), "fi")
    qtbot.addWidget(preview)
    qtbot.waitExposed(preview)
    wait_ready(qtbot, preview)
    return preview


def wait_ready(qtbot, dialog: HandoutPreviewDialog) -> None:
    qtbot.waitUntil(lambda: not dialog.is_preparing(), timeout=15000)


def choose_language(qtbot, dialog: HandoutPreviewDialog, code: str) -> None:
    dialog.language_combo.setCurrentIndex(dialog.language_combo.findData(code))


def alt(dialog, letter: str) -> None:
    widget = QApplication.focusWidget() or dialog
    QTest.keyClick(widget, getattr(Qt.Key, f"Key_{letter.upper()}"), ALT)


def letter_of(button) -> str:
    return mnemonic(button.text())


@pytest.fixture
def printers(monkeypatch):
    """Pretend one printer is installed; "printing" writes a PDF through Qt's PDF printer."""
    monkeypatch.setattr(preview_dialog.QPrinterInfo, "availablePrinters", lambda: [object()])

    def use(target: Path, dpi: int = 150) -> None:
        def setup(parent, printer: QPrinter) -> bool:
            printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
            printer.setOutputFileName(str(target))
            printer.setResolution(dpi)
            return True

        monkeypatch.setattr(preview_dialog, "ask_print_setup", setup)

    return use


# --- the preview ------------------------------------------------------------------------------


def test_save_as_pdf_writes_the_sheet_with_the_service_and_records_it(
    dialog, qtbot, monkeypatch, tmp_path, recorded, visit_id, service
):
    assert dialog.stack.currentWidget() is dialog.view
    assert dialog.view.pageMode() is preview_dialog.QPdfView.PageMode.MultiPage
    assert dialog.document.pageCount() >= 1
    target = tmp_path / "sheet"  # the .pdf is added
    asked = []
    monkeypatch.setattr(
        preview_dialog, "ask_save_path", lambda parent, suggested: asked.append(suggested) or target
    )
    dialog.language_combo.setFocus()
    alt(dialog, letter_of(dialog.save_button))
    qtbot.waitUntil(lambda: recorded != [])
    saved = tmp_path / "sheet.pdf"
    assert asked[0].endswith(".pdf")
    assert " ".join(service.name.text("fi").split()) in text_of(saved.read_bytes())
    assert saved.read_bytes() == dialog.pdf_bytes()
    assert recorded == [(visit_id, (service.code,), "fi")]
    assert str(saved) in dialog.message()
    assert dialog.isVisible()


def test_previewing_printing_and_saving_leave_no_temporary_files(
    qtbot, desk, recorded, visit_id, service, printers, monkeypatch, tmp_path
):
    temp = tmp_path / "temp"
    temp.mkdir()
    monkeypatch.setenv("TMPDIR", str(temp))
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    printers(tmp_path / "printed.pdf")
    monkeypatch.setattr(preview_dialog, "ask_save_path", lambda parent, suggested: tmp_path / "s")
    preview = open_preview(None, desk, visit_id, (service.code,), "fi")
    qtbot.addWidget(preview)
    wait_ready(qtbot, preview)
    preview.print_button.click()
    qtbot.waitUntil(lambda: len(recorded) == 1, timeout=30000)
    preview.save_button.click()
    qtbot.waitUntil(lambda: len(recorded) == 2)
    preview.close()
    assert (tmp_path / "printed.pdf").exists() and (tmp_path / "s.pdf").exists()
    assert list(temp.iterdir()) == []


def test_changing_the_language_makes_the_sheet_again(dialog, qtbot, service):
    finnish = text_of(dialog.pdf_bytes())
    dialog.language_combo.setFocus()
    # Quick changes: only the last language's sheet is kept, whatever order results come in.
    choose_language(qtbot, dialog, "en")
    assert dialog.is_preparing()
    assert not dialog.save_button.isEnabled() and not dialog.print_button.isEnabled()
    assert dialog.message() == "Preparing the sheet…"
    choose_language(qtbot, dialog, "sv")
    wait_ready(qtbot, dialog)
    swedish = text_of(dialog.pdf_bytes())
    assert swedish != finnish
    assert " ".join(service.name.text("sv").split()) in swedish
    # A late result of an older request is dropped.
    shown = dialog.pdf_bytes()
    dialog._relay.sig_sheet_ready.emit(1, b"%PDF-stale")
    QApplication.processEvents()
    assert dialog.pdf_bytes() == shown
    assert dialog.save_button.isEnabled()


def test_the_next_step_is_printed_after_a_pause_in_typing(dialog, qtbot):
    dialog.note_edit.setFocus()
    QTest.keyClicks(dialog.note_edit, "Call on Monday")
    assert "Call on Monday" not in text_of(dialog.pdf_bytes())  # not yet: typing goes on
    qtbot.waitUntil(lambda: "Call on Monday" in text_of(dialog.pdf_bytes()), timeout=15000)


def test_the_language_defaults_to_the_visit_language_or_finnish(
    qtbot, desk, recorded, visit_id, service
):
    for visit_lang, expected in (("sv", "sv"), ("se", "fi"), ("other", "fi")):
        preview = HandoutPreviewDialog(desk, visit_id, (service.code,), visit_lang)
        qtbot.addWidget(preview)
        assert preview.language() == expected
        wait_ready(qtbot, preview)


def test_printing_renders_every_page_onto_the_printer_and_records_it(
    dialog, qtbot, printers, tmp_path, recorded, visit_id, service
):
    printed = tmp_path / "printed.pdf"
    printers(printed)
    dialog.language_combo.setFocus()
    alt(dialog, letter_of(dialog.print_button))
    qtbot.waitUntil(lambda: recorded != [], timeout=30000)
    assert not dialog.is_printing()
    assert recorded == [(visit_id, (service.code,), "fi")]
    source = PdfReader(io.BytesIO(dialog.pdf_bytes()))
    output = PdfReader(str(printed))
    assert len(output.pages) == len(source.pages)
    for page in output.pages:
        # Rendered images (bands), not text: the pages really were drawn at the printer.
        assert page.images, "a printed page has no rendered image"
        assert abs(float(page.mediabox.width) - float(source.pages[0].mediabox.width)) < 3
    assert "sent to the printer" in dialog.message()


def test_ctrl_p_in_the_preview_prints_too(dialog, qtbot, printers, tmp_path, recorded):
    printers(tmp_path / "printed.pdf")
    dialog.note_edit.setFocus()
    QTest.keyClick(dialog.note_edit, Qt.Key.Key_P, CTRL)
    qtbot.waitUntil(lambda: recorded != [], timeout=30000)
    assert (tmp_path / "printed.pdf").exists()


def test_a_failing_printer_is_said_plainly_and_nothing_is_lost(
    dialog, qtbot, printers, tmp_path, recorded
):
    printers(tmp_path / "no-such-folder" / "printed.pdf")  # the "printer" cannot start
    dialog.note_edit.setText("Keep me")
    dialog.print_button.click()
    qtbot.waitUntil(lambda: not dialog.is_printing(), timeout=30000)
    assert "could not be started" in dialog.message()
    assert "Save as PDF" in dialog.message()
    assert recorded == []
    assert dialog.isVisible() and dialog.note_edit.text() == "Keep me"
    assert dialog.print_button.isEnabled() and dialog.pdf_bytes() is not None


def test_without_a_printer_print_points_to_save_as_pdf_which_still_works(
    dialog, qtbot, monkeypatch, tmp_path, recorded
):
    monkeypatch.setattr(preview_dialog.QPrinterInfo, "availablePrinters", lambda: [])
    asked = []
    monkeypatch.setattr(preview_dialog, "ask_print_setup", lambda *a: asked.append(a) or False)
    dialog.print_button.click()
    assert asked == []  # no print dialog to nowhere
    assert "No printer is installed" in dialog.message()
    assert "Save as PDF" in dialog.message()
    qtbot.waitUntil(dialog.save_button.hasFocus)
    monkeypatch.setattr(preview_dialog, "ask_save_path", lambda *a: str(tmp_path / "s.pdf"))
    QTest.keyClick(dialog.save_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: recorded != [])
    assert (tmp_path / "s.pdf").read_bytes().startswith(b"%PDF")


def test_an_unwritable_folder_is_said_and_the_dialog_stays(
    dialog, qtbot, monkeypatch, tmp_path, recorded
):
    monkeypatch.setattr(
        preview_dialog, "ask_save_path", lambda *a: str(tmp_path / "missing" / "sheet.pdf")
    )
    dialog.save_button.click()
    assert "could not be saved" in dialog.message()
    assert recorded == [] and dialog.isVisible()
    monkeypatch.setattr(preview_dialog, "ask_save_path", lambda *a: "")  # cancelled
    dialog.save_button.click()
    assert recorded == []


def test_a_failing_sheet_says_why(qtbot, desk, recorded, visit_id):
    preview = HandoutPreviewDialog(desk, visit_id, ("NO-SUCH-SERVICE",), "fi")
    qtbot.addWidget(preview)
    qtbot.waitUntil(lambda: "could not be made" in preview.message(), timeout=15000)
    assert not preview.print_button.isEnabled() and not preview.save_button.isEnabled()


def test_esc_closes_the_preview(dialog, qtbot):
    dialog.language_combo.setFocus()
    QTest.keyClick(dialog.language_combo, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible())


def test_the_preview_has_names_tooltips_and_its_own_letters(dialog, qtbot):
    unnamed, no_tip = _missing(dialog)
    assert unnamed == [] and no_tip == []
    found = screen_mnemonics(dialog)
    assert len(found) >= 4, found
    assert_no_clashes(found, "referral sheet preview")
    # Alt and a field's letter reach that field.
    for label in dialog.findChildren(QLabel):
        if label.buddy() is None:
            continue
        dialog.close_button.setFocus()
        qtbot.waitUntil(dialog.close_button.hasFocus)
        alt(dialog, mnemonic(label.text()))
        qtbot.waitUntil(label.buddy().hasFocus)


# --- Ctrl+P in the main window ----------------------------------------------------------------


def _form_with_referral(window, service, topic: bool = True) -> None:
    if topic:
        window.intake.set_selected_topic_codes(("JOB",))
    window.intake.add_referral(service.code, service.name.text("fi"))


def test_ctrl_p_saves_the_visit_then_opens_its_sheet(window, desk, recorded, service, qtbot):
    _form_with_referral(window, service)
    window.finder.search_edit.setFocus()
    qtbot.waitUntil(window.finder.search_edit.hasFocus)
    QTest.keyClick(window.finder.search_edit, Qt.Key.Key_P, CTRL)
    (visit,) = desk.visits_today()
    preview = window.handout_preview
    assert isinstance(preview, HandoutPreviewDialog)
    qtbot.waitUntil(preview.isVisible)
    assert preview.visit_id == visit.id
    assert preview.codes == (service.code,)
    assert preview.language() == "fi"
    assert window.intake.referral_codes() == ()  # saved exactly as Ctrl+Enter: the form cleared
    wait_ready(qtbot, preview)
    QTest.keyClick(preview.language_combo, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not preview.isVisible())


def test_a_failed_save_opens_nothing_and_keeps_the_form(window, desk, recorded, service, qtbot):
    _form_with_referral(window, service, topic=False)  # no topic: the save is refused
    window.print_action.trigger()
    assert desk.visits_today() == []
    assert window.handout_preview is None
    assert window.findChildren(HandoutPreviewDialog) == []
    assert window.intake.error_text()
    assert window.intake.referral_codes() == (service.code,)


def test_a_visit_without_referrals_gets_a_message_not_a_sheet(window, desk, recorded, qtbot):
    window.intake.set_selected_topic_codes(("JOB",))
    window.print_action.trigger()
    assert window.findChildren(HandoutPreviewDialog) == []
    assert "no referred services" in window.statusBar().currentMessage()
    assert window.intake.selected_topic_codes() == ("JOB",)  # nothing saved, nothing cleared


def test_the_print_action_is_in_the_visit_menu_with_ctrl_p(window):
    menus = [a.menu() for a in window.menuBar().actions() if a.menu() is not None]
    visit_menu = next(m for m in menus if m.title() == "&Visit")
    assert window.print_action in visit_menu.actions()
    assert window.print_action.shortcut().toString() == "Ctrl+P"
