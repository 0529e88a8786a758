"""The whole desk flow by keyboard alone, on the real window: record, search, refer, follow-up with
consented contact details, save, undo, save again, correct from Today, delete, and close the
follow-up. Every key goes to whatever has the focus, as on a real desk; the dialogs are answered by
keyboard too. Alt+letter shortcuts are read from the labels, so the test follows their letters.
"""

from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QWidget

from desk_app.domain.codes import ReferralStatus

ALT = Qt.KeyboardModifier.AltModifier
CTRL = Qt.KeyboardModifier.ControlModifier


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has the keyboard focus"
    return widget


def press(key, modifier=Qt.KeyboardModifier.NoModifier, to: QWidget | None = None) -> None:
    QTest.keyClick(to or focused(), key, modifier)


def type_text(text: str) -> None:
    QTest.keyClicks(focused(), text)


def alt_key(text: str) -> Qt.Key:
    """The key of a label's underlined letter ("Visitor agreed to answer the &questions" → Q)."""
    letter = text[text.index("&") + 1].upper()
    return getattr(Qt.Key, f"Key_{letter}")


def focused_in(dialog: QWidget) -> QWidget | None:
    widget = QApplication.focusWidget()
    return widget if widget is not None and dialog.isAncestorOf(widget) else None


def answer_next_dialog(qtbot, answer) -> list:
    """Run ``answer(dialog)`` once the next modal dialog is up. The list gets True when it ran, or
    the exception it raised (the dialog is then closed, so the test fails instead of hanging)."""
    ran: list = []

    def attempt() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None or not dialog.isActiveWindow() or focused_in(dialog) is None:
            QTimer.singleShot(20, attempt)
            return
        try:
            answer(dialog)
        except Exception as exc:
            ran.append(exc)
            dialog.reject()
        else:
            ran.append(True)

    QTimer.singleShot(0, attempt)
    return ran


def wait_answered(qtbot, ran: list) -> None:
    """Wait for the dialog's answer; then the window is active again, as a window manager makes
    it when a dialog closes (the offscreen platform has none)."""
    qtbot.waitUntil(lambda: ran != [])
    if isinstance(ran[0], Exception):
        raise ran[0]
    from ui.main_window import MainWindow

    window = QApplication.activeModalWidget() or next(
        w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()
    )
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)


