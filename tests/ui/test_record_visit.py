"""Recording a visit from the keyboard, and what the desk sees when it succeeds or fails."""

from PySide6.QtCore import Qt

from desk_app.domain.visit import VisitDraft
from desk_app.i18n import _, ngettext
from desk_app.labels import format_time


def test_number_key_toggles_the_topic_chip(window, qtbot):
    first = window.intake.chips.chips()[0]
    assert first.text().startswith("1 ")
    window.finder.list_view.setFocus()
    qtbot.keyClick(window.finder.list_view, Qt.Key.Key_1)
    qtbot.waitUntil(first.isChecked)
    assert window.intake.selected_topic_codes() == ("JOB",)
    qtbot.keyClick(window.finder.list_view, Qt.Key.Key_1)
    qtbot.waitUntil(lambda: not first.isChecked())


def test_digits_typed_in_the_search_box_stay_in_the_search_box(window, qtbot):
    window.finder.search_edit.setFocus()
    qtbot.keyClicks(window.finder.search_edit, "30")
    assert window.finder.search_edit.text() == "30"
    assert window.intake.selected_topic_codes() == ()


def test_topic_referral_and_ctrl_enter_record_a_visit(window, desk, qtbot):
    assert window.today.row_count() == 0
    window.finder.list_view.setFocus()
    qtbot.keyClick(window.finder.list_view, Qt.Key.Key_3)
    qtbot.waitUntil(lambda: window.intake.selected_topic_codes() == ("BENEFIT",))

    qtbot.keyClicks(window.finder.search_edit, "unemployment benefit")
    qtbot.keyClick(window.finder.search_edit, Qt.Key.Key_Down)
    code = window.finder.current_code()
    assert code == "KELA-UNEMPLOYMENT-BENEFIT"
    qtbot.keyClick(window.finder.list_view, Qt.Key.Key_Return)
    assert window.intake.referral_codes() == (code,)

    qtbot.keyClick(window.finder.list_view, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.today.row_count() == 1)

    visits = desk.visits_today()
    assert len(visits) == 1
    assert visits[0].topic_codes == ("BENEFIT",)
    assert visits[0].referral_codes == (code,)
    local = visits[0].occurred_at.astimezone(desk.tz)
    saved = _("Visit saved at {time}.").format(time=format_time(local))
    assert window.saved_notice.text_label.text() == saved
    assert window.saved_notice.undo_button.isVisible()
    assert window.today.count_label.text() == ngettext(
        "Today: {n} visit", "Today: {n} visits", 1
    ).format(n=1)
    topics_cell = window.today.model.index(0, 3).data()
    assert topics_cell == "Unemployment benefits"
    referrals_cell = window.today.model.index(0, 4).data()
    assert referrals_cell == window.finder.find_service(code).name.text("en")
    # Ready for the next visitor: the search is cleared and lists every service again.
    assert window.finder.search_edit.text() == ""
    assert window.finder.visible_count() == window.finder.service_count()
    # Per-visit choices clear; the sticky defaults stay for the next visitor.
    assert window.intake.selected_topic_codes() == ()
    assert window.intake.referral_codes() == ()
    assert window.intake.error_text() == ""


def test_sticky_channel_survives_a_save(window, qtbot):
    combo = window.intake.channel_combo
    combo.setCurrentIndex(combo.findText(_("Phone")))
    window.intake.set_selected_topic_codes(["OTHER"])
    qtbot.mouseClick(window.intake.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.today.row_count() == 1)
    assert combo.currentText() == _("Phone")
    assert window.today.model.index(0, 1).data() == _("Phone")


def test_saving_without_a_topic_explains_and_keeps_the_referral(window, desk, qtbot):
    window.finder.select_code("DEBT-ADVICE")
    qtbot.keyClick(window.finder.list_view, Qt.Key.Key_Return)
    assert window.intake.referral_codes() == ("DEBT-ADVICE",)

    qtbot.mouseClick(window.intake.save_button, Qt.MouseButton.LeftButton)

    qtbot.waitUntil(window.intake.error_label.isVisible)
    assert window.intake.error_text() == _("Choose at least one topic.")
    assert window.intake.referral_codes() == ("DEBT-ADVICE",)
    assert window.intake.referrals.rowCount() == 1
    assert window.today.row_count() == 0
    assert desk.visits_today() == []

    # Fixing the mistake hides the message and saves what was kept.
    window.intake.set_selected_topic_codes(["MONEY"])
    assert not window.intake.error_label.isVisible()
    window.intake.request_save()
    qtbot.waitUntil(lambda: window.today.row_count() == 1)
    assert desk.visits_today()[0].referral_codes == ("DEBT-ADVICE",)


def test_remove_button_takes_a_referral_off_the_visit(window, qtbot):
    window.intake.add_referral("STARTTIRAHA", "Start-up grant")
    window.intake.add_referral("DEBT-ADVICE", "Financial and debt counselling")
    view = window.intake.referral_view
    view.setCurrentIndex(window.intake.referrals.index(0, 0))
    assert window.intake.remove_button.isEnabled()
    qtbot.mouseClick(window.intake.remove_button, Qt.MouseButton.LeftButton)
    assert window.intake.referral_codes() == ("DEBT-ADVICE",)


def test_ctrl_enter_saves_while_typing_in_the_search_box(window, qtbot):
    window.intake.set_selected_topic_codes(["DIGI"])
    qtbot.keyClicks(window.finder.search_edit, "library")
    qtbot.keyClick(window.finder.search_edit, Qt.Key.Key_Enter, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.today.row_count() == 1)
    assert window.finder.search_edit.text() == ""  # saved, and cleared for the next visitor


def test_f5_shows_visits_recorded_elsewhere(window, desk, qtbot):
    desk.record_visit(VisitDraft(topic_codes=("HOUSING",)))
    assert window.today.row_count() == 0
    qtbot.keyClick(window.finder.list_view, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: window.today.row_count() == 1)
