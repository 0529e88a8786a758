"""Every visit field of the intake ends up in the stored visit; the optional answers only with the
visitor's agreement; a failed save keeps every field; topics beyond 1–9 are found by typing.
"""

import datetime as dt
import uuid

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from sqlalchemy.orm import Session

from desk_app.bootstrap import bootstrap
from desk_app.db import models as m
from desk_app.domain.codes import (
    AgeBand,
    DurationBand,
    Education,
    EuraEntry,
    FirstVisit,
    Gender,
    HomeArea,
    Interpreter,
    LabourStatus,
    Outcome,
    VisitChannel,
    VisitorType,
)
from desk_app.i18n import _
from desk_app.labels import label
from ui.main_window import MainWindow

CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier
PROGRAMME = "TEST-ESF-PLUS"


def add_programme(ctx, code: str, valid_to: dt.date | None) -> None:
    """A programme running today (or ended, with ``valid_to`` in the past)."""
    with Session(ctx.engine) as session:
        org = session.query(m.Organisation).filter_by(code="KEMI-CITY").one()
        programme_id = str(uuid.uuid4())
        session.add(
            m.Programme(
                id=programme_id,
                code=code,
                organisation_id=org.id,
                funding_source="ESF+",
                eura_code="S30000",
                valid_from=dt.date(2024, 1, 1),
                valid_to=valid_to,
            )
        )
        session.flush()
        session.add(
            m.ProgrammeText(programme_id=programme_id, field="name", lang="en", value=code.title())
        )
        session.commit()


@pytest.fixture
def pctx(tmp_path):
    context = bootstrap(tmp_path / "data")
    add_programme(context, PROGRAMME, None)
    add_programme(context, "TEST-ENDED", dt.date(2024, 12, 31))
    yield context
    context.close()


@pytest.fixture
def pwindow(qtbot, pctx):
    main = MainWindow(pctx.desk, log_file=pctx.log_file)
    qtbot.addWidget(main)
    main.show()
    main.activateWindow()
    qtbot.waitExposed(main)
    qtbot.waitUntil(main.isActiveWindow)
    return main


def stored(ctx) -> list[m.Visit]:
    with Session(ctx.engine) as session:
        return list(session.query(m.Visit))


