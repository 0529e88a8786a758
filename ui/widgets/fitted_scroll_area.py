"""A vertical scroll area that asks its layout for exactly the height its content needs.

A plain ``QScrollArea`` has a fixed-ish size hint, so in a column it either leaves a gap under
short content or takes space the widgets below it need. This one reports the content's
height-for-width at its current width as its size hint, and only a few lines as its minimum: with
room to spare it shows everything without a scroll bar, and in a short window it is the part that
shrinks and scrolls while the widgets around it stay in view.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QFrame, QScrollArea, QSizePolicy, QWidget


class FittedScrollArea(QScrollArea):
    def __init__(self, minimum_height: int = 0, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._minimum_height = minimum_height
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        # Not a tab stop of its own: Tab goes straight to the content, and the scroll area
        # scrolls a focused child into view.
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)

    def set_minimum_content_height(self, height: int) -> None:
        """The least height worth keeping (e.g. two rows of chips) when the window is short."""
        self._minimum_height = height
        self.updateGeometry()

    def content_height(self, width: int | None = None) -> int:
        """Height the content needs at ``width`` (default: the current width) beside a scroll bar.

        Measuring as if the scroll bar were shown keeps the area stable: once shown, a bar makes
        the content narrower and so taller, and ``QScrollArea`` keeps it unless the height fits the
        narrower width. At worst the content gets one row more room than it needs.
        """
        widget = self.widget()
        if widget is None:
            return 0
        frame = 2 * self.frameWidth()
        if width is None:
            width = self.width() if self.width() > 0 else widget.sizeHint().width()
        bar = self.verticalScrollBar().sizeHint().width()
        inner = max(width - frame - bar, 1)
        if widget.hasHeightForWidth():
            return widget.heightForWidth(inner) + frame
        return widget.sizeHint().height() + frame

    def sizeHint(self) -> QSize:
        return QSize(super().sizeHint().width(), self.content_height())

    def minimumSizeHint(self) -> QSize:
        height = min(self._minimum_height, self.content_height())
        return QSize(super().minimumSizeHint().width(), height)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        # A new width re-wraps the content, so the height this area asks for changes too.
        if event.size().width() != event.oldSize().width():
            self.updateGeometry()
