"""Storage failures in one place: SQLite result codes → the desk's own errors, and busy retries.

Why one module: the unit of work, the engine's ``BEGIN IMMEDIATE``/``COMMIT`` hooks and the tests
must agree on what "busy", "full" and "I/O error" mean, and SQLite reports them through several
doors (``sqlite3.OperationalError`` with ``sqlite_errorcode``, SQLAlchemy's wrapper around it, or
only a message text on older builds). A desk worker must read "the disk is full", never
"database or disk is full (sqlite3.OperationalError)".

A lock held by another program is waited for in short attempts (``retry_while_busy``) instead of
one long silent wait, so a listener can tell the user "busy, retrying" while it lasts; the whole
wait stays bounded by the busy timeout, after which ``StorageBusyError`` says nothing was saved.
"""

from __future__ import annotations

import logging
import random
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from sqlalchemy.exc import DBAPIError, OperationalError

from desk_app.domain.errors import (
    DatabaseError,
    StorageBusyError,
    StorageFullError,
    StorageIOError,
)
from desk_app.i18n import _

log = logging.getLogger(__name__)

T = TypeVar("T")

# Primary SQLite result codes (https://sqlite.org/rescode.html); extended codes keep them in the
# low byte, e.g. SQLITE_IOERR_WRITE = 778 = 10 | (3 << 8).
SQLITE_BUSY = 5
SQLITE_LOCKED = 6
SQLITE_READONLY = 8
SQLITE_IOERR = 10
SQLITE_CORRUPT = 11
SQLITE_FULL = 13
SQLITE_NOTADB = 26

ATTEMPT_SECONDS = 1.0
"""How long SQLite's own busy handler waits within one attempt before we report "retrying"."""


def sqlite_code(exc: BaseException) -> int | None:
    """The primary SQLite result code behind ``exc`` (a sqlite3 or SQLAlchemy error), if any."""
    orig = exc.orig if isinstance(exc, DBAPIError) else exc
    code = getattr(orig, "sqlite_errorcode", None)
    return code & 0xFF if isinstance(code, int) else None


def _detail(exc: BaseException) -> str:
    orig = exc.orig if isinstance(exc, DBAPIError) else exc
    return str(orig).lower()


def is_busy(exc: BaseException) -> bool:
    """True for "database is locked/busy": worth waiting for, unlike every other failure."""
    code = sqlite_code(exc)
    if code is not None:
        return code in (SQLITE_BUSY, SQLITE_LOCKED)
    detail = _detail(exc)
    return "locked" in detail or "busy" in detail


def is_storage_failure(exc: BaseException) -> bool:
    """An operational failure of the storage (not a bug such as a broken constraint)."""
    if isinstance(exc, OperationalError | sqlite3.OperationalError):
        return True
    return sqlite_code(exc) in (SQLITE_CORRUPT, SQLITE_NOTADB, SQLITE_FULL, SQLITE_IOERR)


def storage_error(exc: BaseException) -> DatabaseError:
    """The desk's error, with a message a desk worker can act on, for a storage failure."""
    code = sqlite_code(exc)
    detail = _detail(exc)
    if is_busy(exc):
        return StorageBusyError(
            _(
                "The database is busy (another program is writing to it). Nothing was saved; "
                "try again in a moment."
            )
        )
    if code == SQLITE_FULL or "disk is full" in detail or "no space" in detail:
        return StorageFullError(
            _("The disk is full. Nothing was saved. Ask IT support to free some space.")
        )
    if code == SQLITE_IOERR or "disk i/o error" in detail:
        # RLIMIT_FSIZE (EFBIG), a quota or a dying disk: SQLite cannot tell them apart.
        return StorageIOError(
            _(
                "The database file could not be written (the disk may be full or failing). "
                "Nothing was saved; what you entered is kept, so you can try again. Tell IT "
                "support if this keeps happening."
            )
        )
    if code == SQLITE_READONLY or "readonly" in detail or "read-only" in detail:
        return DatabaseError(
            _("The database cannot be written to (it is read-only). Nothing was saved.")
        )
    return DatabaseError(
        _("The database could not be used ({detail}). Nothing was saved.").format(
            detail=str(exc.orig if isinstance(exc, DBAPIError) else exc)
        )
    )


@dataclass(frozen=True)
class BusyRetry:
    """One "still busy" report: the attempt that failed and the seconds waited so far."""

    attempt: int
    waited: float

    @property
    def message(self) -> str:
        """The status text for the user (instead of "database is locked")."""
        return _("The database is busy; retrying…")


BusyListener = Callable[[BusyRetry], None]


def retry_while_busy(
    action: Callable[[float], T],
    *,
    budget: float,
    on_busy: BusyListener | None = None,
    attempt_seconds: float = ATTEMPT_SECONDS,
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], float] = time.monotonic,
) -> T:
    """Run ``action(wait)`` until it is not refused as busy or ``budget`` seconds have passed.

    ``action`` gets the seconds SQLite's busy handler may wait in this attempt. Between attempts
    a short jittered backoff lets several waiting desks spread out. The last busy error is raised
    unchanged once the budget is spent; any other error is raised at once.
    """
    start = clock()
    attempt = 0
    while True:
        attempt += 1
        remaining = budget - (clock() - start)
        try:
            return action(max(0.0, min(attempt_seconds, remaining)))
        except (sqlite3.OperationalError, OperationalError) as exc:
            waited = clock() - start
            if not is_busy(exc) or waited >= budget:
                raise
            report = BusyRetry(attempt, waited)
            log.warning("database busy, retrying (attempt %d, %.1f s)", attempt, waited)
            if on_busy is not None:
                on_busy(report)
            backoff = min(0.5, 0.02 * 2**attempt) * random.uniform(0.5, 1.0)
            sleep(min(backoff, max(0.0, budget - waited)))
