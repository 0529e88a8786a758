"""Help → Keyboard shortcuts: every shortcut of the app in a table, from ``ui.shortcuts``.

The dialog is modeless (``show``, never ``exec``): the desk can keep it open beside the main
window while learning the keys, and tests never block on it. Esc or Close hides it; F1 brings the
same dialog back (``show_shortcuts``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desk_app.i18n import _
from ui.shortcuts import SHORTCUTS, Shortcut

_Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()


class ShortcutTableModel(QAbstractTableModel):
    """Keys and what they do, under a heading row for each group (the view spans headings)."""

    KEYS, DESCRIPTION = range(2)

    def __init__(self, shortcuts: Sequence[Shortcut] = SHORTCUTS, parent: QWidget | None = None):
        super().__init__(parent)
        self._rows: list[Shortcut | str] = []
        for entry in shortcuts:
            if entry.group not in self._rows:
                self._rows.append(entry.group)
                self._rows.extend(e for e in shortcuts if e.group == entry.group)

    def rowCount(self, parent: _Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = _ROOT) -> int:
        return 0 if parent.isValid() else 2

    def is_heading(self, row: int) -> bool:
        return isinstance(self._rows[row], str)

    def shortcut_at(self, row: int) -> Shortcut | None:
        entry = self._rows[row]
        return entry if isinstance(entry, Shortcut) else None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        entry = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            if isinstance(entry, str):
                return _(entry) if index.column() == self.KEYS else ""
            if index.column() == self.KEYS:
                return entry.key_text()
            return _(entry.description)
        if role == Qt.ItemDataRole.FontRole and (
            isinstance(entry, str) or index.column() == self.KEYS
        ):
            font = QFont()
            font.setBold(True)
            return font
        # Headings sit on the window colour, apart from the alternating rows below them.
        if role == Qt.ItemDataRole.BackgroundRole and isinstance(entry, str):
            return QApplication.palette().brush(QPalette.ColorRole.Window)
        if role == Qt.ItemDataRole.ForegroundRole and isinstance(entry, str):
            return QApplication.palette().brush(QPalette.ColorRole.WindowText)
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if index.isValid() and self.is_heading(index.row()):
            return Qt.ItemFlag.ItemIsEnabled
        return super().flags(index)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        titles = (_("Keys"), _("What it does"))
        return titles[section] if 0 <= section < len(titles) else None


class ShortcutsDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Keyboard shortcuts"))
        self.model = ShortcutTableModel(parent=self)
        self.table = QTableView()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self._build_layout()
        self._connect_signals()
        self.resize(760, 560)

    def _build_layout(self) -> None:
        intro = QLabel(_("Pointti Desk is made for the keyboard. These keys work in the window:"))
        intro.setWordWrap(True)
        self.table.setModel(self.model)
        self.table.setAccessibleName(_("Keyboard shortcuts"))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(True)
        self.table.verticalHeader().setVisible(False)
        # Rows grow to fit wrapped descriptions; the description column takes the spare width.
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(
            ShortcutTableModel.KEYS, QHeaderView.ResizeMode.ResizeToContents
        )
        header.setSectionResizeMode(ShortcutTableModel.DESCRIPTION, QHeaderView.ResizeMode.Stretch)
        for row in range(self.model.rowCount()):
            if self.model.is_heading(row):
                self.table.setSpan(row, 0, 1, self.model.columnCount())
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.setCurrentIndex(self.model.index(1, ShortcutTableModel.KEYS))
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.buttons)

    def _connect_signals(self) -> None:
        self.buttons.rejected.connect(self.reject)

    def key_texts(self) -> list[str]:
        """The keys column as shown, top to bottom."""
        return [
            self.model.index(row, ShortcutTableModel.KEYS).data()
            for row in range(self.model.rowCount())
            if not self.model.is_heading(row)
        ]


def show_shortcuts(parent: QWidget) -> ShortcutsDialog:
    """Show (or bring back) the one shortcuts dialog of ``parent``, without blocking."""
    dialog = parent.findChild(ShortcutsDialog)
    if dialog is None:
        dialog = ShortcutsDialog(parent)
    dialog.show()
    dialog.raise_()
    dialog.activateWindow()
    return dialog
