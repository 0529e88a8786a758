"""What the harnesses share: a prepared data directory, a desk opened the way the app saves, the
visit every writer saves, the parent's checks of the file, and starting the children.

Children open the engine themselves (not ``bootstrap``): start-up work such as backups or checks
must not be what a kill lands in, the save path is what is under test.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from desk_app.db.engine import make_engine, sqlite_url
from desk_app.db.uow import SqlAlchemyUnitOfWorkFactory
from desk_app.domain.visit import VisitDraft
from desk_app.paths import DataPaths
from desk_app.services.desk import DeskService
from desk_app.settings import Settings

REPO_ROOT = Path(__file__).resolve().parents[2]
TOPICS_PER_VISIT = 2
REFERRALS_PER_VISIT = 1


def database_of(data_dir: Path) -> Path:
    return DataPaths(data_dir).database


def prepare(data_dir: Path) -> Path:
    """Build the database by the migrations with the example catalogue; WAL emptied, so the
    first write of a child starts a fresh WAL file (the disk-full harness relies on it)."""
    from desk_app.bootstrap import bootstrap  # imported here: alembic would slow every child

    bootstrap(data_dir).close()
    database = database_of(data_dir)
    with sqlite3.connect(database) as con:
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return database


def open_desk(data_dir: Path) -> tuple[DeskService, VisitDraft]:
    """A ``DeskService`` over the data directory's file and the draft every writer saves."""
    engine = make_engine(sqlite_url(database_of(data_dir)))
    desk = DeskService(SqlAlchemyUnitOfWorkFactory(engine), Settings())
    topics = tuple(t.code for t in desk.topics()[:TOPICS_PER_VISIT])
    services = tuple(s.code for s in desk.active_services()[:REFERRALS_PER_VISIT])
    return desk, VisitDraft(topic_codes=topics, referral_codes=services)


@dataclass(frozen=True)
class FileCheck:
    """What the parent finds in the file after the children are gone."""

    visits: frozenset[str]
    partial: int  # visits without exactly their topics and referrals
    integrity: str


def check_file(database: Path) -> FileCheck:
    with sqlite3.connect(database) as con:
        rows = con.execute(
            "SELECT v.id,"
            " (SELECT count(*) FROM visit_topic t WHERE t.visit_id = v.id),"
            " (SELECT count(*) FROM referral r WHERE r.visit_id = v.id)"
            " FROM visit v"
        ).fetchall()
        integrity = con.execute("PRAGMA integrity_check").fetchone()[0]
    partial = sum(1 for _id, t, r in rows if (t, r) != (TOPICS_PER_VISIT, REFERRALS_PER_VISIT))
    return FileCheck(frozenset(r[0] for r in rows), partial, str(integrity))


def spawn(
    module: str,
    *args: str,
    stdout: IO[bytes] | int = subprocess.PIPE,
    stderr: IO[bytes] | int = subprocess.PIPE,
) -> subprocess.Popen[bytes]:
    """``python -m tests.harness.<module> ARGS`` from the repository root; output piped unless
    a file is given (a long run must not stall on a full pipe nobody reads yet)."""
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    return subprocess.Popen(
        [sys.executable, "-m", f"tests.harness.{module}", *args],
        cwd=REPO_ROOT,
        env=env,
        stdout=stdout,
        stderr=stderr,
    )


def acknowledged(lines: list[bytes]) -> set[str]:
    """Visit ids a writer printed in full (a line cut by a kill does not count)."""
    return {
        line[4:].strip().decode()
        for line in lines
        if line.startswith(b"ack ") and line.endswith(b"\n")
    }
