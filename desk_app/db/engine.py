"""Engine creation with the connection rules every database file gets.

SQLite: WAL journal, ``foreign_keys=ON``, ``synchronous=FULL`` (a confirmed save survives power
loss), ``busy_timeout`` of 10 s, ``secure_delete=ON`` (purged personal data is zeroed, not just
unlinked), and explicit transactions: Python's sqlite3 module is put in
autocommit mode and we emit ``BEGIN`` ourselves, ``BEGIN IMMEDIATE`` for writes. A deferred
transaction that reads and then writes fails at once when another process writes in between,
ignoring the busy timeout; an immediate one takes the write lock first and waits for it.

Writers use ``write_engine(engine)``, an option view of the same engine (same pool) whose
transactions begin immediately. Any other SQLAlchemy URL (PostgreSQL later) is passed through.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import URL, Engine, create_engine, event, make_url
from sqlalchemy.engine import Connection

BUSY_TIMEOUT_MS = 10_000
SQLITE_PRAGMAS = (
    "PRAGMA journal_mode=WAL",
    "PRAGMA foreign_keys=ON",
    "PRAGMA synchronous=FULL",
    # Deleted rows are overwritten with zeros, so a purged value leaves no bytes in the file.
    "PRAGMA secure_delete=ON",
)
_BEGIN_OPTION = "pointti_begin"


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
        return engine
    return create_engine(url, echo=echo, pool_pre_ping=True, hide_parameters=True)


def write_engine(engine: Engine) -> Engine:
    """The same engine, but every transaction starts with ``BEGIN IMMEDIATE`` on SQLite."""
    return engine.execution_options(**{_BEGIN_OPTION: "IMMEDIATE"})


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
    connection.exec_driver_sql(f"BEGIN {mode}")


def sqlite_pragmas(connection: Connection) -> dict[str, object]:
    """The pragmas that matter, as the connection reports them (for ``check`` and tests)."""
    names = ("journal_mode", "foreign_keys", "synchronous", "busy_timeout")
    return {name: connection.exec_driver_sql(f"PRAGMA {name}").scalar() for name in names}
