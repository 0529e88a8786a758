"""The Today table: a read-only model over ``VisitRecord`` DTOs, one visit (or tally) per row.

Times are shown in the desk's time zone; topics as their catalogue labels in the UI language
and referrals as service names in the UI language (the code when the name is unknown).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from enum import IntEnum
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from desk_app.domain.visit import VisitRecord
from desk_app.i18n import N_, _
from desk_app.labels import format_time, label

ROOT = QModelIndex()

Index = QModelIndex | QPersistentModelIndex

VISIT_ID_ROLE = Qt.ItemDataRole.UserRole + 1
"""The visit id (str) of a row, for edit and undo later."""


class Column(IntEnum):
    TIME = 0
    CHANNEL = 1
    VISITOR_TYPE = 2
    TOPICS = 3
    REFERRALS = 4
    OUTCOME = 5
    VISITORS = 6


_HEADERS = {
    Column.TIME: N_("Time"),
    Column.CHANNEL: N_("Channel"),
    Column.VISITOR_TYPE: N_("Visitor type"),
    Column.TOPICS: N_("Topics"),
    Column.REFERRALS: N_("Referrals"),
    Column.OUTCOME: N_("Outcome"),
    Column.VISITORS: N_("Visitors"),
}

_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


class VisitTableModel(QAbstractTableModel):
    """Rows in the order given; ``set_records`` replaces them all."""

    def __init__(self, tz: ZoneInfo, parent: Any = None) -> None:
        super().__init__(parent)
        self._tz = tz
        self._records: list[VisitRecord] = []
        self._topic_labels: dict[str, str] = {}
        self._service_names: dict[str, str] = {}

    def set_records(self, records: Sequence[VisitRecord]) -> None:
        self.beginResetModel()
        self._records = list(records)
        self.endResetModel()

    def set_topic_labels(self, labels: Mapping[str, str]) -> None:
        self._topic_labels = dict(labels)
        self._column_changed(Column.TOPICS)

    def set_service_names(self, names: Mapping[str, str]) -> None:
        self._service_names = dict(names)
        self._column_changed(Column.REFERRALS)

    def _column_changed(self, column: Column) -> None:
        if self._records:
            top = self.index(0, column)
            bottom = self.index(len(self._records) - 1, column)
            self.dataChanged.emit(top, bottom, [Qt.ItemDataRole.DisplayRole])

    def record_at(self, row: int) -> VisitRecord:
        return self._records[row]

    def visitor_total(self) -> int:
        return sum(r.visitor_count for r in self._records)

    def rowCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else len(self._records)

    def columnCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else len(Column)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(Column):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return _(_HEADERS[Column(section)])
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._records):
            return None
        record = self._records[index.row()]
        column = Column(index.column())
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._text(record, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == Column.VISITORS:
            return int(_RIGHT.value)
        if role == VISIT_ID_ROLE:
            return record.id
        return None

    def _text(self, record: VisitRecord, column: Column) -> str:
        if column == Column.TIME:
            return format_time(record.occurred_at.astimezone(self._tz))
        if column == Column.CHANNEL:
            return label(record.channel)
        if column == Column.VISITOR_TYPE:
            return label(record.visitor_type)
        if column == Column.TOPICS:
            return ", ".join(self._topic_labels.get(c, c) for c in record.topic_codes)
        if column == Column.REFERRALS:
            return ", ".join(self._service_names.get(c, c) for c in record.referral_codes)
        if column == Column.OUTCOME:
            return label(record.outcome)
        return str(record.visitor_count)
