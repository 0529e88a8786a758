"""One slow call off the GUI thread, its result or its error delivered back on the GUI thread.

For jobs that touch no widget (an import plan, an export): the callable runs on a ``QThreadPool``
thread and a relay ``QObject`` owned by the GUI thread emits ``done`` or ``failed``, so the slots
run queued on the GUI thread, as in ``ui/handouts/sheet_jobs.py``. A ``DeskError`` is passed on as
it is (its message is for the user); anything else is logged with its traceback and passed on.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

log = logging.getLogger(__name__)


class JobRelay(QObject):
    done = Signal(object)
    failed = Signal(object)


class _Job(QRunnable):
    def __init__(self, work: Callable[[], Any], relay: JobRelay) -> None:
        super().__init__()
        self._work = work
        self._relay = relay

    def run(self) -> None:
        try:
            result = self._work()
        except Exception as exc:  # handed to the GUI thread, never lost on this one
            from desk_app.domain.errors import DeskError

            if not isinstance(exc, DeskError):
                log.exception("background job failed")
            self._relay.failed.emit(exc)
            return
        self._relay.done.emit(result)


class BackgroundJobs(QObject):
    """Runs jobs one after another on its own pool; ``busy()`` while one runs."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._running = 0

    def busy(self) -> bool:
        return self._running > 0

    def start(
        self,
        work: Callable[[], Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[Exception], None],
    ) -> None:
        relay = JobRelay(self)

        def finished() -> None:
            self._running -= 1
            relay.deleteLater()

        relay.done.connect(on_done)
        relay.failed.connect(on_error)
        relay.done.connect(finished)
        relay.failed.connect(finished)
        self._running += 1
        self._pool.start(_Job(work, relay))

    def wait(self, msecs: int = 30000) -> bool:
        """Wait for the running jobs (tests, and closing the window)."""
        return self._pool.waitForDone(msecs)
