"""Today's list (delete with confirmation, visitors per hour) and the Follow-ups screen."""

import datetime as dt
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desk_app.domain.codes import ReferralStatus
from desk_app.domain.followup import ContactDetails, FollowUpRequest
from desk_app.domain.visit import VisitDraft
from desk_app.i18n import _
from ui.dialogs import ask
from ui.followups.follow_ups_widget import FollowUpsWidget
from ui.today.today_widget import TodayWidget, visitors_per_hour

HELSINKI = ZoneInfo("Europe/Helsinki")


def test_visitors_per_hour_counts_tallies_in_full(desk):
    desk.record_visit(VisitDraft(("JOB",)))
    desk.record_visit(VisitDraft(("JOB",), visitor_count=4))
    hour = desk.now().astimezone(HELSINKI).hour
    assert visitors_per_hour(desk.visits_today(), HELSINKI) == {hour: 5}


def test_delete_asks_first_and_only_then_removes(desk, qtbot, monkeypatch):
    widget = TodayWidget(HELSINKI)
    qtbot.addWidget(widget)
    desk.record_visit(VisitDraft(("JOB",), visitor_count=3))
    widget.refresh(desk.visits_today())
    assert "3" in widget.hours_label.text()
    deleted = []
    widget.sig_delete_requested.connect(deleted.append)
    widget.table.selectRow(0)
    answers = iter([False, True])
    monkeypatch.setattr(ask, "ask_yes_no", lambda *a, **k: next(answers))
    qtbot.keyClick(widget.table, Qt.Key.Key_Delete)
    assert deleted == []  # answered No
    qtbot.keyClick(widget.table, Qt.Key.Key_Delete)
    assert deleted == [desk.visits_today()[0].id]
    desk.delete_visit(deleted[0])
    widget.refresh(desk.visits_today())
    assert widget.row_count() == 0 and not widget.delete_button.isEnabled()


def test_follow_ups_screen_sets_status_and_offers_to_delete_contact(desk, qtbot, monkeypatch):
    code = desk.active_services()[0].code
    contact = ContactDetails(
        "Check the decision", desk.default_contact_expiry(), phone="0401234567"
    )
    desk.record_visit(
        VisitDraft(("JOB",), referral_codes=(code,)),
        follow_ups=[FollowUpRequest(code, desk.default_follow_up_due(), contact)],
    )
    widget = FollowUpsWidget()
    qtbot.addWidget(widget)
    widget.set_items(desk.follow_ups(), desk.today())
    assert widget.model.rowCount() == 1
    widget.table.selectRow(0)
    assert widget.contact_button.isEnabled()

    asked = []
    monkeypatch.setattr(ask, "ask_yes_no", lambda *a, **k: asked.append(a) or True)
    requests = []
    widget.sig_status_requested.connect(lambda *args: requests.append(args))
    qtbot.keyClicks(widget.reason_edit, "started the service")
    qtbot.mouseClick(widget.status_buttons[ReferralStatus.GOT_SERVICE], Qt.MouseButton.LeftButton)
    ((referral_id, status, reason, delete),) = requests
    assert (status, reason, delete) == (ReferralStatus.GOT_SERVICE, "started the service", True)
    assert len(asked) == 1
    desk.set_follow_up_status(referral_id, status, reason, delete_contact=delete)
    widget.set_items(desk.follow_ups(), desk.today())
    assert widget.model.rowCount() == 0
    assert desk.follow_up_contact(referral_id) is None


def test_follow_up_table_model(qtmodeltester, desk):
    from ui.models.follow_up_table_model import FollowUpTableModel

    code = desk.active_services()[0].code
    desk.record_visit(
        VisitDraft(("JOB",), referral_codes=(code,)),
        follow_ups=[FollowUpRequest(code, desk.today())],
    )
    model = FollowUpTableModel()
    model.set_items(desk.follow_ups(), desk.today() + dt.timedelta(days=1))
    assert "(overdue)" in model.index(0, 0).data()
    qtmodeltester.check(model)


def test_refer_with_follow_up_and_contact_then_close_it_from_the_follow_ups_tab(
    window, desk, qtbot, monkeypatch
):
    from ui.dialogs import follow_up_dialog

    service = desk.active_services()[0]
    window.intake.set_selected_topic_codes(["JOB"])
    window.intake.add_referral(service.code, service.name.text("en"))
    window.intake.referral_view.setCurrentIndex(window.intake.referrals.index(0, 0))
    contact = ContactDetails("Ask how it went", desk.default_contact_expiry(), phone="0401234567")
    request = FollowUpRequest(service.code, desk.default_follow_up_due(), contact)
    monkeypatch.setattr(follow_up_dialog, "ask_follow_up", lambda *a, **k: request)
    qtbot.mouseClick(window.intake.follow_up_button, Qt.MouseButton.LeftButton)
    assert "(contact agreed)" in window.intake.referrals.index(0, 0).data()
    window.intake.request_save()
    qtbot.waitUntil(lambda: window.today.row_count() == 1)

    assert window.followups.model.rowCount() == 1
    assert "(1)" in window.bottom_tabs.tabText(1)
    window.bottom_tabs.setCurrentWidget(window.followups)
    window.followups.table.selectRow(0)
    qtbot.mouseClick(window.followups.contact_button, Qt.MouseButton.LeftButton)
    assert "0401234567" in window.followups.contact_label.text()
    monkeypatch.setattr(ask, "ask_yes_no", lambda *a, **k: True)
    qtbot.mouseClick(
        window.followups.status_buttons[ReferralStatus.DID_NOT], Qt.MouseButton.LeftButton
    )
    qtbot.waitUntil(lambda: window.followups.model.rowCount() == 0)
    assert desk.follow_ups(include_closed=True)[0].status is ReferralStatus.DID_NOT
    assert desk.follow_up_contact(desk.follow_ups(include_closed=True)[0].referral_id) is None


