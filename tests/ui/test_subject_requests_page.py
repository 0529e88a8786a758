"""The admin's Data requests page, by keyboard: search, export the chosen records to a file,
erase them after a plain question; and no two controls share an Alt letter."""

from __future__ import annotations

import json

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from desk_app.domain.followup import ContactDetails, FollowUpRequest
from desk_app.domain.staff import Role, StaffSession
from desk_app.domain.visit import VisitDraft
from desk_app.services.access import Access
from desk_app.services.subject_requests import SubjectRequests
from tests.ui.test_mnemonics import assert_no_clashes, screen_mnemonics
from ui.admin import subject_requests_page
from ui.admin.subject_requests_page import SubjectRequestsPage
from ui.dialogs import ask

ADMIN = StaffSession("u-admin-1", "anna.admin", "Anna Adminsson", Role.ADMIN, "ws-7")
ALT = Qt.KeyboardModifier.AltModifier


def leave_contact(desk, name: str, phone: str, email: str) -> None:
    code = desk.active_services()[0].code
    contact = ContactDetails("Ask how it went", desk.default_contact_expiry(), name, phone, email)
    desk.record_visit(
        VisitDraft(("JOB",), referral_codes=(code,)),
        follow_ups=[FollowUpRequest(code, desk.default_follow_up_due(), contact)],
    )


@pytest.fixture
def page(qtbot, ctx) -> SubjectRequestsPage:
    leave_contact(ctx.desk, "Asa Makela", "040 123 4567", "asa@example.fi")
    leave_contact(ctx.desk, "Bertil Berg", "050 765 4321", "bertil@example.org")
    widget = SubjectRequestsPage(SubjectRequests(ctx.uow, Access(ADMIN)))
    qtbot.addWidget(widget)
    widget.resize(900, 500)
    widget.show()
    widget.activateWindow()
    qtbot.waitExposed(widget)
    qtbot.waitUntil(widget.isActiveWindow)  # Alt letters work only in the active window
    return widget


def search_by_keyboard(page: SubjectRequestsPage, qtbot, text: str) -> None:
    QTest.keyClick(page, Qt.Key.Key_F, ALT)
    qtbot.waitUntil(page.search_edit.hasFocus)
    QTest.keyClicks(page.search_edit, text)
    QTest.keyClick(page.search_edit, Qt.Key.Key_Return)


def test_a_search_shows_the_matches_and_chooses_the_first(page, qtbot, qtmodeltester):
    assert not page.pdf_button.isEnabled()  # nothing chosen yet
    search_by_keyboard(page, qtbot, "+358 40 1234567")
    qtmodeltester.check(page.model)
    assert page.model.rowCount() == 1
    assert page.model.entry_at(0).name == "Asa Makela"
    assert page.table.hasFocus()
    assert page.pdf_button.isEnabled() and page.erase_button.isEnabled()
    assert "4567" not in page.model.data(page.model.index(0, 1))  # the number is cut short
    assert "1 contact record found" in page.message.text()


def test_nothing_found_says_so(page, qtbot):
    search_by_keyboard(page, qtbot, "nobody")
    assert page.model.rowCount() == 0
    assert "No contact records found" in page.message.text()
    assert not page.erase_button.isEnabled()


@pytest.mark.parametrize(("key", "kind"), [(Qt.Key.Key_P, "pdf"), (Qt.Key.Key_J, "json")])
def test_an_export_is_saved_where_the_admin_chose(page, qtbot, monkeypatch, tmp_path, key, kind):
    target = tmp_path / "request"  # the extension is added
    asked = []
    monkeypatch.setattr(
        subject_requests_page,
        "ask_save_path",
        lambda parent, title, suggested, file_filter: asked.append(suggested) or target,
    )
    search_by_keyboard(page, qtbot, "makela")
    QTest.keyClick(page, key, ALT)  # an Alt letter "animates" the click: it lands a bit later
    written = tmp_path / f"request.{kind}"
    qtbot.waitUntil(written.is_file)
    assert asked == [f"personal-data.{kind}"]
    assert str(written) in page.message.text()
    if kind == "json":
        (record,) = json.loads(written.read_text(encoding="utf-8"))["records"]
        assert record["phone"] == "040 123 4567"
    else:
        text = PdfReader(written).pages[0].extract_text()
        assert "Asa Makela" in text and "Bertil" not in text


def test_erasing_asks_in_plain_words_and_removes_the_row(page, ctx, qtbot, monkeypatch):
    questions = []
    monkeypatch.setattr(
        ask,
        "ask_yes_no",
        lambda parent, title, text, default_yes=False: questions.append(text) or True,
    )
    search_by_keyboard(page, qtbot, "asa@EXAMPLE.fi")
    with qtbot.waitSignal(page.sig_erased) as erased:
        QTest.keyClick(page, Qt.Key.Key_E, ALT)
    assert erased.args == [1]
    (question,) = questions
    assert "phone number" in question and "counts stay" in question
    assert page.model.rowCount() == 0
    assert "1 contact record erased" in page.message.text()
    assert page.search_edit.hasFocus()
    search_by_keyboard(page, qtbot, "makela")
    assert page.model.rowCount() == 0
    assert len(ctx.desk.follow_ups()) == 2  # the visits and their follow-ups stay


def test_erasing_is_not_done_when_the_answer_is_no(page, qtbot, monkeypatch):
    monkeypatch.setattr(ask, "ask_yes_no", lambda *args, **kwargs: False)
    search_by_keyboard(page, qtbot, "Bertil")
    page.erase_button.click()
    assert page.model.rowCount() == 1
    search_by_keyboard(page, qtbot, "Bertil")
    assert page.model.rowCount() == 1


def test_no_two_controls_share_a_letter(page):
    found = screen_mnemonics(page)
    assert len(found) >= 5, found
    assert_no_clashes(found, "data requests page")
