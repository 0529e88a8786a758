"""The Statistics window on a stand-in source: presets fill the dates, filters reach the query,
the refresh runs off the GUI thread with a busy bar, the newest request wins, and every chart
can be read as a table."""

import datetime as dt
import threading

import openpyxl
import pytest
from PySide6.QtCore import Qt

from desk_app.domain.errors import DeskError
from desk_app.domain.stats import (
    DASHBOARD_GROUPINGS,
    Dashboard,
    Grouping,
    Measure,
    StatRow,
    StatTable,
    Tiles,
    WeekHourTable,
)
from desk_app.domain.stats_presets import Preset
from desk_app.domain.visit import VisitDraft
from desk_app.i18n import set_ui_language
from tests.ui.test_mnemonics import assert_no_clashes, lang, screen_mnemonics  # noqa: F401
from ui.app import stats_tools
from ui.main_window import MainWindow
from ui.stats import export_menu
from ui.stats.stats_window import StatsWindow

TODAY = dt.date(2026, 3, 18)


def _table(grouping, period, n=3, measure=Measure.VISITS):
    rows = tuple(
        StatRow(f"c{i}", f"Koodi {i}", f"Code {i}", (10 * (i + 1), 12 * (i + 1))) for i in range(n)
    )
    return StatTable(grouping, (measure, Measure.VISITORS), rows, period=period)


class FakeSource:
    def __init__(self):
        self.asked = []
        self.gate = threading.Event()
        self.gate.set()
        self.fail = False

    def filter_choices(self):
        return {
            "actors": [("KELA", "Kela"), ("TE", "TE-palvelut")],
            "channels": [("phone", "Puhelin")],
        }

    def dashboard(self, period, filters):
        self.asked.append((period, filters))
        self.gate.wait(10)
        if self.fail:
            raise DeskError("Tietokanta on lukittu.")
        measures = {Grouping.ACTOR: Measure.REFERRALS, Grouping.SERVICE: Measure.REFERRALS,
                    Grouping.HANDOUT_LANGUAGE: Measure.HANDOUTS}  # fmt: skip
        tables = {
            g: _table(
                g,
                period,
                n=period.days if g is Grouping.DAY else 3,
                measure=measures.get(g, Measure.VISITS),
            )
            for g in DASHBOARD_GROUPINGS
        }
        cell = lambda d, h: 1 + (d * h) % 7 if 7 <= h <= 19 else 0  # noqa: E731
        heat = WeekHourTable(tuple(tuple(cell(d, h) for h in range(24)) for d in range(7)))
        tiles = Tiles(120, 150, 40, 25, 6, 2, 60)
        return Dashboard(period, filters, tiles, tables, heat)


@pytest.fixture
def source():
    return FakeSource()


@pytest.fixture
def window(qtbot, source):
    win = StatsWindow(source, lambda: TODAY, "Europe/Helsinki")
    qtbot.addWidget(win)
    win.show()
    with qtbot.waitSignal(win.sig_refreshed, timeout=10000):
        pass
    yield win
    win.wait()


def test_this_month_is_shown_first_with_tiles_and_charts(window, source):
    period, filters = source.asked[-1]
    assert (period.first, period.last) == (dt.date(2026, 3, 1), TODAY)
    assert filters.is_empty
    assert window.tiles["visits"].value_label.text() == "120"
    assert window.tiles["resolved"].value_label.text() == "50 %"
    assert len(window.timeline.rows) == 18  # one bar per day of 1–18 March
    assert window.cards[Grouping.TOPIC].table.rowCount() == 3
    assert window.heat.rowCount() == 7
    assert window.heat.horizontalHeaderItem(0).text() == "07"  # the first hour with visits
    assert window.heat.columnCount() == 13  # 07 … 19


