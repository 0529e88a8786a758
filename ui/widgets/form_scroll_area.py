"""A scroll area for a whole form that scrolls only when the window is shorter than the form's
least height.

``QScrollArea`` with ``widgetResizable`` gives a widget whose layout has height-for-width (wrapping
rows of topic chips) its *preferred* height for the width, so the form scrolls as soon as the
window is shorter than the form at its most comfortable, and the parts inside it that could shrink
(the chips' own scroll area) never do. This one gives the form the viewport's size, or the form's
least height when that is more: the inner parts shrink first, and the whole form scrolls last.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QFrame, QScrollArea, QWidget


class FormScrollArea(QScrollArea):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(False)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes to the form's controls

    def setWidget(self, widget: QWidget) -> None:
        super().setWidget(widget)
        widget.installEventFilter(self)
        self._fit()

    def _fit(self) -> None:
        widget = self.widget()
        if widget is None:
            return
        viewport = self.viewport().size()
        least = max(widget.minimumSizeHint().height(), widget.minimumHeight())
        width = viewport.width()
        if least > viewport.height():  # a scroll bar will show and take its width
            width = self.width() - self.verticalScrollBar().sizeHint().width()
        widget.resize(width, max(viewport.height(), least))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.widget() and event.type() == QEvent.Type.LayoutRequest:
            self._fit()  # the form's least height changed (e.g. the optional questions opened)
            self.updateGeometry()
        return super().eventFilter(watched, event)

    def minimumSizeHint(self):
        hint = super().minimumSizeHint()
        widget = self.widget()
        if widget is not None:
            bar = self.verticalScrollBar().sizeHint().width()
            hint.setWidth(max(widget.minimumSizeHint().width(), widget.minimumWidth()) + bar)
        return hint
