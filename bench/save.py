"""Benchmark ``save``: recording one visit through the service layer against raw ``sqlite3``.

The visit is the common case at the desk: two topics and one referral. The service side is what
Ctrl+Enter runs, ``DeskService.record_visit`` (validation, one ``BEGIN IMMEDIATE`` unit of work
that resolves the codes and inserts the visit, its topics and its referral, commit), on a fresh
data directory built by the migrations with the example catalogue, exactly as the app starts.
The raw side writes the same rows (the visit, two ``visit_topic`` rows, one ``referral``, with
fresh ids and times) with ``sqlite3`` on a second fresh data directory, with the same pragmas
(WAL, ``synchronous=FULL``, ``foreign_keys=ON``, ``busy_timeout``) and the same
``BEGIN IMMEDIATE`` … ``COMMIT``. Both commit to disk every time: ``synchronous=FULL`` makes the
fsync part of every save, as it must be for a confirmed save.

Each run uses two new data directories; the two sides take turns in blocks of ten saves, so that
both meet the same state of the disk and the machine. A run's figure is the median of its timed
saves after a few untimed ones, and the reported value the median over the runs.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sqlite3
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from bench.common import MIN_RUNS, RESULTS_DIR, Record, median, report
from desk_app.bootstrap import bootstrap
from desk_app.domain.visit import VisitDraft, new_id

NAME = "save"
RATIO_GOAL = 3.0
SAVES_PER_RUN = 40
WARM_UP = 3
BLOCK = 10
VISIT = VisitDraft(topic_codes=("JOB", "BENEFIT"), referral_codes=("KELA-UNEMPLOYMENT-BENEFIT",))
PRAGMAS = ("journal_mode=WAL", "synchronous=FULL", "foreign_keys=ON", "busy_timeout=10000")


def _stamp(moment: dt.datetime) -> str:
    """A time as SQLAlchemy's SQLite ``DateTime`` stores it (naive UTC)."""
    return moment.astimezone(dt.UTC).replace(tzinfo=None).strftime("%Y-%m-%d %H:%M:%S.%f")


class ServiceSide:
    """``record_visit`` on a fresh data directory, exactly as the app starts."""

    def __init__(self, data_dir: Path) -> None:
        self.ctx = bootstrap(data_dir)

    def save(self) -> None:
        self.ctx.desk.record_visit(VISIT)

    def close(self) -> None:
        self.ctx.close()


def _template(con: sqlite3.Connection, visit_id: str) -> tuple[dict, list[dict], dict]:
    """The rows one service-layer save wrote, as column → value dicts."""

    def rows(sql: str) -> list[dict]:
        cursor = con.execute(sql, (visit_id,))
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    (visit,) = rows("SELECT * FROM visit WHERE id = ?")
    topics = rows("SELECT * FROM visit_topic WHERE visit_id = ?")
    (referral,) = rows("SELECT * FROM referral WHERE visit_id = ?")
    return visit, topics, referral


def _insert_sql(table: str, columns: Sequence[str]) -> str:
    return f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' for _ in columns)})"


class RawSide:
    """The same rows written with plain ``sqlite3`` on another fresh data directory."""

    def __init__(self, data_dir: Path) -> None:
        ctx = bootstrap(data_dir)
        try:
            template_id = ctx.desk.record_visit(VISIT).id  # the rows to copy, written by the app
            database = ctx.paths.database
        finally:
            ctx.close()
        self.con = sqlite3.connect(database, isolation_level=None)
        for pragma in PRAGMAS:
            self.con.execute(f"PRAGMA {pragma}")
        self.visit, self.topics, self.referral = _template(self.con, template_id)
        self.visit_sql = _insert_sql("visit", list(self.visit))
        self.topic_sql = _insert_sql("visit_topic", list(self.topics[0]))
        self.referral_sql = _insert_sql("referral", list(self.referral))

    def save(self) -> None:
        con = self.con
        now = _stamp(dt.datetime.now(dt.UTC))
        visit_id = new_id()
        row = self.visit | {"id": visit_id, "recorded_at": now, "updated_at": now}
        con.execute("BEGIN IMMEDIATE")
        con.execute(self.visit_sql, tuple(row.values()))
        con.executemany(
            self.topic_sql, [tuple((t | {"visit_id": visit_id}).values()) for t in self.topics]
        )
        ref = self.referral | {"id": new_id(), "visit_id": visit_id, "created_at": now}
        con.execute(self.referral_sql, tuple(ref.values()))
        con.execute("COMMIT")

    def close(self) -> None:
        self.con.close()


def _timed(save: Callable[[], None]) -> float:
    started = time.perf_counter()
    save()
    return (time.perf_counter() - started) * 1000


def time_both(tmp: Path, saves: int) -> tuple[list[float], list[float]]:
    """Milliseconds per save on each side. The sides take turns in blocks of ``BLOCK`` saves, so
    that both meet the same state of the disk and the machine, while within a block each save
    follows one of its own side (as at the desk, where saves follow saves)."""
    service, raw = ServiceSide(tmp / "service"), RawSide(tmp / "raw")
    try:
        for _ in range(WARM_UP):
            service.save()
            raw.save()
        service_ms: list[float] = []
        raw_ms: list[float] = []
        while len(service_ms) < saves:
            block = min(BLOCK, saves - len(service_ms))
            for side, times in ((service, service_ms), (raw, raw_ms)):
                side.save()  # the first save after a switch pays for the other side's writes
                times.extend(_timed(side.save) for _ in range(block))
        return service_ms, raw_ms
    finally:
        service.close()
        raw.close()


def measure(runs: int = MIN_RUNS, saves: int = SAVES_PER_RUN) -> list[Record]:
    service_ms, raw_ms, ratios = [], [], []
    for run in range(runs):
        with tempfile.TemporaryDirectory(prefix="pd-bench-save-") as tmp:
            service_times, raw_times = time_both(Path(tmp), saves)
        service, raw = median(service_times), median(raw_times)
        service_ms.append(service)
        raw_ms.append(raw)
        ratios.append(service / raw)
        print(f"run {run + 1}: service {service:.2f} ms, raw {raw:.2f} ms", flush=True)
    return [
        Record.against("save_visit_ms", median(service_ms), "ms", median(raw_ms)),
        Record("save_visit_ratio_vs_raw", median(ratios), "x", 1.0, median(ratios), RATIO_GOAL),
    ]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--runs", type=int, default=MIN_RUNS)
    parser.add_argument("--saves", type=int, default=SAVES_PER_RUN, help="timed saves per run")


def run(args: argparse.Namespace, results_dir: Path = RESULTS_DIR) -> list[Record]:
    records = measure(args.runs, args.saves)
    title = (
        f"save: one visit (2 topics, 1 referral) through DeskService.record_visit vs raw "
        f"sqlite3 (same rows and pragmas); median of {args.runs} run(s) x {args.saves} saves; "
        f"SQLite {sqlite3.sqlite_version}"
    )
    report(NAME, title, records, results_dir)
    return records