def test_presets_fill_the_dates_and_custom_dates_refresh(qtbot, window, source):
    with qtbot.waitSignal(window.sig_refreshed, timeout=10000):
        window.preset_combo.setCurrentIndex(window.preset_combo.findData(Preset.YEAR.value))
    assert source.asked[-1][0].first == dt.date(2026, 1, 1)
    assert not window.from_edit.isEnabled()
    window.preset_combo.setCurrentIndex(window.preset_combo.findData(Preset.CUSTOM.value))
    window.wait()
    assert window.from_edit.isEnabled()
    with qtbot.waitSignal(window.sig_refreshed, timeout=10000):
        window.from_edit.setDate(window.from_edit.date().addDays(-40))
    assert source.asked[-1][0].first == dt.date(2025, 11, 22)


def test_a_filter_reaches_the_query(qtbot, window, source):
    combo = window.filter_combos["actors"]
    with qtbot.waitSignal(window.sig_refreshed, timeout=10000):
        combo.setCurrentIndex(combo.findData("KELA"))
    assert source.asked[-1][1].actors == frozenset({"KELA"})


def test_counting_runs_off_the_gui_thread_and_the_newest_request_wins(qtbot, window, source):
    source.gate.clear()
    window.refresh()
    qtbot.waitUntil(lambda: window.busy_bar.isVisible())
    combo = window.filter_combos["channels"]
    combo.setCurrentIndex(combo.findData("phone"))  # asked while the first still counts
    window.preset_combo.setCurrentIndex(window.preset_combo.findData(Preset.WEEK.value))
    qtbot.keyClick(window.refresh_button, Qt.Key.Key_Space)  # the window still answers
    source.gate.set()
    qtbot.waitUntil(lambda: not window.busy_bar.isVisible(), timeout=10000)
    period, filters = source.asked[-1]
    assert filters.channels == frozenset({"phone"}) and period.first == dt.date(2026, 3, 16)
    assert window.dashboard.period == period
    assert len(source.asked) <= 4  # the requests made while busy collapsed into one


def test_a_failure_says_why_and_keeps_the_window(qtbot, window, source):
    source.fail = True
    window.refresh()
    qtbot.waitUntil(lambda: "lukittu" in window.message_label.text(), timeout=10000)
    assert window.isVisible() and not window.busy_bar.isVisible()


def test_a_chart_turns_into_a_table(qtbot, window):
    card = window.cards[Grouping.OUTCOME]
    card.toggle_button.setFocus()
    qtbot.keyClick(card.toggle_button, Qt.Key.Key_Space)
    assert card.stack.currentWidget() is card.table
    assert card.table.item(2, 1).text() == "30"


def test_no_two_controls_share_a_letter_in_any_language(qtbot, lang, source):  # noqa: F811
    set_ui_language(lang)
    win = StatsWindow(source, lambda: TODAY, "Europe/Helsinki", exports=object())
    qtbot.addWidget(win)
    win.show()
    win.wait()
    found = screen_mnemonics(win)
    assert len(found) >= 11, found  # the export button's letter too
    assert_no_clashes(found, f"{lang}, statistics window")


@pytest.fixture
def main_window(qtbot, ctx):
    main = MainWindow(ctx.desk, log_file=ctx.log_file, statistics=stats_tools(ctx))
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    return main


def test_ctrl_3_opens_the_statistics_of_the_real_database(
    qtbot, main_window, monkeypatch, tmp_path
):
    """From the main window: Ctrl+3, the month's visits counted, a workbook exported."""
    main = main_window
    at = main.desk.now()
    for _ in range(6):
        main.desk.record_visit(VisitDraft(("JOB",), occurred_at=at))
    qtbot.keyClick(main, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    stats = main.statistics.window
    assert stats is not None and stats.isVisible()
    qtbot.waitUntil(lambda: stats.dashboard is not None, timeout=20000)
    stats.wait()
    assert stats.tiles["visits"].value_label.text() == "6"
    target = tmp_path / "book.xlsx"
    monkeypatch.setattr(export_menu, "ask_save_path", lambda *a: target)
    stats.export_button.workbook_action.trigger()
    qtbot.waitUntil(lambda: "Saved" in stats.notice_label.text(), timeout=20000)
    sheets = openpyxl.load_workbook(target).sheetnames
    assert len(sheets) >= 10 and "Info" in sheets
    stats.close()