def test_the_whole_flow_by_keyboard(window, desk, qtbot):
    intake, finder, today, followups = window.intake, window.finder, window.today, window.followups
    first_topic = intake.chips.chips()[0]

    # Record: the focus starts on the topics; "1" picks the first one.
    qtbot.waitUntil(lambda: isinstance(focused(), QAbstractButton))
    press(Qt.Key.Key_1)
    assert intake.selected_topic_codes() == (desk.topics()[0].code,)
    assert first_topic.isChecked()

    # Search and refer: F2, type, ↓ into the results, Enter adds the service.
    press(Qt.Key.Key_F2)
    qtbot.waitUntil(finder.search_edit.hasFocus)
    type_text("kela")
    press(Qt.Key.Key_Down)
    code = finder.current_code()
    assert code is not None and code.startswith("KELA-")
    press(Qt.Key.Key_Return)
    assert intake.referral_codes() == (code,)

    # Follow-up: to the referrals (Alt+letter of the check box before them, then Tab), Tab to
    # Follow-up…, Space; the dialog is answered by keyboard.
    press(alt_key(intake.bands.agreed_check.text()), ALT)
    qtbot.waitUntil(intake.bands.agreed_check.hasFocus)
    press(Qt.Key.Key_Tab)
    qtbot.waitUntil(intake.referral_view.hasFocus)
    press(Qt.Key.Key_Tab)
    press(Qt.Key.Key_Tab)
    assert focused() is intake.follow_up_button

    def fill_follow_up(dialog) -> None:
        press(alt_key(dialog.consent.text()), ALT)  # toggles the consent box
        qtbot.waitUntil(dialog.consent.isChecked)  # a mnemonic "clicks" after a short moment
        phone_label = next(
            label for label in dialog.findChildren(QLabel) if label.buddy() is dialog.phone_edit
        )
        press(alt_key(phone_label.text()), ALT)
        type_text("040 123 4567")
        purpose_label = next(
            label for label in dialog.findChildren(QLabel) if label.buddy() is dialog.purpose_edit
        )
        press(alt_key(purpose_label.text()), ALT)
        type_text("Ask whether the decision came")
        press(Qt.Key.Key_Return, CTRL)

    answered = answer_next_dialog(qtbot, fill_follow_up)
    press(Qt.Key.Key_Space)
    wait_answered(qtbot, answered)
    assert "(" in intake.referrals.index(0, 0).data()  # the line shows the follow-up

    # Save.
    press(Qt.Key.Key_Return, CTRL)
    qtbot.waitUntil(lambda: today.row_count() == 1)
    assert intake.selected_topic_codes() == () and intake.referral_codes() == ()
    assert [f.service_code for f in desk.follow_ups()] == [code]

    # Undo brings the whole visit back, follow-up included; saving again stores it all again.
    press(Qt.Key.Key_Z, CTRL)
    qtbot.waitUntil(lambda: today.row_count() == 0)
    assert desk.follow_ups() == []
    assert intake.referral_codes() == (code,)
    assert "(" in intake.referrals.index(0, 0).data()
    press(Qt.Key.Key_Return, CTRL)
    qtbot.waitUntil(lambda: today.row_count() == 1)
    (follow_up,) = desk.follow_ups()
    assert desk.follow_up_contact(follow_up.referral_id).phone == "040 123 4567"

    # Correct it from Today: Ctrl+1, Enter, pick topic 2 as well, Ctrl+Enter.
    press(Qt.Key.Key_1, CTRL)
    qtbot.waitUntil(today.table.hasFocus)
    press(Qt.Key.Key_Return)
    assert intake.is_correcting()
    qtbot.waitUntil(lambda: isinstance(focused(), QAbstractButton))
    press(Qt.Key.Key_2)
    press(Qt.Key.Key_Return, CTRL)
    qtbot.waitUntil(lambda: not intake.is_correcting())
    (visit,) = desk.visits_today()
    assert len(visit.topic_codes) == 2

    # Close the follow-up on its tab: Ctrl+2, Tab to the reason, type, Tab to a status, Space,
    # and agree (Enter) to delete the contact details at once.
    press(Qt.Key.Key_2, CTRL)
    qtbot.waitUntil(followups.table.hasFocus)
    press(Qt.Key.Key_Tab)
    type_text("Got the decision")
    got_it = followups.status_buttons[ReferralStatus.GOT_SERVICE]
    for _ in range(8):
        if focused() is got_it:
            break
        press(Qt.Key.Key_Tab)
    assert focused() is got_it
    agreed = answer_next_dialog(qtbot, lambda dialog: press(Qt.Key.Key_Y, ALT))
    press(Qt.Key.Key_Space)
    wait_answered(qtbot, agreed)
    qtbot.waitUntil(lambda: desk.follow_ups() == [])
    (closed,) = desk.follow_ups(include_closed=True)
    assert closed.status is ReferralStatus.GOT_SERVICE
    assert desk.follow_up_contact(closed.referral_id) is None

    # Delete the visit from Today: Ctrl+1, Delete, and confirm with the keyboard.
    press(Qt.Key.Key_1, CTRL)
    qtbot.waitUntil(today.table.hasFocus)
    confirmed = answer_next_dialog(qtbot, lambda dialog: press(Qt.Key.Key_Y, ALT))
    press(Qt.Key.Key_Delete)
    wait_answered(qtbot, confirmed)
    qtbot.waitUntil(lambda: today.row_count() == 0)
    assert desk.visits_today() == []
