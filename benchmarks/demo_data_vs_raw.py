"""Benchmark: ``pointti-desk demo-data`` (SQLAlchemy Core bulk inserts) against raw sqlite3.

Both sides write the very same rows (same generator, same seed, same batches, one transaction per
batch) into a fresh database built by the migrations, with the same pragmas (WAL, synchronous=FULL,
foreign keys on). The raw side uses ``sqlite3.executemany`` with the values pre-converted the way
SQLAlchemy stores them. Generation alone is timed too, so the insert cost can be read off.

    .venv/bin/python benchmarks/demo_data_vs_raw.py --visits 1000000 [--repeat 3]

Prints one line per run and a summary; with --record FILE appends the summary to FILE (Markdown).
"""

from __future__ import annotations

import argparse
import datetime as dt
import platform
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

from desk_app.bootstrap import bootstrap
from desk_app.services.demo import add_demo_visits, generate_batches

NOW = dt.datetime(2026, 11, 1, 12, 0, tzinfo=dt.UTC)
SEED = 7
DAYS = 365


def _sql_value(value: object) -> object:
    if isinstance(value, dt.datetime):  # as SQLAlchemy's SQLite DateTime stores it (naive UTC)
        return value.astimezone(dt.UTC).replace(tzinfo=None).strftime("%Y-%m-%d %H:%M:%S.%f")
    if isinstance(value, bool):
        return int(value)
    return value


def _fresh(tmp: Path, name: str):  # type: ignore[no-untyped-def]
    return bootstrap(tmp / name)


def _ids(ctx) -> tuple[list[str], list[str]]:  # type: ignore[no-untyped-def]
    with ctx.uow() as uow:
        topics = list(uow.catalogue.topic_ids(t.code for t in uow.catalogue.topics()).values())
        services = list(
            uow.catalogue.service_ids(s.code for s in uow.catalogue.service_summaries()).values()
        )
    return topics, services


def run_sqlalchemy(tmp: Path, visits: int) -> float:
    ctx = _fresh(tmp, "sqlalchemy")
    try:
        started = time.perf_counter()
        add_demo_visits(ctx.uow, visits, days=DAYS, seed=SEED, now=NOW)
        return time.perf_counter() - started
    finally:
        ctx.close()


def run_raw(tmp: Path, visits: int) -> float:
    ctx = _fresh(tmp, "raw")
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--visits", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--record", type=Path, help="append the summary to this Markdown file")
    args = parser.parse_args()
    ratios, alchemy_times, raw_times, gen_times = [], [], [], []
    for run in range(1, args.repeat + 1):
        with tempfile.TemporaryDirectory(prefix="pd-bench-") as tmp:
            gen = run_generation(args.visits)
            a = run_sqlalchemy(Path(tmp), args.visits)
            b = run_raw(Path(tmp), args.visits)
        gen_times.append(gen)
        alchemy_times.append(a)
        raw_times.append(b)
        ratios.append(a / b)
        print(
            f"run {run}: demo-data (SQLAlchemy Core) {a:.2f} s, raw sqlite3 {b:.2f} s, "
            f"ratio {a / b:.2f}; generation alone {gen:.2f} s",
            flush=True,
        )
    med = statistics.median
    summary = (
        f"- {dt.date.today()}, {args.visits:,} visits, {args.repeat} run(s), Python "
        f"{platform.python_version()}, SQLite {sqlite3.sqlite_version}: demo-data median "
        f"{med(alchemy_times):.2f} s, raw sqlite3.executemany median {med(raw_times):.2f} s, "
        f"ratio median {med(ratios):.2f} (min {min(ratios):.2f}, max {max(ratios):.2f}); "
        f"row generation alone (in both) {med(gen_times):.2f} s; insert-only ratio "
        f"{(med(alchemy_times) - med(gen_times)) / max(med(raw_times) - med(gen_times), 1e-9):.2f}"
    )
    print(summary)
    if args.record:
        with args.record.open("a", encoding="utf-8") as fh:
            fh.write(summary + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
