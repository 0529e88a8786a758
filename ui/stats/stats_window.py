"""The Statistics window: period and filters at the top, key figures, then the charts.

Choosing a preset, dates or a filter starts a refresh on a worker thread (``BackgroundJobs``): a
busy bar shows while it counts and the window stays usable; a refresh asked for while one runs
replaces the waiting one, and a result that is no longer what the controls say is dropped. The
staff see raw counts here; what leaves the desk (exports) is suppressed by the exports.

Keyboard: every control has a mnemonic; F5 refreshes; Esc closes; each chart's *Table* button
shows its numbers as a table.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Protocol

from PySide6.QtCore import QDate, Qt, Signal, Slot
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desk_app.domain.errors import DeskError
from desk_app.domain.stats import Dashboard, Grouping, Measure, Period, StatsFilter
from desk_app.domain.stats_presets import PRESET_LABELS, Preset, preset_period
from desk_app.i18n import N_, _
from desk_app.labels import format_date, weekday_name
from desk_app.services.stats_exports import StatisticsExports
from ui.stats.charts import ChartCard, HeatTable, Tile
from ui.stats.export_menu import ExportButton
from ui.widgets.auth_fields import message_label
from ui.widgets.background_job import BackgroundJobs

Choices = list[tuple[str, str]]  # (code, label) for a filter combo


class StatsSource(Protocol):
    """What the window needs (``StatisticsService`` and the desk's catalogue)."""

    def dashboard(self, period: Period, filters: StatsFilter) -> Dashboard: ...
    def filter_choices(self) -> dict[str, Choices]: ...


FILTERS: tuple[tuple[str, str], ...] = (
    ("actors", N_("A&ctor:")),  # not "&Actor:", whose letter the finder needs in Finnish
    ("programmes", N_("Pro&gramme:")),
    ("channels", N_("C&hannel:")),
    ("visitor_types", N_("&Visitor type:")),
    ("topics", N_("T&opic:")),
    ("languages", N_("&Language:")),
)
"""StatsFilter field and its label, in the order shown."""

CARDS: tuple[tuple[Grouping, Measure, str], ...] = (
    (Grouping.TOPIC, Measure.VISITS, N_("Topics")),
    (Grouping.OUTCOME, Measure.VISITS, N_("Outcomes")),
    (Grouping.ACTOR, Measure.REFERRALS, N_("Referrals per actor")),
    (Grouping.SERVICE, Measure.REFERRALS, N_("Referrals per service")),
    (Grouping.HANDOUT_LANGUAGE, Measure.HANDOUTS, N_("Handouts per language")),
    (Grouping.GENDER, Measure.VISITS, N_("Gender (if the visitor agreed)")),
    (Grouping.AGE_BAND, Measure.VISITS, N_("Age band (if the visitor agreed)")),
    (Grouping.LABOUR_STATUS, Measure.VISITS, N_("Labour-market status (if agreed)")),
    (Grouping.EDUCATION, Measure.VISITS, N_("Education (if the visitor agreed)")),
)
"""The category charts under the visits-over-time chart, two per row."""

TIMELINES: tuple[tuple[Grouping, str], ...] = (
    (Grouping.DAY, N_("per day")),
    (Grouping.WEEK, N_("per week")),
    (Grouping.MONTH, N_("per month")),
)


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(day: QDate) -> dt.date:
    return dt.date(day.year(), day.month(), day.day())


def _say(label: QLabel, text: str) -> None:
    """A message line takes room only while it says something."""
    label.setText(text)
    label.setVisible(bool(text))


def _percent(share: float | None) -> str:
    return "–" if share is None else f"{share * 100:.0f} %"


class StatsWindow(QMainWindow):
    sig_refreshed = Signal()  # a dashboard was shown (tests wait for it)

    def __init__(
        self,
        source: StatsSource,
        today: Callable[[], dt.date],
        timezone: str,
        parent: QWidget | None = None,
        exports: StatisticsExports | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowFlag(Qt.WindowType.Window, True)
        self.setWindowTitle(_("Statistics"))
        self._source = source
        self._today = today
        self._timezone = timezone
        self._jobs = BackgroundJobs(self)
        self._pending: tuple[Period, StatsFilter] | None = None
        self.dashboard: Dashboard | None = None
        self._build_controls()
        self.export_button: ExportButton | None = None
        if exports is not None:
            tables = [(g, _(title)) for g, _m, title in CARDS]
            self.export_button = ExportButton(
                exports, self._jobs, lambda: (self.period(), self.filters()), tables
            )
            self.export_button.sig_message.connect(lambda text: _say(self.notice_label, text))
        self._build_content()
        self._build_actions()
        self.resize(1280, 860)
        self.preset_combo.setCurrentIndex(self.preset_combo.findData(Preset.MONTH.value))
        self._on_preset_changed()

    # -- building -----------------------------------------------------------------------------

    def _build_controls(self) -> None:
        self.preset_combo = QComboBox()
        for preset, label in PRESET_LABELS.items():
            self.preset_combo.addItem(_(label), preset.value)
        self.from_edit = QDateEdit()
        self.to_edit = QDateEdit()
        for edit in (self.from_edit, self.to_edit):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("d.M.yyyy")
        self.refresh_button = QPushButton(_("&Refresh"))
        self.busy_bar = QProgressBar()
        self.busy_bar.setRange(0, 0)
        self.busy_bar.setMaximumWidth(140)
        self.busy_bar.setAccessibleName(_("Counting"))
        self.busy_bar.hide()
        self.status_label = QLabel()
        self.message_label = message_label(_("Statistics message"))
        self.notice_label = QLabel()
        self.notice_label.setWordWrap(True)
        self.filter_combos: dict[str, QComboBox] = {}
        choices = self._filter_choices()
        # Names in the UI language for the charts (the tables carry Finnish and English only).
        self._names = {
            Grouping.TOPIC: dict(choices.get("topics", [])),
            Grouping.ACTOR: dict(choices.get("actors", [])),
            Grouping.PROGRAMME: dict(choices.get("programmes", [])),
        }
        for name, _label in FILTERS:
            combo = QComboBox()
            combo.addItem(_("All"), "")
            for code, text in choices.get(name, []):
                combo.addItem(text, code)
            combo.setMinimumContentsLength(12)
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            self.filter_combos[name] = combo

    def _filter_choices(self) -> dict[str, Choices]:
        try:
            return self._source.filter_choices()
        except DeskError as exc:
            _say(self.message_label, str(exc))
            return {}

    def _labelled(self, text: str, field: QWidget) -> QLabel:
        label = QLabel(text)
        label.setBuddy(field)
        return label

    def _build_content(self) -> None:
        top = QHBoxLayout()
        top.addWidget(self._labelled(_("&Period:"), self.preset_combo))
        top.addWidget(self.preset_combo)
        top.addWidget(self._labelled(_("&From:"), self.from_edit))
        top.addWidget(self.from_edit)
        top.addWidget(self._labelled(_("&To:"), self.to_edit))
        top.addWidget(self.to_edit)
        top.addWidget(self.refresh_button)
        top.addWidget(self.busy_bar)
        top.addWidget(self.status_label, 1)
        if self.export_button is not None:
            top.addWidget(self.export_button)
        filters = QHBoxLayout()
        for name, label in FILTERS:
            combo = self.filter_combos[name]
            filters.addWidget(self._labelled(_(label), combo))
            filters.addWidget(combo, 1)
        self.tiles = {
            "visits": Tile(_("Visits")),
            "visitors": Tile(_("Visitors")),
            "referrals": Tile(_("Referrals")),
            "handouts": Tile(_("Handouts")),
            "open": Tile(_("Follow-ups open")),
            "overdue": Tile(_("Follow-ups overdue")),
            "resolved": Tile(_("Resolved at the desk")),
        }
        tiles = QHBoxLayout()
        for tile in self.tiles.values():
            tiles.addWidget(tile)
        self.timeline_combo = QComboBox()
        for grouping, label in TIMELINES:
            self.timeline_combo.addItem(_(label), grouping.value)
        self.timeline = ChartCard(_("Visits over time"), timeline=True)
        self.timeline.layout().itemAt(0).layout().insertWidget(1, self.timeline_combo)  # type: ignore[union-attr]
        self.heat = HeatTable()
        self.heat.setAccessibleName(_("Visits by weekday and hour"))
        heat_box = QWidget()
        heat_layout = QVBoxLayout(heat_box)
        heat_layout.setContentsMargins(0, 0, 0, 0)
        heat_layout.addWidget(QLabel("<b>" + _("Visits by weekday and hour") + "</b>"))
        heat_layout.addWidget(self.heat)
        self.cards: dict[Grouping, ChartCard] = {}
        grid = QGridLayout()
        grid.addWidget(self.timeline, 0, 0)
        grid.addWidget(heat_box, 0, 1)
        for number, (grouping, _measure, title) in enumerate(CARDS):
            card = ChartCard(_(title))
            self.cards[grouping] = card
            grid.addWidget(card, 1 + number // 2, number % 2, Qt.AlignmentFlag.AlignTop)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        body = QWidget()
        body_layout = QVBoxLayout(body)
        body_layout.addLayout(tiles)
        body_layout.addLayout(grid)
        body_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.addLayout(top)
        layout.addLayout(filters)
        layout.addWidget(self.message_label)
        layout.addWidget(self.notice_label)
        for label in (self.message_label, self.notice_label):
            label.setVisible(bool(label.text()))
        layout.addWidget(scroll, 1)
        self.setCentralWidget(central)

    def _build_actions(self) -> None:
        self.refresh_action = QAction(_("Refresh"), self)
        self.refresh_action.setShortcut(QKeySequence(Qt.Key.Key_F5))
        self.close_action = QAction(_("Close"), self)
        self.close_action.setShortcut(QKeySequence(Qt.Key.Key_Escape))
        for action in (self.refresh_action, self.close_action):
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            self.addAction(action)
        self.refresh_action.triggered.connect(self.refresh)
        self.close_action.triggered.connect(self.close)
        self.refresh_button.clicked.connect(self.refresh)
        self.preset_combo.currentIndexChanged.connect(self._on_preset_changed)
        self.from_edit.dateChanged.connect(self._on_date_changed)
        self.to_edit.dateChanged.connect(self._on_date_changed)
        self.timeline_combo.currentIndexChanged.connect(self._show_timeline)
        for combo in self.filter_combos.values():
            combo.currentIndexChanged.connect(self.refresh)

    # -- what the controls say ----------------------------------------------------------------

    def preset(self) -> Preset:
        return Preset(self.preset_combo.currentData())

    def period(self) -> Period:
        first, last = _pydate(self.from_edit.date()), _pydate(self.to_edit.date())
        if last < first:
            first, last = last, first
        return Period(first, last, self._timezone)

    def filters(self) -> StatsFilter:
        chosen = {
            name: frozenset({combo.currentData()}) if combo.currentData() else frozenset()
            for name, combo in self.filter_combos.items()
        }
        return StatsFilter(**chosen)

    @Slot()
    def _on_preset_changed(self) -> None:
        preset = self.preset()
        custom = preset is Preset.CUSTOM
        for edit in (self.from_edit, self.to_edit):
            edit.setEnabled(custom)
        if not custom:
            period = preset_period(preset, self._today(), self._timezone)
            for edit, day in ((self.from_edit, period.first), (self.to_edit, period.last)):
                edit.blockSignals(True)
                edit.setDate(_qdate(day))
                edit.blockSignals(False)
        self.refresh()

    @Slot()
    def _on_date_changed(self) -> None:
        if self.preset() is Preset.CUSTOM:
            self.refresh()

    # -- refreshing off the GUI thread --------------------------------------------------------

    @Slot()
    def refresh(self) -> None:
        request = (self.period(), self.filters())
        if self._jobs.busy():
            self._pending = request  # the newest wins; it starts when this one is done
            return
        self._start(request)

    def _start(self, request: tuple[Period, StatsFilter]) -> None:
        period, filters = request
        self.busy_bar.show()
        self.status_label.setText(_("Counting…"))
        self._jobs.start(
            lambda: self._source.dashboard(period, filters),
            self._on_dashboard_ready,
            self._on_dashboard_failed,
        )

    def _next(self) -> bool:
        pending, self._pending = self._pending, None
        if pending is not None:
            self._start(pending)
            return True
        self.busy_bar.hide()
        return False

    def _on_dashboard_ready(self, dashboard: Dashboard) -> None:
        if self._next():
            return  # the controls changed meanwhile: show that one instead
        _say(self.message_label, "")
        self.show_dashboard(dashboard)

    def _on_dashboard_failed(self, error: Exception) -> None:
        if self._next():
            return
        self.status_label.clear()
        _say(
            self.message_label,
            str(error)
            if isinstance(error, DeskError)
            else _("The statistics could not be counted."),
        )

    def wait(self, msecs: int = 30000) -> bool:
        return self._jobs.wait(msecs)

    # -- showing ------------------------------------------------------------------------------

    def show_dashboard(self, dashboard: Dashboard) -> None:
        self.dashboard = dashboard
        tiles = dashboard.tiles
        figures = {
            "visits": str(tiles.visits),
            "visitors": str(tiles.visitors),
            "referrals": str(tiles.referrals),
            "handouts": str(tiles.handouts),
            "open": str(tiles.follow_ups_open),
            "overdue": str(tiles.follow_ups_overdue),
            "resolved": _percent(tiles.resolved_share),
        }
        for key, text in figures.items():
            self.tiles[key].set_value(text)
        self._show_timeline()
        for grouping, measure, _title in CARDS:
            table = dashboard.tables.get(grouping)
            if table is not None:
                self.cards[grouping].set_table(table, measure, self._names.get(grouping))
        self.heat.set_values([weekday_name(day) for day in range(7)], dashboard.week_hours.values)
        period = dashboard.period
        self.status_label.setText(
            _("{first} – {last}: {visits} visits").format(
                first=format_date(period.first), last=format_date(period.last), visits=tiles.visits
            )
        )
        self.sig_refreshed.emit()

    @Slot()
    def _show_timeline(self) -> None:
        if self.dashboard is None:
            return
        grouping = Grouping(self.timeline_combo.currentData())
        table = self.dashboard.tables.get(grouping)
        if table is not None:
            self.timeline.set_table(table, Measure.VISITS)

    def closeEvent(self, event: QCloseEvent) -> None:
        self._pending = None
        self._jobs.wait(10000)
        super().closeEvent(event)


def visible_labels(cards: Sequence[ChartCard]) -> list[str]:
    """The bar labels of the charts shown (for tests and screenshots)."""
    return [label for card in cards for label, _value in card.rows]
