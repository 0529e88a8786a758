"""Engine creation with the connection rules every database file gets.

SQLite: WAL journal, ``foreign_keys=ON``, ``synchronous=FULL`` (a confirmed save survives power
loss), ``busy_timeout`` of 10 s, ``secure_delete=ON`` (purged personal data is zeroed, not just
unlinked), and explicit transactions: Python's sqlite3 module is put in
autocommit mode and we emit ``BEGIN`` ourselves, ``BEGIN IMMEDIATE`` for writes. A deferred
transaction that reads and then writes fails at once when another process writes in between,
ignoring the busy timeout; an immediate one takes the write lock first and waits for it.

Writers use ``write_engine(engine)``, an option view of the same engine (same pool) whose
transactions begin immediately. Any other SQLAlchemy URL (PostgreSQL later) is passed through.

``BEGIN IMMEDIATE`` and ``COMMIT`` wait for another program's lock in short attempts
(``desk_app.db.errors.retry_while_busy``), bounded in total by the busy timeout, so a listener
given to ``write_engine(engine, on_busy=...)`` can show "busy, retrying" while the wait lasts.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import URL, Engine, create_engine, event, make_url
from sqlalchemy.engine import Connection
from sqlalchemy.exc import OperationalError

from desk_app.db.errors import BusyListener, retry_while_busy

BUSY_TIMEOUT_MS = 10_000
SQLITE_PRAGMAS = (
    "PRAGMA journal_mode=WAL",
    "PRAGMA foreign_keys=ON",
    "PRAGMA synchronous=FULL",
    # Deleted rows are overwritten with zeros, so a purged value leaves no bytes in the file.
    "PRAGMA secure_delete=ON",
)
_BEGIN_OPTION = "pointti_begin"
_ON_BUSY_OPTION = "pointti_on_busy"


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"


def sqlite_url(path: Path) -> URL:
    """The URL of a SQLite file, safe for paths with ``?``, ``%`` or ``#`` in them."""
    return URL.create("sqlite", database=str(path))


def sqlite_file(url: str | URL) -> Path | None:
    """The file behind a SQLite URL; None for other databases and in-memory SQLite."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database)


def make_engine(url: str | URL, *, echo: bool = False) -> Engine:
    if make_url(url).get_backend_name() == "sqlite":
        engine = create_engine(
            url,
            echo=echo,
            connect_args={"timeout": BUSY_TIMEOUT_MS / 1000},
            hide_parameters=True,  # an error's SQL must not carry a visitor's name into the log
        )
        event.listen(engine, "connect", _on_sqlite_connect)
        event.listen(engine, "begin", _on_sqlite_begin)
        event.listen(engine, "commit", _on_sqlite_commit)
        return engine
    return create_engine(url, echo=echo, pool_pre_ping=True, hide_parameters=True)


def write_engine(engine: Engine, *, on_busy: BusyListener | None = None) -> Engine:
    """The same engine, but every transaction starts with ``BEGIN IMMEDIATE`` on SQLite;
    ``on_busy`` hears each "still busy, retrying" while another program holds the lock."""
    options: dict[str, Any] = {_BEGIN_OPTION: "IMMEDIATE"}
    if on_busy is not None:
        options[_ON_BUSY_OPTION] = on_busy
    return engine.execution_options(**options)


def _on_sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    # Take transaction control away from the sqlite3 module; _on_sqlite_begin emits BEGIN.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        for pragma in SQLITE_PRAGMAS:
            cursor.execute(pragma)
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    finally:
        cursor.close()


def _on_sqlite_begin(connection: Connection) -> None:
    mode = connection.get_execution_options().get(_BEGIN_OPTION, "DEFERRED")
    if mode != "IMMEDIATE":
        # A deferred BEGIN takes no lock, so it cannot be refused as busy.
        connection.exec_driver_sql(f"BEGIN {mode}")
        return
    _retrying(connection, "BEGIN IMMEDIATE")


def _on_sqlite_commit(connection: Connection) -> None:
    # COMMIT ourselves, with retries: SQLite keeps a transaction whose COMMIT was refused as busy
    # open, so it may be committed again. The sqlite3 module's own commit() that SQLAlchemy calls
    # next is then a no-op (no transaction is open any more).
    if connection.connection.dbapi_connection is not None and _in_transaction(connection):
        _retrying(connection, "COMMIT")


def _in_transaction(connection: Connection) -> bool:
    return bool(getattr(connection.connection.dbapi_connection, "in_transaction", False))


def _retrying(connection: Connection, statement: str) -> None:
    """Run ``statement`` on the raw connection, waiting out a busy lock in short attempts within
    ``BUSY_TIMEOUT_MS`` in total; a failure leaves as SQLAlchemy's ``OperationalError``."""
    raw = connection.connection.dbapi_connection
    assert raw is not None
    on_busy = connection.get_execution_options().get(_ON_BUSY_OPTION)

    def attempt(wait: float) -> None:
        raw.execute(f"PRAGMA busy_timeout={int(wait * 1000)}")
        try:
            raw.execute(statement)
        finally:
            raw.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")

    try:
        retry_while_busy(attempt, budget=BUSY_TIMEOUT_MS / 1000, on_busy=on_busy)
    except sqlite3.Error as exc:
        raise OperationalError(statement, None, exc) from exc


def sqlite_pragmas(connection: Connection) -> dict[str, object]:
    """The pragmas that matter, as the connection reports them (for ``check`` and tests)."""
    names = ("journal_mode", "foreign_keys", "synchronous", "busy_timeout")
    return {name: connection.exec_driver_sql(f"PRAGMA {name}").scalar() for name in names}
