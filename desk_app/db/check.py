"""Health checks of a database: integrity, connection pragmas, schema version and audit trail.

Used by ``pointti-desk check``; each problem is one line a city IT admin can act on. The check
never changes the database: a SQLite file is opened read-only with the plain sqlite3 module (the
app's engine would switch the file to WAL on connect), and the per-connection pragmas are only
verified through the app's own engine when the file already is in WAL mode, where connecting
changes nothing stored. The audit trail's hash chain is verified against the anchor row in the
database and the ``audit.anchor`` file next to a SQLite file; each problem names the row.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import URL, Engine, create_engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from desk_app.db.engine import make_engine, sqlite_pragmas
from desk_app.db.migrate import check_revision, head_revision
from desk_app.db.repo_audit import AuditRepository, anchor_file_for
from desk_app.db.startup_checks import connect_read_only, newest_good_backup
from desk_app.domain.errors import DatabaseError

MIN_BUSY_TIMEOUT_MS = 5000


@dataclass
class CheckReport:
    lines: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _check_revision(engine: Engine, report: CheckReport) -> bool:
    """Reports the schema version; True when it is current (the audit tables exist)."""
    try:
        revision = check_revision(engine)
    except DatabaseError as exc:
        report.problems.append(str(exc))
        return False
    head = head_revision()
    if revision is None:
        report.problems.append("the database is empty (no schema); start the app to create it")
    elif revision != head:
        report.problems.append(
            f"schema version {revision} is behind {head}; start the app to migrate"
        )
    else:
        report.lines.append(f"schema version {revision} (current)")
        return True
    return False


def _check_audit(engine: Engine, anchor_file: Path | None, report: CheckReport) -> None:
    """Verify the audit trail's hash chain against its database anchor and anchor file."""
    try:
        with Session(engine) as session:
            rows, problems = AuditRepository(session).verify(anchor_file)
    except SQLAlchemyError as exc:
        report.problems.append(f"audit trail: cannot be read ({exc})")
        return
    if not problems:
        report.lines.append(f"audit trail: {rows} rows, chain ok")
        return
    report.problems += [f"audit trail: {problem}" for problem in problems]


def check_sqlite_file(path: Path) -> CheckReport:
    report = CheckReport()
    if not path.is_file():
        report.problems.append(f"no database at {path}")
        return report

    def read_only() -> sqlite3.Connection:
        return connect_read_only(path)

    try:
        connection = read_only()
        try:
            integrity = [row[0] for row in connection.execute("PRAGMA quick_check")]
            journal_mode = connection.execute("PRAGMA journal_mode").fetchone()[0]
        finally:
            connection.close()
    except sqlite3.DatabaseError as exc:
        report.problems.append(f"{path} is not a readable SQLite database ({exc})")
        _offer_backup(path, report)
        return report
    if integrity == ["ok"]:
        report.lines.append("quick_check: ok")
    else:
        report.problems += [f"quick_check: {line}" for line in integrity[:20]]
        _offer_backup(path, report)
        return report
    plain = create_engine("sqlite://", creator=read_only)
    try:
        if _check_revision(plain, report):
            _check_audit(plain, anchor_file_for(path), report)
    finally:
        plain.dispose()
    if not report.ok:
        return report  # the pragmas of a database we cannot use are beside the point
    if journal_mode != "wal":
        report.problems.append(
            f"journal_mode is {journal_mode}, expected wal (the app sets it when it starts)"
        )
        return report
    _check_connection_pragmas(path, report)
    return report


def _offer_backup(path: Path, report: CheckReport) -> None:
    """Name the newest backup that passes integrity_check, so the admin knows what to restore."""
    backup = newest_good_backup(_BackupsNextTo(path.parent / "backups"))
    if backup is None:
        report.problems.append("no good backup found in " + str(path.parent / "backups"))
    else:
        report.problems.append(f"newest good backup: {backup} (pointti-desk restore FILE)")


@dataclass(frozen=True)
class _BackupsNextTo:
    backups: Path


def _check_connection_pragmas(path: Path, report: CheckReport) -> None:
    # The app's own connect rules over a read-only URI: closing a read-write connection would
    # checkpoint the WAL into the file, and the check promises to change nothing.
    uri = f"{path.resolve().as_uri()}?mode=ro"
    engine = make_engine(URL.create("sqlite", database=uri, query={"uri": "true"}))
    try:
        with engine.connect() as connection:
            pragmas = sqlite_pragmas(connection)
            connection.rollback()
    except SQLAlchemyError as exc:
        report.problems.append(f"cannot open the database as the app does ({exc})")
        return
    finally:
        engine.dispose()
    expected = {"journal_mode": "wal", "foreign_keys": 1, "synchronous": 2}
    for name, value in expected.items():
        if pragmas[name] != value:
            report.problems.append(f"PRAGMA {name} is {pragmas[name]}, expected {value}")
    busy = pragmas["busy_timeout"]
    if not isinstance(busy, int) or busy < MIN_BUSY_TIMEOUT_MS:
        report.problems.append(f"PRAGMA busy_timeout is {busy}, expected at least 5000")
    if report.ok:
        report.lines.append(
            f"pragmas: journal_mode=wal foreign_keys=1 synchronous=FULL busy_timeout={busy}"
        )


def check_server_database(url: str | URL) -> CheckReport:
    """For a database server: reachability and schema version."""
    report = CheckReport()
    engine = make_engine(url)
    try:
        if _check_revision(engine, report):
            _check_audit(engine, None, report)
    except SQLAlchemyError as exc:
        report.problems.append(f"cannot reach the database ({exc})")
    finally:
        engine.dispose()
    return report
