"""Health checks of a database: integrity, connection pragmas and schema version.

Used by ``pointti-desk check``; each problem is one line a city IT admin can act on.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import Engine

from desk_app.db.engine import BUSY_TIMEOUT_MS, is_sqlite, sqlite_pragmas
from desk_app.db.migrate import check_revision, head_revision
from desk_app.domain.errors import DatabaseError


@dataclass
class CheckReport:
    lines: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


EXPECTED_PRAGMAS: dict[str, object] = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    "synchronous": 2,  # FULL
}


def check_database(engine: Engine) -> CheckReport:
    report = CheckReport()
    try:
        revision = check_revision(engine)
    except DatabaseError as exc:
        report.problems.append(str(exc))
        return report
    head = head_revision()
    if revision != head:
        report.problems.append(
            f"schema version {revision} is behind {head}; start the app to migrate"
        )
    else:
        report.lines.append(f"schema version {revision} (current)")
    if not is_sqlite(engine):
        report.lines.append(f"database: {engine.dialect.name}")
        return report
    with engine.connect() as connection:
        result = [row[0] for row in connection.exec_driver_sql("PRAGMA quick_check")]
        if result == ["ok"]:
            report.lines.append("quick_check: ok")
        else:
            report.problems += [f"quick_check: {line}" for line in result[:20]]
        pragmas = sqlite_pragmas(connection)
        connection.rollback()
    for name, expected in EXPECTED_PRAGMAS.items():
        actual = pragmas[name]
        if str(actual).lower() != str(expected):
            report.problems.append(f"PRAGMA {name} is {actual}, expected {expected}")
    busy = pragmas["busy_timeout"]
    if not isinstance(busy, int) or busy < 5000:
        report.problems.append(f"PRAGMA busy_timeout is {busy}, expected at least 5000")
    if report.ok:
        report.lines.append(
            "pragmas: journal_mode=wal foreign_keys=1 synchronous=FULL "
            f"busy_timeout={busy} (>= {min(5000, BUSY_TIMEOUT_MS)})"
        )
    return report
