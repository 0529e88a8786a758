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

Each run uses new data directories; a run's figure is the median of its timed saves after a few
untimed ones, and the reported value the median over the runs.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sqlite3
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from bench.common import MIN_RUNS, RESULTS_DIR, Record, median, report
from desk_app.bootstrap import bootstrap
from desk_app.domain.visit import VisitDraft, new_id

NAME = "save"
RATIO_GOAL = 3.0
SAVES_PER_RUN = 40
WARM_UP = 3
VISIT = VisitDraft(topic_codes=("JOB", "BENEFIT"), referral_codes=("KELA-UNEMPLOYMENT-BENEFIT",))
PRAGMAS = ("journal_mode=WAL", "synchronous=FULL", "foreign_keys=ON", "busy_timeout=10000")


def _stamp(moment: dt.datetime) -> str:
    """A time as SQLAlchemy's SQLite ``DateTime`` stores it (naive UTC)."""
    return moment.astimezone(dt.UTC).replace(tzinfo=None).strftime("%Y-%m-%d %H:%M:%S.%f")


def time_service(data_dir: Path, saves: int) -> list[float]:
    """Milliseconds per ``record_visit`` on a fresh data directory."""
    ctx = bootstrap(data_dir)
    try:
        for _ in range(WARM_UP):
            ctx.desk.record_visit(VISIT)
        times = []
        for _ in range(saves):
            started = time.perf_counter()
            ctx.desk.record_visit(VISIT)
            times.append((time.perf_counter() - started) * 1000)
        return times
    finally:
        ctx.close()


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


def time_raw(data_dir: Path, saves: int) -> list[float]:
    """Milliseconds per raw save of the same rows on another fresh data directory."""
    ctx = bootstrap(data_dir)
    try:
        template_id = ctx.desk.record_visit(VISIT).id  # the rows to copy, written by the app
        database = ctx.paths.database
    finally:
        ctx.close()
    con = sqlite3.connect(database, isolation_level=None)
    try:
        for pragma in PRAGMAS:
            con.execute(f"PRAGMA {pragma}")
        visit, topics, referral = _template(con, template_id)
        visit_sql = _insert_sql("visit", list(visit))
        topic_sql = _insert_sql("visit_topic", list(topics[0]))
        referral_sql = _insert_sql("referral", list(referral))

        def save() -> None:
            now = _stamp(dt.datetime.now(dt.UTC))
            visit_id = new_id()
            row = visit | {"id": visit_id, "recorded_at": now, "updated_at": now}
            con.execute("BEGIN IMMEDIATE")
            con.execute(visit_sql, tuple(row.values()))
            con.executemany(
                topic_sql, [tuple((t | {"visit_id": visit_id}).values()) for t in topics]
            )
            ref = referral | {"id": new_id(), "visit_id": visit_id, "created_at": now}
            con.execute(referral_sql, tuple(ref.values()))
            con.execute("COMMIT")

        for _ in range(WARM_UP):
            save()
        times = []
        for _ in range(saves):
            started = time.perf_counter()
            save()
            times.append((time.perf_counter() - started) * 1000)
        return times
    finally:
        con.close()


def measure(runs: int = MIN_RUNS, saves: int = SAVES_PER_RUN) -> list[Record]:
    service_ms, raw_ms, ratios = [], [], []
    for run in range(runs):
        with tempfile.TemporaryDirectory(prefix="pd-bench-save-") as tmp:
            service = median(time_service(Path(tmp) / "service", saves))
            raw = median(time_raw(Path(tmp) / "raw", saves))
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
