"""The taxonomy pages of the catalogue admin, driven by keyboard as a desk admin would: rename a
topic, merge one into another after the confirmation, open a stale service from the staleness
report; one Alt+letter per control; every control named and explained."""

import datetime as dt
import sqlite3

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel

from desk_app.domain.visit import VisitDraft
from desk_app.i18n import SOURCE_LANGUAGE, set_ui_language, ui_language
from desk_app.services.staleness import months_before
from desk_app.services.taxonomy import TaxonomyAdmin
from tests.ui.test_accessibility import _missing
from tests.ui.test_mnemonics import alt, assert_no_clashes, mnemonic, screen_mnemonics
from ui.admin.actors_page import ActorsPage
from ui.admin.programmes_page import ProgrammesPage
from ui.admin.staleness_page import StalenessPage
from ui.admin.topics_page import TopicsPage
from ui.dialogs import ask

PAGES = {
    "topics": TopicsPage,
    "actors": ActorsPage,
    "programmes": ProgrammesPage,
    "staleness": StalenessPage,
}


@pytest.fixture
def admin(ctx):
    return TaxonomyAdmin(ctx.uow, clock=ctx.desk.now, tz=ctx.desk.tz)


def show(qtbot, page):
    qtbot.addWidget(page)
    page.resize(1100, 760)
    page.show()
    page.activateWindow()
    qtbot.waitExposed(page)
    qtbot.waitUntil(page.isActiveWindow)
    return page


def press(qtbot, key, modifier=Qt.KeyboardModifier.NoModifier):
    """A key where the focus is; the widget with the focus after it."""
    qtbot.keyClick(QApplication.focusWidget(), key, modifier)
    return QApplication.focusWidget()


def type_text(qtbot, text):
    """Type into the focused widget; non-ASCII letters one by one (Qt's keyClicks aborts on
    them)."""
    for ch in text:
        widget = QApplication.focusWidget()
        if ch.isascii():
            qtbot.keyClicks(widget, ch)
        else:
            QTest.sendKeyEvent(
                QTest.KeyAction.Click,
                widget,
                Qt.Key.Key_unknown,
                ch,
                Qt.KeyboardModifier.NoModifier,
            )


def alt_click(qtbot, letter, button):
    """Alt+letter on a button: Qt clicks it a moment later (an animated click)."""
    with qtbot.waitSignal(button.clicked):
        alt(qtbot, letter)


def go_to_row(qtbot, page, code):
    """Tab into the table (it selects its first row) and arrow down to ``code``."""
    page.table.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(page.table.hasFocus)
    for _step in range(page.model.rowCount()):
        if page.selected_code() == code:
            return
        press(qtbot, Qt.Key.Key_Down)
    raise AssertionError(f"{code} is not in the table")


def test_the_page_models_pass_qt_checks(qtmodeltester, qtbot, admin):
    for page_class in PAGES.values():
        page = page_class(admin)
        qtbot.addWidget(page)
        for model in (
            getattr(page, name)
            for name in ("model", "services_model", "translations_model")
            if hasattr(page, name)
        ):
            qtmodeltester.check(model)


# -- topics -------------------------------------------------------------------------------------


