"""Benchmark ``demo_data``: demo-data's bulk inserts against raw sqlite3 writing the same rows.

``pointti-desk demo-data`` writes visits with SQLAlchemy Core bulk inserts. Both sides write the
very same rows (same generator, same seed, same batches, one transaction per batch) into a fresh
database built by the migrations, with the same pragmas (WAL, synchronous=FULL, foreign keys on).
The raw side uses ``sqlite3.executemany`` with the values pre-converted the way SQLAlchemy stores
them. Generation alone is timed too, so the insert cost can be read off. It takes minutes at the
default million visits, so ``python -m bench`` runs it only when asked by name:

    python -m bench demo_data [--visits 1000000] [--repeat 5] [--record bench/results/demo_data.md]

With ``--record FILE`` a one-line summary is appended to FILE (Markdown), as in
``bench/results/demo_data.md``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import platform
import sqlite3
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.common import MIN_RUNS, RESULTS_DIR, Record, median, report
from desk_app.bootstrap import bootstrap
from desk_app.services.demo import add_demo_visits, generate_batches

NAME = "demo_data"
RATIO_GOAL = 3.0
DEFAULT_VISITS = 1_000_000
NOW = dt.datetime(2026, 11, 1, 12, 0, tzinfo=dt.UTC)
SEED = 7
DAYS = 365


def _sql_value(value: object) -> object:
    if isinstance(value, dt.datetime):  # as SQLAlchemy's SQLite DateTime stores it (naive UTC)
        return value.astimezone(dt.UTC).replace(tzinfo=None).strftime("%Y-%m-%d %H:%M:%S.%f")
    if isinstance(value, bool):
        return int(value)
    return value


def _ids(ctx: Any) -> tuple[list[str], list[str]]:
    with ctx.uow() as uow:
        topics = list(uow.catalogue.topic_ids(t.code for t in uow.catalogue.topics()).values())
        services = list(
            uow.catalogue.service_ids(s.code for s in uow.catalogue.service_summaries()).values()
        )
    return topics, services


def run_sqlalchemy(tmp: Path, visits: int) -> float:
    ctx = bootstrap(tmp / "sqlalchemy")
    try:
        started = time.perf_counter()
        add_demo_visits(ctx.uow, visits, days=DAYS, seed=SEED, now=NOW)
        return time.perf_counter() - started
    finally:
        ctx.close()


def run_raw(tmp: Path, visits: int) -> float:
    ctx = bootstrap(tmp / "raw")
    topics, services = _ids(ctx)
    db = ctx.paths.database
    ctx.close()
    con = sqlite3.connect(db, isolation_level=None)
    for pragma in ("journal_mode=WAL", "foreign_keys=ON", "synchronous=FULL", "busy_timeout=10000"):
        con.execute(f"PRAGMA {pragma}")
    try:
        started = time.perf_counter()
        statements: dict[str, str] = {}
        for batch in generate_batches(visits, DAYS, SEED, topics, services, NOW):
            con.execute("BEGIN IMMEDIATE")
            for table, rows in (
                ("visit", batch.visits),
                ("visit_topic", batch.topics),
                ("referral", batch.referrals),
            ):
                if not rows:
                    continue
                columns = list(rows[0])
                sql = statements.setdefault(
                    table,
                    f"INSERT INTO {table} ({', '.join(columns)}) "
                    f"VALUES ({', '.join('?' for _ in columns)})",
                )
                con.executemany(sql, [tuple(_sql_value(r[c]) for c in columns) for r in rows])
            con.execute("COMMIT")
        return time.perf_counter() - started
    finally:
        con.close()


def run_generation(visits: int) -> float:
    topics = [f"t{i}" for i in range(19)]
    services = [f"s{i}" for i in range(24)]
    started = time.perf_counter()
    for _batch in generate_batches(visits, DAYS, SEED, topics, services, NOW):
        pass
    return time.perf_counter() - started


def measure(visits: int, repeat: int, record: Path | None = None) -> list[Record]:
    ratios, alchemy_times, raw_times, gen_times = [], [], [], []
    for run in range(1, repeat + 1):
        with tempfile.TemporaryDirectory(prefix="pd-bench-") as tmp:
            gen = run_generation(visits)
            a = run_sqlalchemy(Path(tmp), visits)
            b = run_raw(Path(tmp), visits)
        gen_times.append(gen)
        alchemy_times.append(a)
        raw_times.append(b)
        ratios.append(a / b)
        print(
            f"run {run}: demo-data (SQLAlchemy Core) {a:.2f} s, raw sqlite3 {b:.2f} s, "
            f"ratio {a / b:.2f}; generation alone {gen:.2f} s",
            flush=True,
        )
    alchemy, raw, gen = median(alchemy_times), median(raw_times), median(gen_times)
    insert_ratio = (alchemy - gen) / max(raw - gen, 1e-9)
    if record is not None:
        summary = (
            f"- {dt.date.today()}, {visits:,} visits, {repeat} run(s), Python "
            f"{platform.python_version()}, SQLite {sqlite3.sqlite_version}: demo-data median "
            f"{alchemy:.2f} s, raw sqlite3.executemany median {raw:.2f} s, "
            f"ratio median {median(ratios):.2f} (min {min(ratios):.2f}, max {max(ratios):.2f}); "
            f"row generation alone (in both) {gen:.2f} s; insert-only ratio {insert_ratio:.2f}"
        )
        with record.open("a", encoding="utf-8") as fh:
            fh.write(summary + "\n")
    return [
        Record.against("demo_data_s", alchemy, "s", raw),
        Record("demo_data_ratio_vs_raw", median(ratios), "x", 1.0, median(ratios), RATIO_GOAL),
        Record("demo_data_insert_only_ratio_vs_raw", insert_ratio, "x", 1.0, insert_ratio),
        Record("demo_data_generation_s", gen, "s"),
        Record("demo_data_visits", float(visits), "visits"),
    ]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--visits", type=int, default=DEFAULT_VISITS)
    parser.add_argument("--repeat", type=int, default=MIN_RUNS, help="runs (median reported)")
    parser.add_argument("--record", type=Path, help="append a summary line to this Markdown file")


def run(args: argparse.Namespace, results_dir: Path = RESULTS_DIR) -> list[Record]:
    records = measure(args.visits, args.repeat, args.record)
    title = (
        f"demo_data: {args.visits:,} demo visits, SQLAlchemy Core bulk inserts vs raw "
        f"sqlite3.executemany (same rows, batches and pragmas); median of {args.repeat} run(s)"
    )
    report(NAME, title, records, results_dir)
    return records
