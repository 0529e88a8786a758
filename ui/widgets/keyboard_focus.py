"""Item views that select a row when the keyboard reaches them.

A list or table reached by Tab or an Alt+letter with nothing selected leaves its buttons (Edit,
Delete, Remove, Follow-up…) disabled, and nothing tells the desk worker to press Space first.
``select_on_keyboard_focus(view)`` selects the current row then, or the first; a mouse click keeps
its own choice.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import QAbstractItemView


class _SelectOnKeyboardFocus(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            isinstance(watched, QAbstractItemView)
            and event.type() == QEvent.Type.FocusIn
            and isinstance(event, QFocusEvent)
            and event.reason() != Qt.FocusReason.MouseFocusReason
        ):
            model, selection = watched.model(), watched.selectionModel()
            if model is not None and model.rowCount() and not selection.hasSelection():
                current = watched.currentIndex()
                watched.setCurrentIndex(current if current.isValid() else model.index(0, 0))
        return super().eventFilter(watched, event)


def select_on_keyboard_focus(view: QAbstractItemView) -> None:
    """Install the behaviour on ``view`` (the filter lives as long as the view)."""
    view.installEventFilter(_SelectOnKeyboardFocus(view))
