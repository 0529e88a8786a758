"""Today's list (delete with confirmation, visitors per hour) and the Follow-ups screen."""

import datetime as dt
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt

from desk_app.domain.codes import ReferralStatus
from desk_app.domain.followup import ContactDetails, FollowUpRequest
from desk_app.domain.visit import VisitDraft
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