def press(qtbot, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(QApplication.focusWidget(), key, modifier)


def choose(qtbot, mnemonic, combo, code) -> None:
    """Alt+letter to the box, then ↓ until ``code`` is chosen (as a desk worker would)."""
    press(qtbot, mnemonic, ALT)
    qtbot.waitUntil(combo.hasFocus)
    for _step in range(combo.count()):
        if combo.current_code() == code:
            return
        press(qtbot, Qt.Key.Key_Down)
    assert combo.current_code() == code


def test_the_programme_list_offers_running_programmes_only(pwindow):
    combo = pwindow.intake.programme_combo
    assert combo.codes() == [None, PROGRAMME]
    assert combo.itemText(0) == _("No programme")


def test_every_field_is_stored_with_the_visit(pwindow, pctx, qtbot):
    intake = pwindow.intake
    press(qtbot, Qt.Key.Key_5)  # topic 5
    intake.add_referral("LAPPIA-ADULT-EDUCATION", "Adult education")
    choose(qtbot, Qt.Key.Key_C, intake.channel_combo, VisitChannel.EVENT.value)
    choose(qtbot, Qt.Key.Key_L, intake.language_combo, "uk")
    choose(qtbot, Qt.Key.Key_I, intake.interpreter_combo, Interpreter.ON_SITE.value)
    choose(qtbot, Qt.Key.Key_O, intake.outcome_combo, Outcome.APPOINTMENT_BOOKED.value)
    choose(qtbot, Qt.Key.Key_P, intake.programme_combo, PROGRAMME)
    choose(qtbot, Qt.Key.Key_Y, intake.eura_combo, EuraEntry.DONE.value)
    # Combo boxes the menu bar's mnemonics share a letter with are set directly.
    intake.visitor_combo.set_current_code(VisitorType.PROFESSIONAL.value)
    intake.duration_combo.set_current_code(DurationBand.OVER_60.value)
    press(qtbot, Qt.Key.Key_Q, ALT)  # Visitor agreed to answer
    qtbot.waitUntil(intake.bands.agreed)
    qtbot.waitUntil(intake.bands.panel.isVisible)
    bands = intake.bands
    choose(qtbot, Qt.Key.Key_R, bands.gender_combo, Gender.OTHER.value)
    choose(qtbot, Qt.Key.Key_B, bands.age_combo, AgeBand.AGE_55_64.value)
    choose(qtbot, Qt.Key.Key_K, bands.labour_combo, LabourStatus.UNEMPLOYED_LONG.value)
    choose(qtbot, Qt.Key.Key_U, bands.education_combo, Education.ISCED_3_4.value)
    # Home area and first visit follow education in the tab order.
    press(qtbot, Qt.Key.Key_Tab)
    qtbot.waitUntil(bands.home_combo.hasFocus)
    press(qtbot, Qt.Key.Key_Down)
    press(qtbot, Qt.Key.Key_Down)
    assert bands.home_combo.current_code() == HomeArea.MERI_LAPPI.value
    press(qtbot, Qt.Key.Key_Tab)
    qtbot.waitUntil(bands.first_visit_combo.hasFocus)
    press(qtbot, Qt.Key.Key_Down)
    assert bands.first_visit_combo.current_code() == FirstVisit.YES.value

    press(qtbot, Qt.Key.Key_Return, CTRL)
    qtbot.waitUntil(lambda: pwindow.today.row_count() == 1)

    [row] = stored(pctx)
    assert (row.channel, row.visitor_type, row.language) == ("event", "professional", "uk")
    assert (row.interpreter, row.duration_band) == ("on_site", "gt60")
    assert row.outcome == "appointment_booked"
    assert row.eura_entry == "done"
    assert row.visitor_count == 1
    assert row.bands_agreed is True
    assert (row.gender, row.age_band, row.labour_status) == (
        "other",
        "55_64",
        "unemployed_12m_plus",
    )
    assert (row.education, row.home_area, row.first_visit) == ("isced_3_4", "meri_lappi", "yes")
    with Session(pctx.engine) as session:
        programme = session.get(m.Programme, row.programme_id)
        assert programme is not None and programme.code == PROGRAMME
    [visit] = pctx.desk.visits_today()
    assert visit.topic_codes == ("EDUCATION",)
    assert visit.referral_codes == ("LAPPIA-ADULT-EDUCATION",)
    # The per-person fields start afresh for the next visitor; the sticky ones stay.
    assert not intake.bands.agreed() and not intake.bands.panel.isVisible()
    assert intake.eura_combo.current_code() == EuraEntry.NOT_OFFERED.value
    assert intake.outcome_combo.current_code() is None
    assert intake.programme_combo.current_code() == PROGRAMME
    assert intake.interpreter_combo.current_code() == Interpreter.ON_SITE.value


def test_outcome_automatic_becomes_referred_when_services_were_added(window, ctx, qtbot):
    window.intake.set_selected_topic_codes(["JOB"])
    window.intake.add_referral("JOBSEEKER-REGISTRATION", "Registering as a job seeker")
    assert window.intake.outcome_combo.currentText() == _("Automatic")
    window.intake.request_save()
    qtbot.waitUntil(lambda: len(stored(ctx)) == 1)
    assert stored(ctx)[0].outcome == "referred"


def test_answers_are_stored_only_when_the_visitor_agreed(window, ctx, qtbot):
    bands = window.intake.bands
    bands.agreed_check.setChecked(True)
    bands.gender_combo.set_current_code(Gender.FEMALE.value)
    bands.age_combo.set_current_code(AgeBand.AGE_25_29.value)
    bands.agreed_check.setChecked(False)  # the visitor changed their mind
    assert not bands.panel.isVisible() and not bands.panel.isEnabled()
    window.intake.set_selected_topic_codes(["JOB"])
    window.intake.request_save()
    qtbot.waitUntil(lambda: len(stored(ctx)) == 1)

    [row] = stored(ctx)
    assert row.bands_agreed is False
    assert {row.gender, row.age_band, row.labour_status} == {"not_stated"}
    assert {row.education, row.home_area, row.first_visit} == {"not_stated"}


def test_agreeing_shows_the_questions_each_not_stated(window, qtbot):
    bands = window.intake.bands
    assert not bands.panel.isVisible()
    window.intake.focus_topics()
    press(qtbot, Qt.Key.Key_Q, ALT)
    qtbot.waitUntil(bands.panel.isVisible)
    assert [box.currentText() for box in bands.combos()] == [_("Not stated")] * 6
    assert bands.gender_combo.itemText(1) == label(Gender.FEMALE)


def test_a_failed_save_keeps_every_field(pwindow, pctx, qtbot):
    intake = pwindow.intake
    intake.add_referral("DEBT-ADVICE", "Financial and debt counselling")
    intake.channel_combo.set_current_code(VisitChannel.OUTREACH.value)
    intake.visitor_combo.set_current_code(VisitorType.EMPLOYER.value)
    intake.language_combo.set_current_code("ar")
    intake.interpreter_combo.set_current_code(Interpreter.REMOTE.value)
    intake.duration_combo.set_current_code(DurationBand.UNDER_5.value)
    intake.outcome_combo.set_current_code(Outcome.FOLLOW_UP_NEEDED.value)
    intake.programme_combo.set_current_code(PROGRAMME)
    intake.eura_combo.set_current_code(EuraEntry.OFFERED.value)
    earlier = pctx.desk.now() - dt.timedelta(hours=5)
    intake.time.set_occurred_at(earlier)
    intake.count_spin.setValue(4)
    intake.bands.set_bands(True)
    intake.bands.home_combo.set_current_code(HomeArea.ABROAD.value)
    before = intake.build_draft()

    intake.request_save()  # no topic chosen

    assert intake.error_text() == _("Choose at least one topic.")
    assert stored(pctx) == []
    assert intake.build_draft() == before
    assert intake.referrals.rowCount() == 1
    assert intake.bands.panel.isVisible()


def test_a_database_error_keeps_every_field(window, ctx, qtbot, monkeypatch):
    from desk_app.domain.errors import DatabaseError

    def refuse(_draft, *args, **kwargs):
        raise DatabaseError("The disk is full. Nothing was saved.")

    intake = window.intake
    intake.set_selected_topic_codes(["HOUSING", "MONEY"])
    intake.count_spin.setValue(2)
    intake.interpreter_combo.set_current_code(Interpreter.STAFF.value)
    before = intake.build_draft()
    monkeypatch.setattr(window.desk, "record_visit", refuse)

    intake.request_save()

    assert intake.error_text() == "The disk is full. Nothing was saved."
    assert intake.build_draft() == before
    assert not window.saved_notice.is_pending()


def test_typing_finds_a_topic_beyond_the_number_keys(window, qtbot):
    intake = window.intake
    codes = [chip.objectName().removeprefix("topic-") for chip in intake.chips.chips()]
    tenth = codes[9]  # no number key
    intake.focus_topics()
    press(qtbot, Qt.Key.Key_S, ALT)  # Topic search
    qtbot.waitUntil(intake.topic_finder.hasFocus)
    qtbot.keyClicks(intake.topic_finder, "housing")
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: intake.selected_topic_codes() == ("HOUSING",))
    qtbot.waitUntil(lambda: intake.topic_finder.text() == "")

    # Diacritics need not be typed, and a number reaches any chip.
    assert intake.topic_finder.matching_codes("tyottomyys") == []  # English labels here
    qtbot.keyClicks(intake.topic_finder, "10")
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: tenth in intake.selected_topic_codes())
    # Enter on a chosen topic clears it again.
    qtbot.keyClicks(intake.topic_finder, "housing")
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "HOUSING" not in intake.selected_topic_codes())


