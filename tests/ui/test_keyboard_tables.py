"""Keyboard use of the Today and Follow-ups tabs and the follow-up dialog, as a keyboard-only
desk worker meets them: Tab leaves the tables and reaches every control of the page in order,
the tables select a row when entered, and the dialog accepts on Ctrl+Enter.
"""

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desk_app.domain.codes import ReferralStatus
from desk_app.domain.followup import ContactDetails, FollowUpRequest
from desk_app.domain.visit import VisitDraft
from ui.dialogs.follow_up_dialog import FollowUpDialog
from ui.followups.follow_ups_widget import FollowUpsWidget
from ui.models.follow_up_table_model import Column


def record_follow_ups(desk, count=1):
    """Visits each referred to a service with a follow-up and a phone number; their codes."""
    codes = [s.code for s in desk.active_services()[:count]]
    for code in codes:
        contact = ContactDetails("Ask how it went", desk.default_contact_expiry(), phone="040123")
        desk.record_visit(
            VisitDraft(("JOB",), referral_codes=(code,)),
            follow_ups=[FollowUpRequest(code, desk.default_follow_up_due(), contact)],
        )
    return codes


def press(qtbot, key, modifier=Qt.KeyboardModifier.NoModifier):
    """Press a key where the focus is, as the user does; the widget that has the focus after."""
    qtbot.keyClick(QApplication.focusWidget(), key, modifier)
    return QApplication.focusWidget()


def focus_tab_bar(window, qtbot, page):
    window.bottom_tabs.setCurrentWidget(page)
    tab_bar = window.bottom_tabs.tabBar()
    tab_bar.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(tab_bar.hasFocus)


def test_tab_goes_from_the_today_table_to_edit_and_delete(window, desk, qtbot):
    desk.record_visit(VisitDraft(("JOB",)))
    desk.record_visit(VisitDraft(("DIGI",)))
    window.refresh_today()
    today = window.today
    focus_tab_bar(window, qtbot, today)

    assert press(qtbot, Qt.Key.Key_Tab) is today.table
    assert today.selected_visit_id() is not None  # entered by keyboard: a row to act on
    assert today.edit_button.isEnabled() and today.delete_button.isEnabled()
    assert press(qtbot, Qt.Key.Key_Tab) is today.edit_button  # not the next cell
    assert press(qtbot, Qt.Key.Key_Tab) is today.delete_button
    assert press(qtbot, Qt.Key.Key_Backtab) is today.edit_button
    assert press(qtbot, Qt.Key.Key_Backtab) is today.table
    assert press(qtbot, Qt.Key.Key_Backtab) is window.bottom_tabs.tabBar()


def test_tab_reaches_every_control_of_the_follow_ups_page_in_order(window, desk, qtbot):
    record_follow_ups(desk, count=2)
    window.refresh_follow_ups()
    page = window.followups
    focus_tab_bar(window, qtbot, page)

    assert press(qtbot, Qt.Key.Key_Tab) is page.table
    assert page.current_item() is not None
    expected = [
        page.reason_edit,
        page.status_buttons[ReferralStatus.CONTACTED],
        page.status_buttons[ReferralStatus.GOT_SERVICE],
        page.status_buttons[ReferralStatus.DID_NOT],
        page.status_buttons[ReferralStatus.UNKNOWN],
        page.show_closed,
        page.contact_button,
    ]
    reached = [press(qtbot, Qt.Key.Key_Tab) for _ in expected]
    assert reached == expected
    for widget in reversed(expected[:-1]):
        assert press(qtbot, Qt.Key.Key_Backtab) is widget
    assert press(qtbot, Qt.Key.Key_Backtab) is page.table


def test_the_service_column_gets_the_room_and_dates_keep_theirs(qtbot, desk):
    widget = FollowUpsWidget()
    qtbot.addWidget(widget)
    widget.resize(1200, 300)
    widget.show()
    qtbot.waitExposed(widget)
    header = widget.table.horizontalHeader()
    date_width = widget.table.fontMetrics().horizontalAdvance("00.00.0000")
    # Empty: the date columns do not collapse to their labels.
    assert header.sectionSize(Column.DUE) > date_width
    assert header.sectionSize(Column.VISIT_DAY) > date_width

    record_follow_ups(desk, count=3)
    items = desk.follow_ups()
    widget.set_items(items, desk.today())
    longest = max(widget.model.index(r, Column.SERVICE).data() for r in range(len(items)))
    metrics = widget.table.fontMetrics()
    qtbot.waitUntil(
        lambda: header.sectionSize(Column.SERVICE) > metrics.horizontalAdvance(longest) + 8
    )
    assert header.sectionSize(Column.SERVICE) == max(
        header.sectionSize(c) for c in range(widget.model.columnCount())
    )


def make_dialog(qtbot, today=dt.date(2025, 3, 3)):
    dialog = FollowUpDialog(
        "KELA", "Kela", today, today + dt.timedelta(days=14), today + dt.timedelta(days=90)
    )
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()  # its shortcuts answer only in the active window
    qtbot.waitExposed(dialog)
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def test_follow_up_dialog_fields_fit_the_purpose_placeholder(qtbot):
    dialog = make_dialog(qtbot)
    edit = dialog.purpose_edit
    assert edit.width() > edit.fontMetrics().horizontalAdvance(edit.placeholderText())
    assert dialog.phone_edit.width() == edit.width()  # all the text fields take the width


def test_missing_purpose_puts_the_focus_on_the_purpose_field(qtbot):
    dialog = make_dialog(qtbot)
    dialog.consent.setChecked(True)
    qtbot.keyClicks(dialog.phone_edit, "0401234567")
    qtbot.mouseClick(
        dialog.buttons.button(dialog.buttons.StandardButton.Ok), Qt.MouseButton.LeftButton
    )
    assert dialog.isVisible() and dialog.error_label.text()
    qtbot.waitUntil(dialog.purpose_edit.hasFocus)


def test_ctrl_enter_accepts_the_dialog_like_ok(qtbot):
    for key, modifiers in (
        (Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier),
        (
            Qt.Key.Key_Enter,
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.KeypadModifier,
        ),
    ):
        dialog = make_dialog(qtbot)
        dialog.consent.setChecked(True)
        qtbot.keyClicks(dialog.phone_edit, "0401234567")
        qtbot.keyClicks(dialog.purpose_edit, "ask how it went")
        with qtbot.waitSignal(dialog.accepted):
            qtbot.keyClick(dialog.purpose_edit, key, modifiers)
        assert dialog.request is not None
        assert dialog.request.contact.purpose == "ask how it went"


def test_ctrl_enter_with_a_missing_purpose_keeps_the_dialog_open(qtbot):
    dialog = make_dialog(qtbot)
    dialog.consent.setChecked(True)
    qtbot.keyClicks(dialog.phone_edit, "0401234567")
    qtbot.keyClick(dialog.phone_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert dialog.isVisible() and dialog.request is None
    qtbot.waitUntil(dialog.purpose_edit.hasFocus)
