"""The start-up question when the database file is damaged: restore the newest good backup?

``desk_app.db.startup_checks`` has already kept the damaged file unchanged as a ``.corrupt-`` copy
and found the newest backup that passes ``integrity_check``; this dialog only says so and asks.
The UI may not import ``desk_app.db``, so the error is read through the attributes it carries
(``kept_as``, ``database``, ``backup``, ``backup_time``). Restoring is a callable the caller
passes in (the backup service's restore), and the caller starts the core once more afterwards,
once only, so a backup that fails too ends in a message, never in a loop.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from PySide6.QtWidgets import QWidget

from desk_app.i18n import _
from ui.dialogs import error_dialog
from ui.dialogs.ask import ask_yes_no


class DamagedDatabase(Protocol):
    """What ``DamagedDatabaseError`` tells the UI."""

    database: Path
    kept_as: Path | None
    backup: Path | None
    backup_time: dt.datetime | None


def is_damaged_database(exc: BaseException) -> bool:
    """True for the start-up error of a damaged file (checked by shape: no desk_app.db import)."""
    return all(hasattr(exc, name) for name in ("database", "kept_as", "backup", "backup_time"))


def question_text(damaged: DamagedDatabase) -> str:
    kept = str(damaged.kept_as or damaged.database)
    text = _("The database is damaged. It has been kept unchanged as {kept}.").format(kept=kept)
    if damaged.backup is None or damaged.backup_time is None:
        return (
            text
            + "\n\n"
            + _("No good backup was found. Contact your IT support; do not delete the file.")
        )
    when = damaged.backup_time.strftime("%Y-%m-%d %H:%M")
    return text + "\n\n" + _("Restore the backup of {date}?").format(date=when)


def offer_restore(
    parent: QWidget | None,
    damaged: DamagedDatabase,
    restore: Callable[[Path], object],
    ask: Callable[[QWidget | None, str, str], bool] = ask_yes_no,
) -> bool:
    """Ask, and restore the offered backup on Yes; True when the caller should start again."""
    title = _("The database is damaged")
    if damaged.backup is None:
        error_dialog.show_error(parent, title, question_text(damaged))
        return False
    if not ask(parent, title, question_text(damaged)):
        return False
    try:
        restore(damaged.backup)
    except Exception as exc:  # the restore's own message is the one to show; no second try
        error_dialog.show_error(
            parent, title, _("The backup could not be restored:\n\n{error}").format(error=exc)
        )
        return False
    return True
