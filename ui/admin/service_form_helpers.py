"""Small pieces the service, channel and hours editors share: labelled fields, date and time
boxes, check lists, and the message shown next to a refused field.

A refused value (``ValidationError`` with a ``field``) is shown where the eye already is: the
field gets a red frame, the message appears in a bubble right under it (above it when there is no
room below) and in the page's footer, the message becomes the field's accessible description, and
the focus moves there. What the user typed stays; the bubble goes once the field is edited.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable, Sequence

from PySide6.QtCore import QEvent, QObject, QPoint, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from desk_app.domain.catalogue_rules import format_date, format_time, parse_date, parse_time
from desk_app.domain.errors import ValidationError
from desk_app.i18n import _
from ui.dialogs import ask

ERROR_COLOUR = "#a00000"
INVALID_STYLE = f"border: 2px solid {ERROR_COLOUR};"
BUBBLE_STYLE = (
    f"QLabel {{ background: #fff3f3; color: {ERROR_COLOUR}; border: 1px solid {ERROR_COLOUR};"
    " border-radius: 3px; padding: 3px 6px; }"
)
BUBBLE_WIDTH = 360


def set_tab_order(widgets: Iterable[QWidget]) -> None:
    """Tab visits ``widgets`` in this order."""
    for first, second in itertools.pairwise(widgets):
        QWidget.setTabOrder(first, second)


def describe(widget: QWidget, name: str, tooltip: str) -> QWidget:
    """Give a control its accessible name and tooltip (every reachable control has both)."""
    widget.setAccessibleName(name)
    widget.setToolTip(tooltip)
    return widget


def field_box(text: str, widget: QWidget, buddy: QWidget | None = None) -> QVBoxLayout:
    """A label above its control; an "&" in ``text`` makes Alt+letter focus the control."""
    title = QLabel(text)
    title.setBuddy(buddy or widget)
    box = QVBoxLayout()
    box.setSpacing(2)
    box.addWidget(title)
    box.addWidget(widget)
    return box


def ask_discard(parent: QWidget | None) -> bool:
    """Whether to throw away unsaved changes (tests replace ``ask.ask_yes_no``)."""
    return ask.ask_yes_no(
        parent,
        _("Unsaved changes"),
        _("The changes have not been saved. Discard them?"),
    )


class DateEdit(QLineEdit):
    """A date as staff type it ("31.12.2026" or ISO); empty is no date."""

    def __init__(self, name: str, tooltip: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        describe(self, name, tooltip)
        self.setPlaceholderText(_("d.m.yyyy"))
        self.setMaximumWidth(self.fontMetrics().horizontalAdvance("00.00.00000") + 16)

    def value(self, field: str) -> dt.date | None:
        """The date, or ``ValidationError`` naming ``field`` when the text is not one."""
        try:
            return parse_date(self.text())
        except ValueError:
            raise ValidationError(_("Give the date as 31.12.2026."), field=field) from None

    def set_value(self, day: dt.date | None) -> None:
        self.setText(format_date(day))


class TimeEdit(QLineEdit):
    """A time as staff type it: "9", "9.30", "16:00", "24"."""

    def __init__(self, name: str, tooltip: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        describe(self, name, tooltip)
        self.setPlaceholderText(_("hh:mm"))
        self.setMaximumWidth(self.fontMetrics().horizontalAdvance("00:000") + 16)

    def value(self, field: str) -> dt.time:
        try:
            return parse_time(self.text())
        except ValueError:
            raise ValidationError(
                _("Give the time as 9, 9.30 or 16:00 (24 for midnight)."), field=field
            ) from None

    def try_value(self) -> dt.time | None:
        try:
            return parse_time(self.text())
        except ValueError:
            return None

    def set_value(self, time: dt.time | None) -> None:
        self.setText("" if time is None else format_time(time))


class CheckList(QListWidget):
    """Codes to tick, in as many equal columns as fit; Space ticks the current one.

    One tab stop for the whole list (arrows move, Space ticks), rather than one check box per
    code, so Tab passes twenty topics in one step. Every label shows in full: the columns are as
    wide as the longest label, and the list grows to as many rows as the width leaves.
    """

    sig_changed = Signal()

    def __init__(self, name: str, tooltip: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        describe(self, name, tooltip)
        self.setFlow(QListWidget.Flow.LeftToRight)
        self.setWrapping(True)
        self.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.itemChanged.connect(lambda _item: self.sig_changed.emit())

    def set_items(self, items: Sequence[tuple[str, str]]) -> None:
        """(code, label) pairs, unticked."""
        self.blockSignals(True)
        self.clear()
        for code, text in items:
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, code)
            item.setToolTip(text)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.addItem(item)
        self.blockSignals(False)
        widest = self.sizeHintForColumn(0)
        height = self.sizeHintForRow(0) if self.count() else self.fontMetrics().height() + 6
        self.setGridSize(QSize(widest + 12, height))
        self._fit_height()

    def _fit_height(self) -> None:
        grid = self.gridSize()
        if grid.width() <= 0 or not self.count():
            return
        columns = max(1, (self.viewport().width() or self.width()) // grid.width())
        rows = -(-self.count() // columns)
        self.setFixedHeight(rows * grid.height() + 2 * self.frameWidth() + 2)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self._fit_height()

    def minimumSizeHint(self) -> QSize:
        return QSize(
            self.gridSize().width() + 2 * self.frameWidth(), super().minimumSizeHint().height()
        )

    def set_checked(self, codes: Iterable[str]) -> None:
        wanted = set(codes)
        self.blockSignals(True)
        for index in range(self.count()):
            item = self.item(index)
            ticked = item.data(Qt.ItemDataRole.UserRole) in wanted
            item.setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)
        self.blockSignals(False)

    def checked(self) -> tuple[str, ...]:
        return tuple(
            str(self.item(i).data(Qt.ItemDataRole.UserRole))
            for i in range(self.count())
            if self.item(i).checkState() == Qt.CheckState.Checked
        )


class FieldMessage(QObject):
    """The bubble that shows a refused value's message next to its field, inside ``host``."""

    def __init__(self, host: QWidget) -> None:
        super().__init__(host)
        self.host = host
        self.bubble = QLabel(host)
        self.bubble.setObjectName("fieldMessage")
        self.bubble.setStyleSheet(BUBBLE_STYLE)
        self.bubble.setWordWrap(True)
        self.bubble.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.bubble.hide()
        self.field_widget: QWidget | None = None
        self._old_style = ""

    def show(self, widget: QWidget, message: str) -> None:
        """Frame ``widget``, put the message next to it, and give it the focus."""
        self.clear()
        self.field_widget = widget
        self._old_style = widget.styleSheet()
        widget.setStyleSheet(INVALID_STYLE)
        widget.setAccessibleDescription(message)
        widget.installEventFilter(self)
        self._ensure_visible(widget)
        widget.setFocus(Qt.FocusReason.OtherFocusReason)
        if isinstance(widget, QLineEdit):
            widget.selectAll()
        self.bubble.setText(message)
        self._place()
        # The tab switch or scroll that brought the field into view may still be laid out.
        QTimer.singleShot(0, self._place)

    def _ensure_visible(self, widget: QWidget) -> None:
        parent = widget.parentWidget()
        while parent is not None and parent is not self.host:
            if isinstance(parent, QScrollArea):
                parent.ensureWidgetVisible(widget)
            parent = parent.parentWidget()

    def _place(self) -> None:
        widget = self.field_widget
        if widget is None or not widget.isVisible():
            self.bubble.hide()
            return
        natural = self.bubble.fontMetrics().horizontalAdvance(self.bubble.text()) + 24
        width = min(natural, BUBBLE_WIDTH, self.host.width())
        self.bubble.setFixedWidth(width)
        self.bubble.adjustSize()
        below = widget.mapTo(self.host, QPoint(0, widget.height() + 1))
        above = widget.mapTo(self.host, QPoint(0, -self.bubble.height() - 1))
        spot = below if below.y() + self.bubble.height() <= self.host.height() else above
        spot.setX(max(0, min(spot.x(), self.host.width() - width)))
        self.bubble.move(spot)
        self.bubble.show()
        self.bubble.raise_()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.field_widget and event.type() in (
            QEvent.Type.KeyPress,
            QEvent.Type.Hide,
        ):
            key = getattr(event, "key", lambda: 0)()
            if event.type() == QEvent.Type.Hide or key not in (
                Qt.Key.Key_Tab,
                Qt.Key.Key_Backtab,
                Qt.Key.Key_Shift,
                Qt.Key.Key_Alt,
                Qt.Key.Key_Control,
            ):
                self.bubble.hide()  # being corrected: the frame stays until the next save
        return False

    def text(self) -> str:
        return self.bubble.text() if self.bubble.isVisible() else ""

    def clear(self) -> None:
        self.bubble.hide()
        widget = self.field_widget
        if widget is not None:
            widget.setStyleSheet(self._old_style)
            widget.setAccessibleDescription("")
            widget.removeEventFilter(self)
            self.field_widget = None


def plain_text_edit(name: str, tooltip: str, lines: int) -> QPlainTextEdit:
    """A multi-line text box ``lines`` high where Tab moves on (it never types a tab)."""
    edit = QPlainTextEdit()
    describe(edit, name, tooltip)
    edit.setTabChangesFocus(True)
    edit.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
    edit.setSizeAdjustPolicy(QAbstractScrollArea.SizeAdjustPolicy.AdjustIgnored)
    margins = edit.contentsMargins()
    height = (
        edit.fontMetrics().lineSpacing() * lines
        + 2 * int(edit.document().documentMargin())
        + margins.top()
        + margins.bottom()
        + 2 * edit.frameWidth()
    )
    edit.setFixedHeight(height)
    return edit
