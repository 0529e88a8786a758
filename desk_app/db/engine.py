"""Engine creation with the connection rules every database file gets.

SQLite: WAL journal, ``foreign_keys=ON``, ``synchronous=FULL`` (a confirmed save survives power
loss), ``busy_timeout`` of 10 s, and explicit transactions: Python's sqlite3 module is put in
autocommit mode and we emit ``BEGIN`` ourselves, ``BEGIN IMMEDIATE`` for writes. A deferred
transaction that reads and then writes fails at once when another process writes in between,
ignoring the busy timeout; an immediate one takes the write lock first and waits for it.

Writers use ``write_engine(engine)``, an option view of the same engine (same pool) whose
transactions begin immediately. Any other SQLAlchemy URL (PostgreSQL later) is passed through.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import Connection

BUSY_TIMEOUT_MS = 10_000
SQLITE_PRAGMAS = (
    "PRAGMA journal_mode=WAL",
    "PRAGMA foreign_keys=ON",
    "PRAGMA synchronous=FULL",
    f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}",
)
_BEGIN_OPTION = "pointti_begin"


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"


def make_engine(url: str, *, echo: bool = False) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, echo=echo, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
        event.listen(engine, "connect", _on_sqlite_connect)
        event.listen(engine, "begin", _on_sqlite_begin)
        return engine
    return create_engine(url, echo=echo, pool_pre_ping=True)


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
    finally:
        cursor.close()


def _on_sqlite_begin(connection: Connection) -> None:
    mode = connection.get_execution_options().get(_BEGIN_OPTION, "DEFERRED")
    connection.exec_driver_sql(f"BEGIN {mode}")


def sqlite_pragmas(connection: Connection) -> dict[str, object]:
    """The pragmas that matter, as the connection reports them (for ``check`` and tests)."""
    names = ("journal_mode", "foreign_keys", "synchronous", "busy_timeout")
    return {name: connection.exec_driver_sql(f"PRAGMA {name}").scalar() for name in names}
