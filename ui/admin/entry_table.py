"""A read-only table of DTOs for the catalogue admin pages: columns described as data, rows that
are no longer in use shown greyed and italic, and the table view the pages put it in.

The topics, organisations, programmes and staleness pages all list plain frozen DTOs from the
services; one model over "a list of anything with these columns" serves them all, so a page
describes its columns and never writes a model of its own.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from desk_app.i18n import _
from ui.widgets.keyboard_focus import select_on_keyboard_focus

ROOT = QModelIndex()
Index = QModelIndex | QPersistentModelIndex
INACTIVE_COLOUR = QColor("#5f5f5f")  # 6.4:1 on white: readable, yet clearly set apart


@dataclass(frozen=True)
class Column:
    header: str
    """Marked with ``N_``; translated when shown."""
    text: Callable[[Any], str]
    right: bool = False


class EntryTableModel(QAbstractTableModel):
    """A read-only table over a list of DTOs; rows ``is_inactive`` says are shown greyed and
    italic (their status is also spelled out in a column, not left to colour)."""

    def __init__(
        self,
        columns: Sequence[Column],
        is_inactive: Callable[[Any], bool] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._columns = list(columns)
        self._is_inactive = is_inactive or (lambda _entry: False)
        self._entries: list[Any] = []

    def set_entries(self, entries: Sequence[Any]) -> None:
        self.beginResetModel()
        self._entries = list(entries)
        self.endResetModel()

    def entries(self) -> list[Any]:
        return list(self._entries)

    def entry_at(self, row: int) -> Any:
        return self._entries[row]

    def rowCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else len(self._entries)

    def columnCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else len(self._columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(self._columns)
        ):
            return _(self._columns[section].header)
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._entries):
            return None
        entry, column = self._entries[index.row()], self._columns[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return column.text(entry)
        if role == Qt.ItemDataRole.TextAlignmentRole and column.right:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if self._is_inactive(entry):
            if role == Qt.ItemDataRole.ForegroundRole:
                return INACTIVE_COLOUR
            if role == Qt.ItemDataRole.FontRole:
                font = QFont()
                font.setItalic(True)
                return font
        return None


def make_table(model: QAbstractTableModel, stretch: Sequence[int]) -> QTableView:
    """A row-selecting, read-only table that Tab leaves (arrows move inside it)."""
    table = QTableView()
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setTabKeyNavigation(False)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.verticalHeader().setVisible(False)
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 8)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    for column in stretch:  # the texts share what the short columns leave
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
    select_on_keyboard_focus(table)
    return table


def selected_row(table: QTableView) -> int | None:
    rows = table.selectionModel().selectedRows()
    return rows[0].row() if rows else None
