"""Error messages in a modal box, behind plain functions that tests replace with fakes.

Callers use ``show_error(...)`` or ``show_unexpected_error(...)`` looked up on this module at call
time (``error_dialog.show_error(...)``), so a test can monkeypatch them and never block on
``exec()``.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QWidget

from desk_app.i18n import _


def show_error(parent: QWidget | None, title: str, text: str, details: str = "") -> None:
    """A critical message with an OK button; ``details`` goes behind "Show Details…"."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Critical)
    box.setWindowTitle(title)
    box.setText(text)
    if details:
        box.setDetailedText(details)
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    box.exec()


def unexpected_error_text(log_file: Path | str) -> str:
    return _(
        "Something went wrong. The error has been written to the log file: {path}. "
        "Your saved visits are safe."
    ).format(path=str(log_file))


def show_unexpected_error(parent: QWidget | None, log_file: Path | str, details: str = "") -> None:
    """The friendly box shown for a programming error caught by the exception hook."""
    show_error(parent, _("Pointti Desk – error"), unexpected_error_text(log_file), details)
