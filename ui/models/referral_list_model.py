"""The services referred during the visit being recorded: a small editable list of (code, name).

The intake form owns one; the finder and the card add to it through the main window. A service
appears at most once, in the order it was added.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt

ROOT = QModelIndex()

Index = QModelIndex | QPersistentModelIndex

CODE_ROLE = Qt.ItemDataRole.UserRole + 1
NAME_ROLE = Qt.ItemDataRole.UserRole + 2


@dataclass
class Referral:
    code: str
    name: str
    follow_up: str = ""  # e.g. "follow-up by 12.12.2026", shown after the name


class ReferralListModel(QAbstractListModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._items: list[Referral] = []

    def add(self, code: str, name: str) -> bool:
        """Append a service; False when it is already in the list."""
        if any(item.code == code for item in self._items):
            return False
        row = len(self._items)
        self.beginInsertRows(ROOT, row, row)
        self._items.append(Referral(code, name))
        self.endInsertRows()
        return True

    def remove_row(self, row: int) -> None:
        if not 0 <= row < len(self._items):
            return
        self.beginRemoveRows(ROOT, row, row)
        del self._items[row]
        self.endRemoveRows()

    def clear(self) -> None:
        self.beginResetModel()
        self._items = []
        self.endResetModel()

    def codes(self) -> tuple[str, ...]:
        return tuple(item.code for item in self._items)

    def set_follow_up(self, code: str, text: str) -> None:
        """Show (or with "" clear) the follow-up note of the service ``code``."""
        for row, item in enumerate(self._items):
            if item.code == code:
                item.follow_up = text
                index = self.index(row, 0)
                self.dataChanged.emit(index, index, [Qt.ItemDataRole.DisplayRole])

    def rowCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else len(self._items)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._items):
            return None
        item = self._items[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return f"{item.name} — {item.follow_up}" if item.follow_up else item.name
        if role == CODE_ROLE:
            return item.code
        if role == NAME_ROLE:
            return item.name
        return None