def test_edit_a_visit_from_today_by_keyboard(window, desk, qtbot):
    desk.record_visit(VisitDraft(("JOB",)))
    window.refresh_today()
    window.show()
    window.activateWindow()
    qtbot.keyClick(window.intake, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(window.today.table.hasFocus)
    assert window.today.selected_visit_id() == desk.visits_today()[0].id
    qtbot.keyClick(window.today.table, Qt.Key.Key_Return)
    assert window.intake.selected_topic_codes() == ("JOB",)
    window.intake.set_selected_topic_codes(["DIGI"])
    window.intake.request_save()
    qtbot.waitUntil(lambda: desk.visits_today()[0].topic_codes == ("DIGI",))
    assert len(desk.visits_today()) == 1  # corrected, not added


def test_delete_from_today_in_the_window(window, desk, qtbot, monkeypatch):
    desk.record_visit(VisitDraft(("JOB",)))
    window.refresh_today()
    window.today.table.selectRow(0)
    monkeypatch.setattr(ask, "ask_yes_no", lambda *a, **k: True)
    qtbot.keyClick(window.today.table, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: window.today.row_count() == 0)
    assert desk.visits_today() == []


def _ask_and_remember(monkeypatch, answer=False):
    questions = []
    monkeypatch.setattr(
        ask, "ask_yes_no", lambda parent, title, text, **k: questions.append(text) or answer
    )
    return questions


def test_delete_confirmation_says_follow_ups_and_contacts_go_too(desk, qtbot, monkeypatch):
    code = desk.active_services()[0].code
    contact = ContactDetails("Ask how it went", desk.default_contact_expiry(), phone="0401234567")
    desk.record_visit(
        VisitDraft(("JOB",), referral_codes=(code,)),
        follow_ups=[FollowUpRequest(code, desk.default_follow_up_due(), contact)],
    )
    widget = TodayWidget(HELSINKI)
    qtbot.addWidget(widget)
    widget.refresh(desk.visits_today())
    widget.table.selectRow(0)
    questions = _ask_and_remember(monkeypatch)
    qtbot.mouseClick(widget.delete_button, Qt.MouseButton.LeftButton)
    assert "follow-ups and any contact details are deleted" in questions[0]

    desk.delete_visit(desk.visits_today()[0].id)
    desk.record_visit(VisitDraft(("JOB",)))  # no referrals: nothing else to lose
    widget.refresh(desk.visits_today())
    widget.table.selectRow(0)
    qtbot.mouseClick(widget.delete_button, Qt.MouseButton.LeftButton)
    assert "removed from the statistics" in questions[1]
    assert "follow-ups" not in questions[1]


def test_a_closed_follow_up_offers_no_status_buttons(desk, qtbot):
    codes = [s.code for s in desk.active_services()[:2]]
    for code in codes:
        desk.record_visit(
            VisitDraft(("JOB",), referral_codes=(code,)),
            follow_ups=[FollowUpRequest(code, desk.default_follow_up_due())],
        )
    closed = desk.follow_ups()[0].referral_id
    desk.set_follow_up_status(closed, ReferralStatus.GOT_SERVICE, "done")
    widget = FollowUpsWidget()
    qtbot.addWidget(widget)
    widget.set_items(desk.follow_ups(include_closed=True), desk.today())
    rows = {widget.model.item_at(r).referral_id: r for r in range(widget.model.rowCount())}
    widget.table.selectRow(rows[closed])
    for button in widget.status_buttons.values():
        assert not button.isEnabled()
        assert "closed" in button.toolTip()
    assert not widget.reason_edit.isEnabled()
    open_row = next(r for ref, r in rows.items() if ref != closed)
    widget.table.selectRow(open_row)
    assert all(b.isEnabled() for b in widget.status_buttons.values())
    assert widget.reason_edit.isEnabled()


def test_contact_button_shows_then_hides_the_details(desk, qtbot):
    code = desk.active_services()[0].code
    contact = ContactDetails("Ask how it went", desk.default_contact_expiry(), phone="0401234567")
    desk.record_visit(
        VisitDraft(("JOB",), referral_codes=(code,)),
        follow_ups=[FollowUpRequest(code, desk.default_follow_up_due(), contact)],
    )
    widget = FollowUpsWidget()
    qtbot.addWidget(widget)
    widget.sig_contact_requested.connect(
        lambda ref: widget.show_contact(desk.follow_up_contact(ref))
    )
    widget.set_items(desk.follow_ups(), desk.today())
    widget.table.selectRow(0)
    assert widget.contact_button.text() == "Show contact details"
    qtbot.mouseClick(widget.contact_button, Qt.MouseButton.LeftButton)
    assert "0401234567" in widget.contact_label.text()
    assert widget.contact_button.text() == "Hide contact details"
    qtbot.mouseClick(widget.contact_button, Qt.MouseButton.LeftButton)
    assert widget.contact_label.text() == ""
    assert widget.contact_button.text() == "Show contact details"
    qtbot.mouseClick(widget.contact_button, Qt.MouseButton.LeftButton)
    widget.set_items(desk.follow_ups(), desk.today())  # a reload hides them again
    assert widget.contact_label.text() == ""
    assert widget.contact_button.text() == "Show contact details"


def _correct_first_visit(window, qtbot):
    window.refresh_today()
    window.show()
    window.activateWindow()
    qtbot.waitExposed(window)
    qtbot.keyClick(window.intake, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(window.today.table.hasFocus)
    qtbot.keyClick(window.today.table, Qt.Key.Key_Return)


def test_a_correction_sets_the_form_aside_and_esc_brings_it_back(window, desk, qtbot):
    desk.record_visit(VisitDraft(("JOB",)))
    intake = window.intake
    intake.set_selected_topic_codes(["HOUSING", "MONEY"])  # the next visitor, half entered
    intake.add_referral("DEBT-ADVICE", "Debt advice")

    _correct_first_visit(window, qtbot)
    assert intake.selected_topic_codes() == ("JOB",)
    assert intake.is_correcting() and intake.correction_label.isVisible()
    assert intake.save_button.text() == _("Save the corrections (Ctrl+Enter)")

    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)

    assert not intake.is_correcting() and not intake.correction_label.isVisible()
    assert set(intake.selected_topic_codes()) == {"HOUSING", "MONEY"}
    assert intake.referral_codes() == ("DEBT-ADVICE",)
    assert desk.visits_today()[0].topic_codes == ("JOB",)  # the stored visit is unchanged


def test_saving_a_correction_brings_back_the_form_and_keeps_a_new_follow_up(
    window, desk, qtbot, monkeypatch
):
    from ui.dialogs import follow_up_dialog

    service = desk.active_services()[0]
    desk.record_visit(VisitDraft(("JOB",), referral_codes=(service.code,)))
    intake = window.intake
    intake.set_selected_topic_codes(["HOUSING"])
    _correct_first_visit(window, qtbot)
    intake.referral_view.setCurrentIndex(intake.referrals.index(0, 0))
    contact = ContactDetails("Ask how it went", desk.default_contact_expiry(), phone="0401234567")
    request = FollowUpRequest(service.code, desk.default_follow_up_due(), contact)
    monkeypatch.setattr(follow_up_dialog, "ask_follow_up", lambda *a, **k: request)
    qtbot.mouseClick(intake.follow_up_button, Qt.MouseButton.LeftButton)

    qtbot.keyClick(
        QApplication.focusWidget(), Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier
    )

    qtbot.waitUntil(lambda: not intake.is_correcting())
    (follow_up,) = desk.follow_ups()
    assert follow_up.service_code == service.code
    assert desk.follow_up_contact(follow_up.referral_id).phone == "0401234567"
    assert intake.selected_topic_codes() == ("HOUSING",)  # the set-aside form is back
    assert len(desk.visits_today()) == 1


def test_a_correction_ends_the_undo_offer_of_the_last_save(window, desk, qtbot):
    desk.record_visit(VisitDraft(("JOB",)))  # the visit to correct
    window.intake.set_selected_topic_codes(["DIGI"])
    window.intake.request_save()
    qtbot.waitUntil(lambda: window.today.row_count() == 2)
    assert window.saved_notice.is_pending()
    _correct_first_visit(window, qtbot)
    assert not window.saved_notice.is_pending()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert len(desk.visits_today()) == 2  # Ctrl+Z deleted nothing
    assert window.intake.is_correcting()


def test_deleting_the_visit_being_corrected_ends_the_correction(window, desk, qtbot, monkeypatch):
    desk.record_visit(VisitDraft(("JOB",)))
    window.intake.set_selected_topic_codes(["HOUSING"])
    _correct_first_visit(window, qtbot)
    monkeypatch.setattr(ask, "ask_yes_no", lambda *a, **k: True)
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(window.today.table.hasFocus)
    qtbot.keyClick(window.today.table, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: window.today.row_count() == 0)
    assert not window.intake.is_correcting()
    assert window.intake.selected_topic_codes() == ("HOUSING",)
