"""The finder as the desk uses it: typed queries with or without diacritics, the visit's topics
ranking first, and the filters (actor, language, open now, ended services) by keyboard."""

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from desk_app.domain.search import FinderFilters
from desk_app.i18n import _
from desk_app.services.desk import DeskService
from ui.main_window import MainWindow
from ui.models.service_list_model import ServiceFilterProxyModel, ServiceListModel

# Thursday 3 December 2026, 15:30 in Helsinki: only Kela (until 16:00) and Digipolis are open.
THURSDAY_AFTERNOON = dt.datetime(2026, 12, 3, 13, 30, tzinfo=dt.UTC)
OPEN_THEN = {
    "KELA-UNEMPLOYMENT-BENEFIT",
    "KELA-HOUSING-ALLOWANCE",
    "KELA-BASIC-SOCIAL-ASSISTANCE",
    "CITY-BUSINESS-ADVICE",
}


@pytest.fixture
def clocked(qtbot, ctx):
    """The main window over a desk whose clock stands at ``THURSDAY_AFTERNOON``."""
    desk = DeskService(ctx.uow, ctx.settings, clock=lambda: THURSDAY_AFTERNOON)
    main = MainWindow(desk, log_file=ctx.log_file)
    qtbot.addWidget(main)
    main.show()
    main.activateWindow()
    qtbot.waitExposed(main)
    qtbot.waitUntil(main.isActiveWindow)
    return main


def type_text(widget, text):
    """Type like a keyboard, one key event per character (keyClicks aborts on non-ASCII)."""
    for ch in text:
        QTest.sendKeyEvent(
            QTest.KeyAction.Click, widget, Qt.Key.Key_unknown, ch, Qt.KeyboardModifier.NoModifier
        )


def alt(window, key):
    QTest.keyClick(window, key, Qt.KeyboardModifier.AltModifier)


def test_with_or_without_diacritics_the_same_services_in_the_same_order(window, qtbot):
    finder = window.finder
    type_text(finder.search_edit, "työttömyys")
    qtbot.waitUntil(lambda: finder.search_edit.text() == "työttömyys")
    with_marks = finder.visible_codes()
    assert with_marks[0] == "KELA-UNEMPLOYMENT-BENEFIT"
    finder.search_edit.clear()
    qtbot.keyClicks(finder.search_edit, "TYOTTOMYYS")
    assert finder.visible_codes() == with_marks
    finder.search_edit.clear()
    type_text(finder.search_edit, "ångest")  # no service is about anxiety: the list says so
    assert finder.visible_count() == 0
    assert finder.empty_label.text() == _("No service matches the search.")


def test_the_visits_topics_rank_first_and_follow_the_chips(window, desk, qtbot):
    finder = window.finder
    qtbot.keyClicks(finder.search_edit, "kela")
    assert finder.visible_codes()[0] == "KELA-HOUSING-ALLOWANCE"  # name and actor match
    # Topic 3 (unemployment benefits) toggled from the keyboard: its services come first.
    finder.list_view.setFocus()
    qtbot.keyClick(finder.list_view, Qt.Key.Key_3)
    qtbot.waitUntil(lambda: window.intake.selected_topic_codes() == ("BENEFIT",))
    assert finder.visible_codes()[0] == "KELA-UNEMPLOYMENT-BENEFIT"
    # With no query, every service covering more of the visit's topics comes before the rest.
    finder.search_edit.clear()
    window.intake.set_selected_topic_codes(["HOUSING", "MONEY"])
    topics = {s.code: set(s.topic_codes) for s in desk.services()}
    covered = [len(topics[code] & {"HOUSING", "MONEY"}) for code in finder.visible_codes()]
    assert covered == sorted(covered, reverse=True)
    assert covered[:2] == [2, 2] and covered[-1] == 0
    window.intake.set_selected_topic_codes([])
    assert finder.proxy.topics() == ()


def test_open_now_by_alt_n_uses_the_opening_hours_in_helsinki(clocked, qtbot):
    finder = clocked.finder
    # Without the filter, the services open now rank first among equals.
    assert set(finder.visible_codes()[: len(OPEN_THEN)]) == OPEN_THEN
    alt(clocked, Qt.Key.Key_N)
    qtbot.waitUntil(finder.open_now_check.isChecked)
    assert set(finder.visible_codes()) == OPEN_THEN
    qtbot.keyClicks(finder.search_edit, "housing")
    assert finder.visible_codes() == ["KELA-HOUSING-ALLOWANCE", "KELA-BASIC-SOCIAL-ASSISTANCE"]
    qtbot.keyClicks(finder.search_edit, "zz")
    assert finder.empty_label.text() == _("No service matches the search and the filters.")
    alt(clocked, Qt.Key.Key_N)
    qtbot.waitUntil(lambda: not finder.open_now_check.isChecked())


