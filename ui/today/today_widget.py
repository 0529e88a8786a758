"""Today's visits at the bottom of the window: a count and a table, newest first.

The widget shows what ``refresh`` gives it; the main window reloads it after each save and on F5.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from zoneinfo import ZoneInfo

from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desk_app.domain.visit import VisitRecord
from desk_app.i18n import ngettext
from ui.models.visit_table_model import Column, VisitTableModel


class TodayWidget(QWidget):
    def __init__(self, tz: ZoneInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = VisitTableModel(tz, self)
        self.table = QTableView()
        self.count_label = QLabel()
        self._build_layout()
        self.refresh([])

    def _build_layout(self) -> None:
        font = self.count_label.font()
        font.setBold(True)
        self.count_label.setFont(font)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        row_height = self.table.fontMetrics().height() + 8
        self.table.verticalHeader().setDefaultSectionSize(row_height)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        # Short coded columns fit their (translated) labels; topics take what is left.
        for column in (Column.TIME, Column.CHANNEL, Column.VISITOR_TYPE, Column.VISITORS):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(Column.TOPICS, QHeaderView.ResizeMode.Stretch)
        header.resizeSection(Column.REFERRALS, 220)
        header.resizeSection(Column.OUTCOME, 150)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.count_label)
        layout.addWidget(self.table, 1)

    def set_topic_labels(self, labels: Mapping[str, str]) -> None:
        self.model.set_topic_labels(labels)

    def set_service_names(self, names: Mapping[str, str]) -> None:
        self.model.set_service_names(names)

    def refresh(self, records: Sequence[VisitRecord]) -> None:
        newest_first = sorted(records, key=lambda r: r.occurred_at, reverse=True)
        self.model.set_records(newest_first)
        visits = len(newest_first)
        self.count_label.setText(
            ngettext("Today: {n} visit", "Today: {n} visits", visits).format(n=visits)
        )

    def height_for_rows(self, rows: int) -> int:
        """Height that shows the title, the table header and ``rows`` visits."""
        margins = self.layout().contentsMargins()
        chrome = margins.top() + margins.bottom() + self.layout().spacing()
        return (
            chrome
            + self.count_label.sizeHint().height()
            + self.table.horizontalHeader().sizeHint().height()
            + rows * self.table.verticalHeader().defaultSectionSize()
            + 2 * self.table.frameWidth()
        )

    def row_count(self) -> int:
        return self.model.rowCount()