def test_a_topic_is_renamed_by_keyboard_alone(qtbot, admin, ctx):
    page = show(qtbot, TopicsPage(admin))
    go_to_row(qtbot, page, "BENEFIT")
    assert page.code_edit.text() == "BENEFIT" and not page.code_edit.isEnabled()
    alt(qtbot, "f")
    assert QApplication.focusWidget() is page.labels.edits["fi"]
    press(qtbot, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    type_text(qtbot, "Työttömyysetuudet")
    alt(qtbot, "e")
    press(qtbot, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    type_text(qtbot, "Unemployment benefit")
    with qtbot.waitSignal(page.sig_topics_changed):
        press(qtbot, Qt.Key.Key_Return)
    renamed = admin.topic("BENEFIT")
    assert renamed.label.text("fi") == "Työttömyysetuudet"
    assert renamed.label.text("en") == "Unemployment benefit"
    assert renamed.label.text("sv") == "Utkomstskydd och förmåner"  # untouched
    assert page.selected_code() == "BENEFIT"
    assert "BENEFIT" in page.message.text()
    assert next(t for t in ctx.desk.topics() if t.code == "BENEFIT").label.text("fi") == (
        "Työttömyysetuudet"
    )


def test_a_refused_value_is_shown_on_its_field_with_the_focus_there(qtbot, admin):
    page = show(qtbot, TopicsPage(admin))
    page.table.setFocus()
    alt_click(qtbot, "n", page.new_button)  # New topic: the code field, empty
    assert QApplication.focusWidget() is page.code_edit and page.code_edit.isEnabled()
    type_text(qtbot, "JOB")
    press(qtbot, Qt.Key.Key_Return)
    assert QApplication.focusWidget() is page.code_edit
    assert "JOB" in page.message.text()
    assert page.code_edit.accessibleDescription() == page.message.text()
    press(qtbot, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    type_text(qtbot, "PENSION")
    press(qtbot, Qt.Key.Key_Return)  # no Finnish label yet
    assert QApplication.focusWidget() is page.labels.edits["fi"]
    assert page.message.text() == "The Finnish text is required."
    assert page.code_edit.text() == "PENSION"  # what was typed stays
    type_text(qtbot, "Eläkkeet")
    press(qtbot, Qt.Key.Key_Return)
    assert admin.topic("PENSION").label.text("fi") == "Eläkkeet"
    assert page.selected_code() == "PENSION"


def merge_money_into_housing(qtbot, page, monkeypatch, answer):
    asked = []
    monkeypatch.setattr(
        ask, "ask_yes_no", lambda parent, title, text, **kw: asked.append(text) or answer
    )
    go_to_row(qtbot, page, "MONEY")
    alt(qtbot, "i")
    assert QApplication.focusWidget() is page.merge_combo
    qtbot.keyClicks(page.merge_combo, "HOUSING")
    assert page.merge_combo.current_code() == "HOUSING"
    alt_click(qtbot, "m", page.merge_button)  # Merge…: asks first
    return asked


def test_a_topic_is_merged_by_keyboard_after_a_plain_confirmation(qtbot, admin, ctx, monkeypatch):
    when = ctx.desk.now() - dt.timedelta(days=100)
    ctx.desk.record_visit(VisitDraft(("MONEY",), occurred_at=when))
    page = show(qtbot, TopicsPage(admin))
    preview = admin.merge_preview("MONEY", "HOUSING")
    with qtbot.waitSignal(page.sig_topics_changed):
        asked = merge_money_into_housing(qtbot, page, monkeypatch, True)
    (question,) = asked
    assert "MONEY" in question and "HOUSING" in question
    assert f"{preview.services_moved} services linked to MONEY will be linked" in question
    assert f"{preview.services_already_linked} services already linked to both" in question
    assert "1 earlier visit stays as it was recorded" in question
    assert "cannot be undone" in question
    merged = admin.topic("MONEY")
    assert merged.merged_into == "HOUSING" and not merged.is_active
    assert admin.topic_counts(ctx.desk.today() - dt.timedelta(days=365), ctx.desk.today()) == {
        "HOUSING": 1
    }
    # The merged topic stays listed, marked; selecting it offers no second merge.
    row = [e.code for e in page.model.entries()].index("MONEY")
    status = page.model.index(row, page.model.columnCount() - 1).data()
    assert status == "Merged into HOUSING"
    assert page.model.index(row, 0).data(Qt.ItemDataRole.FontRole).italic()
    page.table.selectRow(row)
    assert not page.merge_button.isEnabled() and not page.retire_button.isEnabled()


def test_saying_no_to_the_merge_changes_nothing(qtbot, admin, monkeypatch):
    page = show(qtbot, TopicsPage(admin))
    asked = merge_money_into_housing(qtbot, page, monkeypatch, False)
    assert len(asked) == 1
    assert admin.topic("MONEY").merged_into is None


def test_retire_and_bring_back_by_keyboard(qtbot, admin, ctx):
    page = show(qtbot, TopicsPage(admin))
    go_to_row(qtbot, page, "YOUTH")
    alt_click(qtbot, "t", page.retire_button)
    assert admin.topic("YOUTH").retired_on == ctx.desk.today()
    assert "YOUTH" not in {t.code for t in ctx.desk.topics()}
    assert page.retire_button.text() == "Un-re&tire"
    page.table.setFocus()
    alt_click(qtbot, "r", page.show_inactive)  # hide retired and merged topics
    assert "YOUTH" not in {e.code for e in page.model.entries()}
    alt_click(qtbot, "r", page.show_inactive)
    go_to_row(qtbot, page, "YOUTH")
    alt_click(qtbot, "t", page.retire_button)
    assert admin.topic("YOUTH").retired_on is None


def test_ctrl_arrows_and_the_buttons_reorder_topics(qtbot, admin, ctx):
    page = show(qtbot, TopicsPage(admin))
    go_to_row(qtbot, page, "JOBSEEKER")
    press(qtbot, Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier)
    assert [t.code for t in ctx.desk.topics()][:2] == ["JOBSEEKER", "JOB"]
    assert page.selected_code() == "JOBSEEKER" and page.table.hasFocus()
    alt_click(qtbot, "d", page.down_button)
    assert [t.code for t in ctx.desk.topics()][:2] == ["JOB", "JOBSEEKER"]


def test_tab_goes_through_the_topics_page_in_reading_order(qtbot, admin):
    page = show(qtbot, TopicsPage(admin))
    go_to_row(qtbot, page, "JOB")
    expected = [
        page.show_inactive,
        page.new_button,
        page.up_button,
        page.down_button,
        page.retire_button,
        page.ptv_edit,  # the code of a saved topic cannot change: Tab passes it by
        page.labels.edits["fi"],
        page.labels.edits["sv"],
        page.labels.edits["en"],
        page.save_button,
        page.merge_combo,
        page.merge_button,
    ]
    assert [press(qtbot, Qt.Key.Key_Tab) for _ in expected] == expected


# -- actors and programmes ---------------------------------------------------------------------


def test_an_organisation_with_a_bad_business_id_is_refused_on_that_field(qtbot, admin):
    page = show(qtbot, ActorsPage(admin))
    go_to_row(qtbot, page, "KELA")
    alt(qtbot, "b")
    press(qtbot, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    type_text(qtbot, "0246246-1")
    press(qtbot, Qt.Key.Key_Return)
    assert QApplication.focusWidget() is page.business_id_edit
    assert "check digit" in page.message.text()
    alt(qtbot, "b")
    press(qtbot, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    type_text(qtbot, "0246246-0")
    alt(qtbot, "w")
    press(qtbot, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    type_text(qtbot, "https://www.kela.fi/kemi")
    press(qtbot, Qt.Key.Key_Return)
    kela = next(o for o in admin.organisations() if o.code == "KELA")
    assert kela.url == "https://www.kela.fi/kemi"


def test_a_programme_ending_before_it_starts_is_refused_on_the_end_date(qtbot, admin):
    page = show(qtbot, ProgrammesPage(admin))
    go_to_row(qtbot, page, "KORONASTA-KASVUUN")
    alt(qtbot, "m")  # Valid from
    press(qtbot, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    type_text(qtbot, "1.8.2024")
    press(qtbot, Qt.Key.Key_Return)
    assert QApplication.focusWidget() is page.to_edit
    assert page.message.text() == "The end date is before the start date."
    assert admin.programmes()[0].valid_from == dt.date(2021, 8, 1)


# -- staleness ---------------------------------------------------------------------------------


def test_the_staleness_page_lists_a_stale_service_and_enter_opens_it(qtbot, admin, ctx):
    code = ctx.desk.active_services()[0].code
    old = months_before(ctx.desk.today(), 13)
    with sqlite3.connect(ctx.paths.database) as con:
        con.execute("UPDATE service SET checked_on = ?", (ctx.desk.today(),))
        con.execute("UPDATE service SET checked_on = ? WHERE code = ?", (old, code))
    page = show(qtbot, StalenessPage(admin, months=12))
    assert [s.code for s in page.services_model.entries()] == [code]
    page.refresh_button.setFocus()
    assert press(qtbot, Qt.Key.Key_Tab) is page.services_table
    assert selected_code(page) == code
    with qtbot.waitSignal(page.sig_open_service) as opened:
        press(qtbot, Qt.Key.Key_Return)
    assert opened.args == [code]
    # The months setting decides: 24 months lists nothing, and says so to whoever keeps it.
    alt(qtbot, "m")
    changes = []
    page.sig_months_changed.connect(changes.append)
    press(qtbot, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    type_text(qtbot, "24")
    assert changes[-1] == 24 and page.months() == 24
    assert page.services_model.rowCount() == 0


def selected_code(page):
    rows = page.services_table.selectionModel().selectedRows()
    return page.services_model.entry_at(rows[0].row()).code if rows else None


def test_a_stale_translation_row_opens_its_item(qtbot, admin, ctx):
    later = TaxonomyAdmin(
        ctx.uow, clock=lambda: ctx.desk.now() + dt.timedelta(minutes=5), tz=ctx.desk.tz
    )
    later.rename_topic("DIGI", {"fi": "Digituki", "sv": "Digistöd och e-tjänster"})
    page = show(qtbot, StalenessPage(admin))
    assert page.translations_model.rowCount() == 1
    alt(qtbot, "t")
    assert QApplication.focusWidget() is page.translations_table
    with qtbot.waitSignal(page.sig_open_item) as opened:
        press(qtbot, Qt.Key.Key_Return)
    assert opened.args == ["topic", "DIGI"]


# -- mnemonics and names -------------------------------------------------------------------------


@pytest.fixture(params=("fi", "sv", "en"))
def lang(request, monkeypatch):
    monkeypatch.setenv("POINTTI_DESK_LANG", request.param)
    yield request.param
    set_ui_language(SOURCE_LANGUAGE)


@pytest.mark.parametrize("name", PAGES)
def test_no_two_controls_of_a_page_share_a_letter_and_each_reaches_its_field(
    qtbot, lang, tmp_path, name
):
    from desk_app.bootstrap import bootstrap

    context = bootstrap(tmp_path / "lang-data")
    try:
        assert ui_language() == lang
        admin = TaxonomyAdmin(context.uow, context.desk.now, context.desk.tz)
        page = show(qtbot, PAGES[name](admin))
        found = screen_mnemonics(page)
        assert len(found) >= 3, found
        assert_no_clashes(found, f"{lang}, {name} page")
        buddies = [
            label
            for label in page.findChildren(QLabel)
            if label.buddy() is not None and mnemonic(label.text()) and label.isVisibleTo(page)
        ]
        for label in buddies:
            if not label.buddy().isEnabled():
                continue  # the code of a saved row (a table reached first selected one)
            page.setFocus()
            alt(qtbot, mnemonic(label.text()))
            focus = QApplication.focusWidget()
            assert focus is label.buddy() or label.buddy().isAncestorOf(focus), label.text()
    finally:
        context.close()


@pytest.mark.parametrize("name", PAGES)
def test_every_control_of_a_page_has_a_name_and_a_tooltip(qtbot, admin, name):
    page = show(qtbot, PAGES[name](admin))
    unnamed, no_tip = _missing(page)
    assert unnamed == []
    assert no_tip == []