def test_the_topic_search_ignores_diacritics(qtbot, tmp_path, monkeypatch):
    monkeypatch.setenv("POINTTI_DESK_LANG", "fi")
    context = bootstrap(tmp_path / "fi")
    try:
        main = MainWindow(context.desk)
        qtbot.addWidget(main)
        finder = main.intake.topic_finder
        assert finder.matching_codes("tyottomyys") == ["BENEFIT"]
        assert finder.matching_codes("kotoutu") == ["INTEGRATION"]
    finally:
        context.close()


def test_tab_walks_the_form_top_to_bottom(window, qtbot):
    intake = window.intake
    intake.channel_combo.setFocus()
    qtbot.waitUntil(intake.channel_combo.hasFocus)
    order = []
    for _step in range(11):
        order.append(QApplication.focusWidget())
        press(qtbot, Qt.Key.Key_Tab)
    expected: list[QWidget] = [
        intake.channel_combo,
        intake.visitor_combo,
        intake.language_combo,
        intake.interpreter_combo,
        intake.duration_combo,
        intake.outcome_combo,
        intake.programme_combo,
        intake.eura_combo,
        intake.time.edit,
        intake.time.now_button,
        intake.count_spin,
    ]
    assert order == expected
    assert intake.bands.agreed_check.hasFocus()


def test_new_controls_have_accessible_names_and_tooltips(window):
    intake = window.intake
    controls = [
        intake.topic_finder,
        intake.interpreter_combo,
        intake.programme_combo,
        intake.eura_combo,
        intake.time.edit,
        intake.time.now_button,
        intake.count_spin,
        intake.bands.agreed_check,
        *intake.bands.combos(),
        window.saved_notice.undo_button,
    ]
    for control in controls:
        assert control.accessibleName(), control
        assert control.toolTip(), control
