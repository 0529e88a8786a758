"""The intake's fast paths, driven by the keyboard: a typical visit, Repeat last, Undo, sticky
defaults, a late entry and a batch tally. Keys go to whatever has the focus, as on a real desk, and
the tests count the inputs the desk needs (characters typed into a search box not included).
"""

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy.orm import Session

from desk_app.bootstrap import bootstrap
from desk_app.db import models as m
from desk_app.domain.codes import DurationBand, Interpreter, VisitChannel, VisitorType
from desk_app.i18n import _
from ui.main_window import MainWindow

CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier


class Keyboard:
    """Presses keys where the focus is, counting every key press (a chord counts once)."""

    def __init__(self, qtbot) -> None:
        self.qtbot = qtbot
        self.inputs = 0

    def target(self):
        widget = QApplication.focusWidget()
        assert widget is not None, "nothing has the keyboard focus"
        return widget

    def press(self, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
        self.qtbot.keyClick(self.target(), key, modifier)
        self.inputs += 1

    def type(self, text: str) -> None:
        """Characters typed into a text box: not counted as inputs (ASCII only)."""
        self.qtbot.keyClicks(self.target(), text)


def stored_visits(ctx) -> list[m.Visit]:
    with Session(ctx.engine) as session:
        return list(session.query(m.Visit).order_by(m.Visit.recorded_at))


def make_window(qtbot, ctx) -> MainWindow:
    main = MainWindow(ctx.desk, log_file=ctx.log_file)
    qtbot.addWidget(main)
    main.show()
    main.activateWindow()
    qtbot.waitExposed(main)
    qtbot.waitUntil(main.isActiveWindow)
    return main


def typical_visit(window, desk, qtbot, keys: Keyboard) -> None:
    """One topic key, search and pick one service, save."""
    keys.press(Qt.Key.Key_3)  # topic 3: unemployment benefits
    keys.press(Qt.Key.Key_F2)  # into the service search
    keys.type("unemployment benefit")
    keys.press(Qt.Key.Key_Down)
    keys.press(Qt.Key.Key_Return)  # refer the service
    keys.press(Qt.Key.Key_Return, CTRL)  # save
    qtbot.waitUntil(lambda: window.today.row_count() == 1)


def test_a_typical_visit_takes_at_most_six_inputs(window, desk, ctx, qtbot):
    keys = Keyboard(qtbot)
    typical_visit(window, desk, qtbot, keys)

    assert keys.inputs <= 6
    [visit] = desk.visits_today()
    assert visit.topic_codes == ("BENEFIT",)
    assert visit.referral_codes == ("KELA-UNEMPLOYMENT-BENEFIT",)
    # Ready for the next visitor: the focus is back on the topics, so a number key works.
    assert window.intake.selected_topic_codes() == ()
    keys.press(Qt.Key.Key_1)
    assert window.intake.selected_topic_codes() == ("JOB",)


def _comparable(visit: m.Visit) -> dict:
    skip = {"id", "occurred_at", "recorded_at", "updated_at"}
    return {c.name: getattr(visit, c.name) for c in m.Visit.__table__.columns if c.name not in skip}


def test_repeat_last_then_ctrl_enter_records_the_same_visit_in_two_inputs(window, desk, ctx, qtbot):
    typical_visit(window, desk, qtbot, Keyboard(qtbot))

    keys = Keyboard(qtbot)
    keys.press(Qt.Key.Key_F3)  # Visit → Repeat last visit
    keys.press(Qt.Key.Key_Return, CTRL)
    qtbot.waitUntil(lambda: window.today.row_count() == 2)

    assert keys.inputs <= 2
    first, second = desk.visits_today()[::-1]
    assert second.topic_codes == first.topic_codes == ("BENEFIT",)
    assert second.referral_codes == first.referral_codes
    rows = stored_visits(ctx)
    assert len(rows) == 2
    assert _comparable(rows[0]) == _comparable(rows[1])


def test_repeat_last_after_a_restart_repeats_the_latest_visit_of_this_desk(qtbot, tmp_path):
    ctx = bootstrap(tmp_path / "data")
    try:
        window = make_window(qtbot, ctx)
        window.intake.set_selected_topic_codes(["HOUSING"])
        window.intake.add_referral("KELA-HOUSING-ALLOWANCE", "Housing allowance")
        window.intake.interpreter_combo.set_current_code(Interpreter.REMOTE.value)
        window.intake.request_save()
        qtbot.waitUntil(lambda: window.today.row_count() == 1)
        window.close()
        again = make_window(qtbot, ctx)

        keys = Keyboard(qtbot)
        keys.press(Qt.Key.Key_F3)

        assert again.intake.selected_topic_codes() == ("HOUSING",)
        assert again.intake.referral_codes() == ("KELA-HOUSING-ALLOWANCE",)
        assert again.intake.interpreter_combo.current_code() == Interpreter.REMOTE.value
    finally:
        ctx.close()


def test_repeat_last_with_nothing_saved_says_so(window, qtbot):
    qtbot.keyClick(window.finder.list_view, Qt.Key.Key_F3)
    assert window.statusBar().currentMessage() == _("No visit to repeat yet.")
    assert window.intake.selected_topic_codes() == ()


def test_ctrl_z_soon_after_saving_deletes_the_visit_and_restores_the_form(window, desk, ctx, qtbot):
    intake = window.intake
    intake.set_selected_topic_codes(["MONEY"])
    intake.add_referral("DEBT-ADVICE", "Financial and debt counselling")
    intake.count_spin.setValue(3)
    intake.bands.set_bands(True)
    intake.bands.age_combo.setCurrentIndex(2)
    intake.request_save()
    qtbot.waitUntil(lambda: window.today.row_count() == 1)
    assert intake.selected_topic_codes() == ()
    assert window.saved_notice.undo_button.isVisible()
    saved_text = window.saved_notice.text_label.text()
    assert saved_text.startswith(_("Visit saved at {time}.").split("{")[0])

    # Ctrl+Z is also a text box's own undo; while the save can be undone, the save wins.
    window.finder.search_edit.setFocus()
    qtbot.waitUntil(window.finder.search_edit.hasFocus)
    Keyboard(qtbot).press(Qt.Key.Key_Z, CTRL)

    qtbot.waitUntil(lambda: window.today.row_count() == 0)
    assert stored_visits(ctx) == []
    assert intake.selected_topic_codes() == ("MONEY",)
    assert intake.referral_codes() == ("DEBT-ADVICE",)
    assert intake.count_spin.value() == 3
    assert intake.bands.agreed() and intake.bands.age_combo.currentIndex() == 2
    assert not window.saved_notice.undo_button.isVisible()
    # Saving again records it once more.
    qtbot.keyClick(window.finder.search_edit, Qt.Key.Key_Return, CTRL)
    qtbot.waitUntil(lambda: window.today.row_count() == 1)
    assert stored_visits(ctx)[0].visitor_count == 3


def test_ctrl_z_after_typing_undoes_the_typing_not_the_save(window, ctx, qtbot):
    window.intake.set_selected_topic_codes(["JOB"])
    qtbot.keyClicks(window.finder.search_edit, "kela")
    window.intake.request_save()
    qtbot.waitUntil(lambda: window.today.row_count() == 1)
    edit = window.finder.search_edit
    assert edit.text() == ""  # cleared for the next visitor
    edit.setFocus()
    qtbot.waitUntil(edit.hasFocus)
    qtbot.keyClicks(edit, "tyo")  # the next visitor's search has begun

    Keyboard(qtbot).press(Qt.Key.Key_Z, CTRL)

    assert edit.text() != "tyo"  # the typing was undone …
    assert len(stored_visits(ctx)) == 1  # … not the save, which the button still offers
    assert window.today.row_count() == 1
    assert window.saved_notice.undo_button.isVisible()


def test_the_undo_button_undoes_too(window, qtbot, ctx):
    window.intake.set_selected_topic_codes(["DIGI"])
    window.intake.request_save()
    qtbot.waitUntil(lambda: window.today.row_count() == 1)
    qtbot.mouseClick(window.saved_notice.undo_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.today.row_count() == 0)
    assert window.intake.selected_topic_codes() == ("DIGI",)


def test_after_the_timeout_ctrl_z_no_longer_undoes(window, desk, ctx, qtbot):
    window.saved_notice.timeout_ms = 50
    window.intake.set_selected_topic_codes(["OTHER"])
    window.intake.request_save()
    qtbot.waitUntil(lambda: window.today.row_count() == 1)
    assert window.saved_notice.is_pending()

    qtbot.waitUntil(lambda: not window.saved_notice.undo_button.isVisible(), timeout=2000)
    assert not window.saved_notice.undo_action.isEnabled()
    window.intake.focus_topics()
    Keyboard(qtbot).press(Qt.Key.Key_Z, CTRL)

    assert len(stored_visits(ctx)) == 1
    assert window.today.row_count() == 1
    assert window.intake.selected_topic_codes() == ()
    # The line edits have their own Ctrl+Z back.
    edit = window.finder.search_edit
    edit.setFocus()
    qtbot.keyClicks(edit, "abc")
    qtbot.keyClick(edit, Qt.Key.Key_Z, CTRL)
    assert edit.text() != "abc"


@pytest.fixture
def data_dir(tmp_path):
    return tmp_path / "sticky-data"


def test_sticky_defaults_survive_a_save_and_a_restart(qtbot, data_dir):
    ctx = bootstrap(data_dir)
    try:
        window = make_window(qtbot, ctx)
        intake = window.intake
        intake.channel_combo.set_current_code(VisitChannel.PHONE.value)
        intake.visitor_combo.set_current_code(VisitorType.ENTREPRENEUR.value)
        intake.language_combo.set_current_code("en")
        intake.interpreter_combo.set_current_code(Interpreter.STAFF.value)
        intake.duration_combo.set_current_code(DurationBand.MIN_30_60.value)
        intake.set_selected_topic_codes(["START"])
        intake.request_save()
        qtbot.waitUntil(lambda: window.today.row_count() == 1)
        sticky = intake.sticky_values()
        assert sticky == {
            "channel": "phone",
            "visitor_type": "entrepreneur",
            "language": "en",
            "interpreter": "staff",
            "duration": "30_60",
        }
        window.close()
    finally:
        ctx.close()

    restarted = bootstrap(data_dir)
    try:
        again = make_window(qtbot, restarted)
        assert again.intake.sticky_values() == sticky
        assert again.intake.channel_combo.currentText() == _("Phone")
    finally:
        restarted.close()


def test_a_back_dated_visit_keeps_its_time_and_the_real_entry_time(window, desk, ctx, qtbot):
    earlier = (desk.now() - dt.timedelta(days=2)).astimezone(desk.tz).replace(hour=9, minute=30)
    window.intake.time.set_occurred_at(earlier)
    assert not window.intake.time.follows_now()
    window.intake.set_selected_topic_codes(["JOB"])
    window.intake.request_save()
    qtbot.waitUntil(lambda: len(stored_visits(ctx)) == 1)

    [row] = stored_visits(ctx)
    assert row.occurred_at == earlier.replace(second=0, microsecond=0)
    assert row.recorded_at > row.occurred_at + dt.timedelta(days=1)
    # The notice names the visit's time and the time it was saved.
    notice = window.saved_notice.text_label.text()
    assert notice.startswith(_("Visit of {visit_time} saved at {time}.").split("{")[0])
    assert "09.30" in notice or "9.30" in notice or "09:30" in notice
    # The next visit is "now" again.
    assert window.intake.time.follows_now()


def test_typing_an_earlier_time_into_the_time_box(window, desk, ctx, qtbot):
    intake = window.intake
    local_now = desk.now().astimezone(desk.tz)
    if local_now.hour == 0:
        pytest.skip("no earlier hour today to type")
    keys = Keyboard(qtbot)
    keys.press(Qt.Key.Key_T, ALT)  # Time of visit; arriving selects the hour
    qtbot.waitUntil(intake.time.edit.hasFocus)
    keys.type("0000")  # midnight today: hours then minutes
    qtbot.waitUntil(lambda: not intake.time.follows_now())

    typed = intake.time.occurred_at()
    assert typed is not None
    assert typed.astimezone(desk.tz).date() == local_now.date()
    assert (typed.hour, typed.minute) == (0, 0)


def test_a_future_time_is_refused_at_once_and_on_save(window, desk, ctx, qtbot):
    intake = window.intake
    edit = intake.time.edit
    intake.set_selected_topic_codes(["JOB"])
    keys = Keyboard(qtbot)
    keys.press(Qt.Key.Key_T, ALT)
    qtbot.waitUntil(edit.hasFocus)
    edit.setSelectedSection(edit.Section.YearSection)
    keys.press(Qt.Key.Key_Up)  # next year
    assert intake.error_text() == _("The visit time is in the future.")

    window.intake.focus_topics()
    keys.press(Qt.Key.Key_Return, CTRL)
    assert intake.error_text() == _("The visit time is in the future.")
    assert stored_visits(ctx) == []
    qtbot.waitUntil(edit.hasFocus)  # the form points at what to fix
    # "Now" fixes it.
    qtbot.mouseClick(intake.time.now_button, Qt.MouseButton.LeftButton)
    assert intake.error_text() == ""
    intake.request_save()
    qtbot.waitUntil(lambda: len(stored_visits(ctx)) == 1)


def test_a_batch_tally_of_seven_is_one_row_with_seven_visitors(window, desk, ctx, qtbot):
    keys = Keyboard(qtbot)
    keys.press(Qt.Key.Key_1)  # job search
    keys.press(Qt.Key.Key_M, ALT)  # Number of visitors (the whole number is selected)
    qtbot.waitUntil(window.intake.count_spin.hasFocus)
    keys.type("7")
    assert window.intake.save_button.text() == "Save 7 visitors (Ctrl+Enter)"
    keys.press(Qt.Key.Key_Return, CTRL)
    qtbot.waitUntil(lambda: window.today.row_count() == 1)

    [row] = stored_visits(ctx)
    assert row.visitor_count == 7
    assert desk.visits_today()[0].visitor_count == 7
    assert window.intake.count_spin.value() == 1  # the next save is one visitor again


def test_f3_says_the_last_visit_is_back_in_the_form(window, qtbot):
    window.intake.set_selected_topic_codes(["DIGI"])
    window.intake.request_save()
    qtbot.waitUntil(lambda: window.today.row_count() == 1)
    Keyboard(qtbot).press(Qt.Key.Key_F3)
    assert window.intake.selected_topic_codes() == ("DIGI",)
    assert window.statusBar().currentMessage() == _(
        "The last visit is in the form again: check it and press Ctrl+Enter."
    )


def test_esc_empties_the_topic_search(window, qtbot):
    edit = window.intake.topic_finder
    edit.setFocus()
    qtbot.waitUntil(edit.hasFocus)
    qtbot.keyClicks(edit, "asum")
    qtbot.keyClick(edit, Qt.Key.Key_Escape)
    qtbot.keyClick(edit, Qt.Key.Key_Escape)  # the first may only close the suggestions
    assert edit.text() == ""


def test_tabbing_into_the_referrals_selects_one_so_remove_works(window, qtbot):
    intake = window.intake
    intake.add_referral("DEBT-ADVICE", "Debt advice")
    assert not intake.remove_button.isEnabled()  # nothing selected yet
    intake.bands.agreed_check.setFocus()  # the control before the referrals
    qtbot.waitUntil(intake.bands.agreed_check.hasFocus)
    qtbot.keyClick(intake.bands.agreed_check, Qt.Key.Key_Tab)
    qtbot.waitUntil(intake.referral_view.hasFocus)
    assert intake.remove_button.isEnabled()
    qtbot.keyClick(intake.referral_view, Qt.Key.Key_Delete)
    assert intake.referral_codes() == ()


def test_f3_asks_before_replacing_what_is_typed(window, qtbot, monkeypatch):
    from ui.dialogs import ask

    window.intake.set_selected_topic_codes(["DIGI"])
    window.intake.request_save()
    qtbot.waitUntil(lambda: window.today.row_count() == 1)
    window.intake.set_selected_topic_codes(["HOUSING", "MONEY"])  # the next visitor's
    questions = []
    monkeypatch.setattr(ask, "ask_yes_no", lambda *a, **k: questions.append(a) or False)
    Keyboard(qtbot).press(Qt.Key.Key_F3)
    assert len(questions) == 1
    assert set(window.intake.selected_topic_codes()) == {"HOUSING", "MONEY"}  # kept
    monkeypatch.setattr(ask, "ask_yes_no", lambda *a, **k: True)
    Keyboard(qtbot).press(Qt.Key.Key_F3)
    assert window.intake.selected_topic_codes() == ("DIGI",)
