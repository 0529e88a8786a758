"""The last line of defence: an exception hook that logs a crash and tells the desk calmly.

An exception escaping a slot would otherwise print to a console nobody sees (or end the app under
some PySide6 settings). The hook writes the traceback to the log file, shows a friendly dialog
naming that file, and lets the app go on: every confirmed save is already committed.
"""

from __future__ import annotations

import logging
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from PySide6.QtWidgets import QApplication

from ui.dialogs import error_dialog

log = logging.getLogger(__name__)

ExceptHook = Callable[[type[BaseException], BaseException, TracebackType | None], None]


class ExceptionHook:
    """Callable installed as ``sys.excepthook``; ``install()`` returns the previous hook."""

    def __init__(self, log_file: Path | str) -> None:
        self.log_file = log_file
        self._showing = False

    def __call__(
        self,
        exc_type: type[BaseException],
        exc: BaseException,
        tb: TracebackType | None,
    ) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        log.error("Unexpected error", exc_info=(exc_type, exc, tb))
        if self._showing:
            # An error raised while the dialog is open is logged but not stacked on top of it.
            return
        self._showing = True
        try:
            details = "".join(traceback.format_exception(exc_type, exc, tb))
            parent = QApplication.activeWindow()
            error_dialog.show_unexpected_error(parent, self.log_file, details)
        except Exception:
            log.exception("could not show the error dialog")
        finally:
            self._showing = False

    def install(self) -> ExceptHook:
        previous = sys.excepthook
        sys.excepthook = self
        return previous