def test_actor_and_language_filters_are_reached_with_alt_keys(window, desk, qtbot):
    finder = window.finder
    alt(window, Qt.Key.Key_A)
    qtbot.waitUntil(finder.actor_combo.hasFocus)
    qtbot.keyClicks(finder.actor_combo, "Kela")  # a combo box selects by typed text
    assert finder.actor_combo.currentData() == "KELA"
    assert finder.visible_codes() and all(c.startswith("KELA-") for c in finder.visible_codes())

    alt(window, Qt.Key.Key_G)
    qtbot.waitUntil(finder.language_combo.hasFocus)
    qtbot.keyClicks(finder.language_combo, _("Swedish"))
    assert finder.language_combo.currentData() == "sv"
    assert len(finder.visible_codes()) == 3  # all of Kela's are given in Swedish too

    finder.actor_combo.setCurrentIndex(0)  # All actors
    languages = {s.code: s.languages for s in desk.services()}
    assert finder.visible_codes()
    assert all("sv" in languages[code] for code in finder.visible_codes())
    finder.language_combo.setCurrentIndex(finder.language_combo.findData("uk"))
    assert finder.visible_codes() == ["INTEGRATION-SERVICES"]
    assert finder.filters() == FinderFilters(language="uk")


def test_ended_services_only_when_asked_and_then_marked(window, qtbot):
    finder = window.finder
    qtbot.keyClicks(finder.search_edit, "coffee")
    assert finder.visible_count() == 0
    alt(window, Qt.Key.Key_E)
    qtbot.waitUntil(finder.show_ended_check.isChecked)
    assert finder.visible_codes() == ["KK-MORNING-COFFEE"]
    assert finder.visible_texts()[0].startswith("Entrepreneurs' morning coffees " + _("(ended)"))
    # Ended ones never push a current one down the list's count of services on offer.
    assert finder.service_count() == 21


def test_keyboard_path_through_box_filters_and_list(window, qtbot):
    finder = window.finder
    finder.focus_search()
    order = [
        finder.actor_combo,
        finder.language_combo,
        finder.open_now_check,
        finder.show_ended_check,
        finder.list_view,
    ]
    for widget in order:
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        qtbot.waitUntil(widget.hasFocus)
    # Type, ↓ into the list, ↑ from its first row back to the box, Enter on one match adds it.
    finder.focus_search()
    qtbot.keyClicks(finder.search_edit, "starttiraha")
    qtbot.keyClick(finder.search_edit, Qt.Key.Key_Down)
    qtbot.waitUntil(finder.list_view.hasFocus)
    assert finder.current_code() == "STARTTIRAHA"
    qtbot.keyClick(finder.list_view, Qt.Key.Key_Down)
    assert finder.current_code() != "STARTTIRAHA"
    qtbot.keyClick(finder.list_view, Qt.Key.Key_Up)
    qtbot.keyClick(finder.list_view, Qt.Key.Key_Up)
    qtbot.waitUntil(finder.search_edit.hasFocus)
    qtbot.keyClicks(finder.search_edit, " tyollisyys")  # its actor: Meri-Lapin työllisyysalue
    assert finder.visible_codes() == ["STARTTIRAHA"]
    qtbot.keyClick(finder.search_edit, Qt.Key.Key_Return)
    assert window.intake.referral_codes() == ("STARTTIRAHA",)


def test_finder_models_pass_qt_checks_with_ranking_filters_and_open_now(qtmodeltester, desk):
    model = ServiceListModel()
    proxy = ServiceFilterProxyModel()
    proxy.setSourceModel(model)
    qtmodeltester.check(proxy)
    labels = {t.code: t.label for t in desk.topics()}
    model.set_services(desk.services(), labels, desk.today(), open_now={"DEBT-ADVICE"})
    assert model.rowCount() == 24 and proxy.rowCount() == 21
    proxy.set_topics(["MONEY"])
    proxy.set_query("debt")
    qtmodeltester.check(model)
    qtmodeltester.check(proxy)
    codes = [proxy.index(r, 0).data(Qt.ItemDataRole.UserRole + 1) for r in range(proxy.rowCount())]
    assert codes[0] == "DEBT-ADVICE"  # the topic, a name match, and open now
    # The others match through the topic's label ("Money, debt, income support").
    assert set(codes) == {s.code for s in desk.active_services() if "MONEY" in s.topic_codes}
    proxy.set_filters(FinderFilters(open_now=True, show_ended=True))
    assert proxy.rowCount() == 1
    model.set_open_now(set())  # the open-now answer changes in place: the proxy follows
    assert proxy.rowCount() == 0
    qtmodeltester.check(proxy)


def test_a_new_open_now_answer_keeps_the_row_the_card_shows(clocked):
    finder = clocked.finder
    assert finder.select_code("DEBT-ADVICE")
    first = finder.visible_codes()[0]
    finder.set_open_now({"DEBT-ADVICE"})  # as the minute timer's answer would
    assert finder.visible_codes()[0] == "DEBT-ADVICE" != first  # it moved up...
    assert finder.current_code() == "DEBT-ADVICE"  # ...and is still the current row
