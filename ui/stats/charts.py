"""The dashboard's pieces: a number tile, a bar chart card that can turn into a table, and the
weekday × hour heat table.

Charts are QtCharts bar charts of one measure of a ``StatTable``. A chart is not readable by a
screen reader or by keyboard, so every card has a *Table* toggle showing the same numbers in a
table view (Tab reaches it, arrows move in it). Labels follow the UI language: the Finnish label
in a Finnish UI, the English one otherwise (the tables carry those two).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QCategoryAxis,
    QChart,
    QChartView,
    QHorizontalBarSeries,
    QValueAxis,
)
from PySide6.QtCore import QMargins, Qt, Slot
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desk_app.domain.stats import Grouping, Measure, StatRow, StatTable
from desk_app.i18n import N_, _, ui_language
from desk_app.labels import label, language_name
from desk_app.services.stats_tables import CODE_LISTS

BAR_COLOUR = QColor("#2b6cb0")
MAX_BARS = 40
"""A chart with more rows shows the largest ones; its table shows every row."""
ROW_HEIGHT = 30
"""Pixels per horizontal bar: less, and QtCharts shortens the names to "…"."""
MAX_TIMELINE_LABELS = 10
"""A timeline with more bars labels only every n-th one."""


def row_label(
    row: StatRow, grouping: Grouping | None = None, names: Mapping[str, str] | None = None
) -> str:
    """The row's name in the UI language: code lists and languages through the UI's own labels
    (so a Swedish UI says "Hänvisad"), catalogue names from ``names`` (code → name in the UI
    language, when the caller has them), else in Finnish or English (the tables carry those)."""
    if names and row.code in names:
        return names[row.code]
    members = CODE_LISTS.get(grouping) if grouping is not None else None
    if members is not None:
        try:
            return label(members(row.code))
        except ValueError:
            pass
    if grouping in (Grouping.LANGUAGE, Grouping.HANDOUT_LANGUAGE):
        return language_name(row.code)
    text = row.label_fi if ui_language() == "fi" else row.label_en
    return text or row.label_fi or row.code


def time_label(grouping: Grouping, code: str) -> str:
    """A short axis label: "1.10." for a day, "W40" for a week, "10/2026" for a month."""
    try:
        if grouping is Grouping.DAY:
            day = dt.date.fromisoformat(code)
            return f"{day.day}.{day.month}."
        if grouping is Grouping.MONTH:
            year, month = code.split("-")
            return f"{int(month)}/{year}"
    except ValueError:
        return code
    if grouping is Grouping.WEEK:
        return code.split("-")[-1]
    return code


def _chart_rows(
    table: StatTable, measure: Measure, timeline: bool, names: Mapping[str, str] | None
) -> list[tuple[str, int]]:
    index = table.measures.index(measure)
    grouping = table.grouping
    rows = [
        (
            time_label(grouping, r.code) if timeline else row_label(r, grouping, names),
            r.values[index],
        )
        for r in table.rows
    ]
    if len(rows) > MAX_BARS and not timeline:
        rows = sorted(rows, key=lambda item: -item[1])[:MAX_BARS]
    return rows


class Tile(QFrame):
    """One key figure: a big number over its caption."""

    def __init__(self, caption: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.value_label = QLabel("–")
        font = self.value_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.8)
        font.setBold(True)
        self.value_label.setFont(font)
        self.caption_label = QLabel(caption)
        self.caption_label.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.value_label)
        layout.addWidget(self.caption_label)
        self.setAccessibleName(caption)

    def set_value(self, text: str) -> None:
        self.value_label.setText(text)
        self.setAccessibleDescription(text)


class ChartCard(QFrame):
    """A titled bar chart of one measure, with a toggle to the same numbers as a table.

    ``timeline``: rows are days, weeks or months, vertical bars with short date labels;
    otherwise categories (topics, services, bands) as horizontal bars in the table's order, so
    long names stay readable (beyond ``MAX_BARS`` rows the largest)."""

    def __init__(self, title: str, timeline: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.timeline = timeline
        self.title_label = QLabel(f"<b>{title}</b>")
        self.toggle_button = QPushButton(_("Table"))
        self.toggle_button.setCheckable(True)
        self.toggle_button.setAccessibleName(_("Show {title} as a table").format(title=title))
        self.chart = QChart()
        self.chart.legend().hide()
        self.chart.setMargins(QMargins(2, 2, 2, 2))
        self.chart.setBackgroundRoundness(0)
        self.chart_view = QChartView(self.chart)
        self.chart_view.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.chart_view.setMinimumHeight(220)
        self.chart_view.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.table = QTableWidget(0, 2)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.setAccessibleName(title)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.chart_view)
        self.stack.addWidget(self.table)
        header = QHBoxLayout()
        header.addWidget(self.title_label, 1)
        header.addWidget(self.toggle_button)
        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(self.stack)
        self.toggle_button.toggled.connect(self._on_toggle_button_toggled)
        self.rows: list[tuple[str, int]] = []

    @Slot(bool)
    def _on_toggle_button_toggled(self, as_table: bool) -> None:
        self.stack.setCurrentIndex(1 if as_table else 0)

    def set_table(
        self, table: StatTable, measure: Measure, names: Mapping[str, str] | None = None
    ) -> None:
        index = table.measures.index(measure)
        self.table.setRowCount(len(table.rows))
        self.table.setHorizontalHeaderLabels([_("Name"), _(measure_label(measure))])
        for number, row in enumerate(table.rows):
            name = row_label(row, table.grouping, names)
            self.table.setItem(number, 0, QTableWidgetItem(name))
            value = QTableWidgetItem(str(row.values[index]))
            value.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.table.setItem(number, 1, value)
        self.rows = _chart_rows(table, measure, self.timeline, names)
        self._draw(self.rows)

    def _draw(self, rows: Sequence[tuple[str, int]]) -> None:
        chart = self.chart
        chart.removeAllSeries()
        for axis in chart.axes():
            chart.removeAxis(axis)
        bars = QBarSet("")
        bars.setColor(BAR_COLOUR)
        bars.setLabelColor(QColor("black"))
        labels = [label for label, _value in rows]
        values = [value for _label, value in rows]
        if not self.timeline:  # horizontal bars read top-down largest first
            labels.reverse()
            values.reverse()
        bars.append([float(v) for v in values])
        series = QBarSeries() if self.timeline else QHorizontalBarSeries()
        series.append(bars)
        series.setLabelsVisible(len(rows) <= 24)
        series.setLabelsPosition(QBarSeries.LabelsPosition.LabelsOutsideEnd)
        series.setLabelsFormat("@value")
        chart.addSeries(series)
        value_axis = QValueAxis()
        value_axis.setLabelFormat("%d")
        value_axis.setRange(0, max(5.0, max(values, default=0) * 1.15))
        value_axis.applyNiceNumbers()
        bottom, left = Qt.AlignmentFlag.AlignBottom, Qt.AlignmentFlag.AlignLeft
        category_side, value_side = (bottom, left) if self.timeline else (left, bottom)
        chart.addAxis(self._category_axis(labels), category_side)
        chart.addAxis(value_axis, value_side)
        for axis in chart.axes():
            series.attachAxis(axis)
        if self.timeline:
            self.chart_view.setFixedHeight(240)
        else:
            self.chart_view.setFixedHeight(max(140, ROW_HEIGHT * len(rows) + 56))

    def _category_axis(self, labels: list[str]) -> QBarCategoryAxis | QCategoryAxis:
        """Every label for a few bars; for a long timeline about a dozen evenly spaced ones (a
        bar category axis would print all of them on top of each other)."""
        if not self.timeline or len(labels) <= MAX_TIMELINE_LABELS:
            categories = QBarCategoryAxis()
            categories.append(labels or [""])
            return categories
        axis = QCategoryAxis()
        axis.setLabelsPosition(QCategoryAxis.AxisLabelsPosition.AxisLabelsPositionOnValue)
        axis.setRange(-0.5, len(labels) - 0.5)
        step = -(-len(labels) // MAX_TIMELINE_LABELS)
        for index in range(0, len(labels), step):
            axis.append(labels[index], index)
        return axis


MEASURE_LABELS = {
    Measure.VISITS: N_("Visits"),
    Measure.VISITORS: N_("Visitors"),
    Measure.REFERRALS: N_("Referrals"),
    Measure.HANDOUTS: N_("Handouts"),
}


def measure_label(measure: Measure) -> str:
    """The untranslated (N_) label of a measure; translate with ``_`` when shown."""
    return MEASURE_LABELS[measure]


OPENING_HOURS = range(8, 17)
"""Hours always shown in the heat table; earlier or later ones only when they have visits."""


def shown_hours(values: Sequence[Sequence[int]]) -> range:
    """The hours from the first to the last one with visits, at least ``OPENING_HOURS``."""
    used = [hour for row in values for hour, value in enumerate(row) if value]
    first = min([*used, OPENING_HOURS.start])
    last = max([*used, OPENING_HOURS.stop - 1])
    return range(first, last + 1)


class HeatTable(QTableWidget):
    """Visits by weekday (rows, Monday first) and local hour (columns): darker is busier."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.horizontalHeader()
        header.setMinimumSectionSize(22)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.setMinimumHeight(260)

    def set_values(self, weekdays: Sequence[str], values: Sequence[Sequence[int]]) -> None:
        """``values[weekday][hour]`` for 7 weekdays × 24 hours."""
        hours = shown_hours(values)
        self.clear()
        self.setRowCount(len(weekdays))
        self.setColumnCount(len(hours))
        self.setVerticalHeaderLabels(list(weekdays))
        self.setHorizontalHeaderLabels([f"{hour:02d}" for hour in hours])
        top = max((v for row in values for v in row), default=0) or 1
        for r, row in enumerate(values):
            for c, value in enumerate(row[hours.start : hours.stop]):
                item = QTableWidgetItem(str(value) if value else "")
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                share = value / top
                item.setBackground(QColor.fromHsvF(0.6, 0.85 * share, 1.0 - 0.45 * share))
                item.setForeground(QColor("white" if share > 0.55 else "black"))
                self.setItem(r, c, item)
