"""When the visit happened: "now" by default, or a typed local date and time for a late entry.

In "now" mode the box follows the clock and ``occurred_at()`` is None, so the core stamps the exact
time of saving. Editing the box switches to a fixed time in the desk's time zone (minutes); "Now"
goes back. The core stores the real entry time as well, so a back-dated visit shows both.

The box is a wall-clock editor: it holds the local date and time as if they were UTC, so the
machine's own time zone (and its daylight-saving rules) never shifts what the desk typed; the
desk's zone turns the wall time into an instant.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from zoneinfo import ZoneInfo

from PySide6.QtCore import QDate, QDateTime, Qt, QTime, QTimer, QTimeZone, Signal, Slot
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import QDateTimeEdit, QHBoxLayout, QPushButton, QSizePolicy, QWidget

from desk_app.i18n import _

DISPLAY_FORMAT = "d.M.yyyy HH:mm"
REFRESH_MS = 15_000
"""How often the box catches up with the clock while it shows "now"."""


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class VisitTimeEdit(QDateTimeEdit):
    """Tab leaves the box instead of walking its five sections (←/→ move between them), and
    arriving by keyboard selects the hour, so "0930" sets the time of a visit earlier today."""

    def focusNextPrevChild(self, next: bool) -> bool:
        return QWidget.focusNextPrevChild(self, next)

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        keyboard = (
            Qt.FocusReason.TabFocusReason,
            Qt.FocusReason.BacktabFocusReason,
            Qt.FocusReason.ShortcutFocusReason,
        )
        if event.reason() in keyboard:  # a click puts the cursor where it was clicked
            self.setSelectedSection(QDateTimeEdit.Section.HourSection)


class VisitTimeWidget(QWidget):
    sig_changed = Signal()  # the user changed the time, or went back to "now"

    def __init__(
        self,
        tz: ZoneInfo,
        clock: Callable[[], dt.datetime] = _utcnow,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._tz = tz
        self._clock = clock
        self._follows_now = True
        self.edit = VisitTimeEdit()
        self.now_button = QPushButton(_("Now"))
        self._timer = QTimer(self)
        self._build()
        self._connect_signals()
        self.reset_to_now()

    def _build(self) -> None:
        self.edit.setTimeZone(QTimeZone(QTimeZone.Initialization.UTC))
        self.edit.setDisplayFormat(DISPLAY_FORMAT)
        self.edit.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.edit.setAccessibleName(_("Time of visit"))
        self.edit.setToolTip(
            _(
                "When the visit happened, in local time. Leave it at now, or type an earlier "
                "time for a late entry; the time of entry is kept as well."
            )
        )
        self.now_button.setAutoDefault(False)
        self.now_button.setAccessibleName(_("Set the time of visit to now"))
        self.now_button.setToolTip(_("Set the time of visit back to now"))
        self.now_button.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.now_button)
        self.setFocusProxy(self.edit)
        self._timer.setInterval(REFRESH_MS)

    def _connect_signals(self) -> None:
        self.edit.dateTimeChanged.connect(self._on_edit_date_time_changed)
        self.now_button.clicked.connect(self._on_now_button_clicked)
        self._timer.timeout.connect(self._on_timer_timeout)

    # --- public API -------------------------------------------------------------------------

    def follows_now(self) -> bool:
        return self._follows_now

    def occurred_at(self) -> dt.datetime | None:
        """The visit time as an aware instant, or None for "now" (the core's clock decides)."""
        if self._follows_now:
            return None
        value = self.edit.dateTime()
        day, time = value.date(), value.time()
        local = dt.datetime(day.year(), day.month(), day.day(), time.hour(), time.minute())
        return local.replace(tzinfo=self._tz)

    def set_occurred_at(self, moment: dt.datetime | None) -> None:
        """Show ``moment`` (any aware time) in local time, or follow the clock for None."""
        if moment is None:
            self.reset_to_now()
            return
        self._follows_now = False
        self._timer.stop()
        self._show(moment)

    def reset_to_now(self) -> None:
        self._follows_now = True
        self._show(self._clock())
        self._timer.start()

    def _show(self, moment: dt.datetime) -> None:
        local = moment.astimezone(self._tz)
        value = QDateTime(
            QDate(local.year, local.month, local.day),
            QTime(local.hour, local.minute),
            QTimeZone(QTimeZone.Initialization.UTC),
        )
        self.edit.blockSignals(True)
        self.edit.setDateTime(value)
        self.edit.blockSignals(False)

    # --- slots ------------------------------------------------------------------------------

    @Slot(QDateTime)
    def _on_edit_date_time_changed(self, _value: QDateTime) -> None:
        self._follows_now = False
        self._timer.stop()
        self.sig_changed.emit()

    @Slot()
    def _on_now_button_clicked(self) -> None:
        self.reset_to_now()
        self.sig_changed.emit()

    @Slot()
    def _on_timer_timeout(self) -> None:
        if self._follows_now:
            self._show(self._clock())
