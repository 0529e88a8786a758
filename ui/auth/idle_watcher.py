"""Notices when nobody has used the keyboard or mouse for a while (the idle lock's trigger).

An application-wide event filter stamps every key press, mouse press, mouse move and wheel turn
with ``clock()``; a timer asks ``check()`` every few seconds and ``sig_idle`` fires once the
quiet has lasted ``limit_seconds``. Tests pass their own clock and call ``check()`` themselves.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer, Signal, Slot
from PySide6.QtWidgets import QApplication

_ACTIVITY = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
    }
)
CHECK_INTERVAL_MS = 5_000


class IdleWatcher(QObject):
    sig_idle = Signal()

    def __init__(
        self,
        limit_seconds: float,
        clock: Callable[[], float] = time.monotonic,
        parent: QObject | None = None,
        check_interval_ms: int = CHECK_INTERVAL_MS,
    ) -> None:
        super().__init__(parent)
        self.limit_seconds = limit_seconds
        self._clock = clock
        self._last = clock()
        self._paused = False
        self._timer = QTimer(self)
        self._timer.setInterval(check_interval_ms)
        self._timer.timeout.connect(self._on_timer_timeout)

    def start(self) -> None:
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        self._last = self._clock()
        self._timer.start()

    def stop(self) -> None:
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        self._timer.stop()

    def pause(self, paused: bool) -> None:
        """While locked there is nothing to lock; activity starts counting again on resume."""
        self._paused = paused
        self._last = self._clock()

    def touch(self) -> None:
        self._last = self._clock()

    def idle_seconds(self) -> float:
        return self._clock() - self._last

    def check(self) -> bool:
        """Emit ``sig_idle`` (and return True) if the quiet has lasted long enough."""
        if self._paused or self.idle_seconds() < self.limit_seconds:
            return False
        self.sig_idle.emit()
        return True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _ACTIVITY:
            self._last = self._clock()
        return False

    @Slot()
    def _on_timer_timeout(self) -> None:
        self.check()
