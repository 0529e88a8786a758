"""Follow-ups as a read-only table model over ``FollowUp`` DTOs (overdue rows marked in words)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from desk_app.domain.followup import FollowUp
from desk_app.i18n import N_, _, ui_language
from desk_app.labels import format_date, label

ROOT = QModelIndex()
Index = QModelIndex | QPersistentModelIndex
REFERRAL_ID_ROLE = Qt.ItemDataRole.UserRole + 1


class Column(IntEnum):
    DUE = 0
    SERVICE = 1
    VISIT_DAY = 2
    STATUS = 3
    NOTE = 4
    CONTACT = 5


_HEADERS = {
    Column.DUE: N_("Due"),
    Column.SERVICE: N_("Service"),
    Column.VISIT_DAY: N_("Visit"),
    Column.STATUS: N_("Status"),
    Column.NOTE: N_("Reason"),
    Column.CONTACT: N_("Contact details"),
}


class FollowUpTableModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._items: list[FollowUp] = []
        self._today = dt.date.today()

    def set_items(self, items: Sequence[FollowUp], today: dt.date) -> None:
        self.beginResetModel()
        self._items = list(items)
        self._today = today
        self.endResetModel()

    def item_at(self, row: int) -> FollowUp:
        return self._items[row]

    def overdue_count(self) -> int:
        return sum(1 for item in self._items if item.overdue(self._today))

    def rowCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else len(self._items)

    def columnCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else len(Column)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(Column)
        ):
            return _(_HEADERS[Column(section)])
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._items):
            return None
        item = self._items[index.row()]
        column = Column(index.column())
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._text(item, column)
        if role == Qt.ItemDataRole.FontRole and item.overdue(self._today):
            font = QFont()
            font.setBold(True)
            return font
        if role == REFERRAL_ID_ROLE:
            return item.referral_id
        return None

    def _text(self, item: FollowUp, column: Column) -> str:
        if column == Column.DUE:
            due = format_date(item.due)
            if item.overdue(self._today):
                return _("{date} (overdue)").format(date=due)
            return due
        if column == Column.SERVICE:
            return item.service_name.text(ui_language()) or item.service_code
        if column == Column.VISIT_DAY:
            return format_date(item.visit_day)
        if column == Column.STATUS:
            return label(item.status)
        if column == Column.NOTE:
            return item.note
        return _("Yes") if item.has_contact else _("No")
