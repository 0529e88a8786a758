"""Benchmark ``stats``: the statistics dashboard for the last 365 days of a 1,000,000-visit
database, against the same aggregates as hand-written raw SQL over the visit rows.

The database holds ``--visits`` demo visits (``pointti-desk demo-data``'s generator) spread over
the last ``--days`` days (three years), written through the app's own bulk inserts, so the day
summary is kept by its triggers as at a real desk. Building it takes minutes, so ``--cache DIR``
keeps the data directory and reuses it while it holds the same visits (seed, spread, end).

Timed, in the same process, alternating, after one untimed round of each:

- ``StatisticsService.dashboard`` for the last 365 local days, unfiltered: every tile (visits,
  visitors, referrals, handouts, open and overdue follow-ups, share resolved at the desk) and
  every table (per day, week and month, weekday × hour, topics, referrals per actor and per
  service, handouts per language, outcomes, the four bands), labels included;
- the same numbers from raw ``sqlite3`` SQL written by hand over ``visit``, ``visit_topic``,
  ``referral`` and ``handout_print`` (local days with the period's UTC offsets in a ``CASE``,
  merged topics through a recursive CTE, one ``GROUP BY`` per figure), the way one would write
  them without a summary.

Both give the same numbers (checked every run) and the figures are medians of ``--runs`` runs:
``stats_year_1m_s`` (goal ≤ 0.5 s) and ``stats_year_1m_ratio_vs_raw`` (goal ≤ 1.2). A filtered
dashboard (phone visits only, read from the rows) is timed for information.

    python -m bench stats [--visits 1000000] [--days 1095] [--runs 5] [--cache DIR]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import shutil
import sqlite3
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from bench.common import MIN_RUNS, RESULTS_DIR, Record, median, report
from desk_app.bootstrap import bootstrap
from desk_app.domain.stats import (
    Dashboard,
    Grouping,
    Measure,
    Period,
    StatsFilter,
    utc_offset_changes,
)
from desk_app.services.access import Access
from desk_app.services.demo import add_demo_visits
from desk_app.services.stats import StatisticsService

NAME = "stats"
SECONDS_GOAL = 0.5
RATIO_GOAL = 1.2
DEFAULT_VISITS = 1_000_000
DEFAULT_DAYS = 3 * 365
NOW = dt.datetime(2026, 11, 1, 12, 0, tzinfo=dt.UTC)
SEED = 11
ZONE = "Europe/Helsinki"
MARKER = "bench-stats.json"
PHONE_ONLY = StatsFilter(channels=frozenset({"phone"}))
BANDS = (Grouping.GENDER, Grouping.AGE_BAND, Grouping.LABOUR_STATUS, Grouping.EDUCATION)


def size_name(visits: int) -> str:
    """1m for 1,000,000, 20k for 20,000: the metric names' size."""
    if visits % 1_000_000 == 0:
        return f"{visits // 1_000_000}m"
    if visits % 1000 == 0:
        return f"{visits // 1000}k"
    return str(visits)


def year_period() -> Period:
    today = NOW.astimezone(ZoneInfo(ZONE)).date()
    return Period(today - dt.timedelta(days=364), today)


def demo_database(data_dir: Path, visits: int, days: int) -> Path:
    """A data directory with ``visits`` demo visits over ``days`` days (reused when it has)."""
    wanted = {"visits": visits, "days": days, "seed": SEED, "now": NOW.isoformat()}
    marker = data_dir / MARKER
    if marker.exists() and json.loads(marker.read_text(encoding="utf-8")) == wanted:
        bootstrap(data_dir).close()  # brings an older schema up to date
        return data_dir
    shutil.rmtree(data_dir, ignore_errors=True)
    ctx = bootstrap(data_dir)
    try:
        started = time.perf_counter()

        def progress(written: int) -> None:
            if written % 200_000 == 0 or written == visits:
                print(f"  {written:,} demo visits ({time.perf_counter() - started:.0f} s)")

        add_demo_visits(ctx.uow, visits, days=days, seed=SEED, now=NOW, progress=progress)
    finally:
        ctx.close()
    marker.write_text(json.dumps(wanted), encoding="utf-8")
    return data_dir


# -- the numbers both sides must agree on ------------------------------------------------------


def dashboard_numbers(board: Dashboard) -> dict[str, Any]:
    def table(t: Any, measure: Measure = Measure.VISITS) -> dict[str, int]:
        return {r.code: v for r, v in zip(t.rows, t.column(measure), strict=True) if v}

    tiles = board.tiles
    return {
        "tiles": (
            tiles.visits,
            tiles.visitors,
            tiles.referrals,
            tiles.handouts,
            tiles.follow_ups_open,
            tiles.follow_ups_overdue,
            tiles.resolved_at_desk,
        ),
        "days": table(board.tables[Grouping.DAY]),
        "weeks": table(board.tables[Grouping.WEEK]),
        "months": table(board.tables[Grouping.MONTH]),
        "heat": {
            (day + 1, hour): n
            for day, row in enumerate(board.week_hours.values)
            for hour, n in enumerate(row)
            if n
        },
        "topics": table(board.tables[Grouping.TOPIC]),
        "actors": table(board.tables[Grouping.ACTOR], Measure.REFERRALS),
        "services": table(board.tables[Grouping.SERVICE], Measure.REFERRALS),
        "handouts": table(board.tables[Grouping.HANDOUT_LANGUAGE], Measure.HANDOUTS),
        "outcomes": table(board.tables[Grouping.OUTCOME]),
        "bands": [table(board.tables[g]) for g in BANDS],
    }


class RawSql:
    """The dashboard's numbers with hand-written SQL over the visit rows (plain ``sqlite3``)."""

    def __init__(self, database: Path, period: Period, today: dt.date) -> None:
        self.con = sqlite3.connect(database, isolation_level=None)
        for pragma in ("journal_mode=WAL", "foreign_keys=ON", "busy_timeout=10000"):
            self.con.execute(f"PRAGMA {pragma}")
        start, end = period.bounds()
        self.params = {"start": _stamp(start), "end": _stamp(end), "today": today.isoformat()}
        changes = utc_offset_changes(period.timezone, start, end)
        offsets = " ".join(
            f"WHEN occurred_at < '{_stamp(when)}' THEN '{before} seconds'"
            for (when, _after), (_w, before) in zip(changes[1:], changes, strict=False)
        )
        self.local = f"datetime(occurred_at, CASE {offsets} ELSE '{changes[-1][1]} seconds' END)"
        self.period = period

    def close(self) -> None:
        self.con.close()

    def _rows(self, sql: str) -> list[tuple[Any, ...]]:
        return self.con.execute(sql, self.params).fetchall()

    def numbers(self) -> dict[str, Any]:
        counted = "occurred_at >= :start AND occurred_at < :end AND deleted_at IS NULL"
        self.con.execute("BEGIN")
        try:
            days = dict(
                (day, n)
                for day, n in self._rows(
                    f"SELECT substr({self.local}, 1, 10), count(*) FROM visit "
                    f"WHERE {counted} GROUP BY 1"
                )
            )
            heat = {
                ((int(w) + 6) % 7 + 1, int(h)): n
                for w, h, n in self._rows(
                    f"SELECT strftime('%w', {self.local}), substr({self.local}, 12, 2), "
                    f"count(*) FROM visit WHERE {counted} GROUP BY 1, 2"
                )
            }
            totals = self._rows(
                f"SELECT count(*), coalesce(sum(visitor_count), 0) FROM visit WHERE {counted}"
            )[0]

            def by(column: str) -> dict[str, int]:
                return dict(
                    self._rows(
                        f"SELECT {column}, count(*) FROM visit WHERE {counted} GROUP BY {column}"
                    )
                )

            outcomes = by("outcome")
            bands = [by(c) for c in ("gender", "age_band", "labour_status", "education")]
            topics = dict(
                self._rows(
                    "WITH RECURSIVE now(topic_id, current_id) AS ("
                    " SELECT id, id FROM topic WHERE merged_into_id IS NULL"
                    " UNION ALL SELECT t.id, now.current_id FROM topic t"
                    " JOIN now ON t.merged_into_id = now.topic_id) "
                    "SELECT c.code, count(*) FROM (SELECT DISTINCT vt.visit_id, now.current_id"
                    " FROM visit_topic vt JOIN now ON now.topic_id = vt.topic_id"
                    " JOIN visit v ON v.id = vt.visit_id"
                    f" WHERE v.{counted.replace(' AND ', ' AND v.')}) AS p "
                    "JOIN topic c ON c.id = p.current_id GROUP BY c.code"
                )
            )
            referrals = self._rows(
                "SELECT s.code, o.code, count(*) FROM referral r "
                "JOIN visit v ON v.id = r.visit_id JOIN service s ON s.id = r.service_id "
                "JOIN organisation o ON o.id = s.organisation_id "
                f"WHERE v.{counted.replace(' AND ', ' AND v.')} GROUP BY s.code, o.code"
            )
            handouts = Counter(
                dict(
                    self._rows(
                        "SELECT h.lang, count(*) FROM handout_print h JOIN visit v "
                        f"ON v.id = h.visit_id WHERE v.{counted.replace(' AND ', ' AND v.')} "
                        "GROUP BY h.lang"
                    )
                )
            )
            handouts.update(
                dict(
                    self._rows(
                        "SELECT lang, count(*) FROM handout_print WHERE visit_id IS NULL "
                        "AND printed_at >= :start AND printed_at < :end GROUP BY lang"
                    )
                )
            )
            follow_ups = self._rows(
                "SELECT count(*), coalesce(sum(r.follow_up_due < :today), 0) FROM referral r "
                "JOIN visit v ON v.id = r.visit_id WHERE r.follow_up = 1 AND r.status IN "
                f"('referred', 'contacted') AND v.{counted.replace(' AND ', ' AND v.')}"
            )[0]
        finally:
            self.con.execute("COMMIT")
        services: Counter[str] = Counter()
        actors: Counter[str] = Counter()
        for service, actor, n in referrals:
            services[service] += n
            actors[actor] += n
        weeks: Counter[str] = Counter()
        months: Counter[str] = Counter()
        for day, n in days.items():
            year, week, _weekday = dt.date.fromisoformat(day).isocalendar()
            weeks[f"{year}-W{week:02d}"] += n
            months[day[:7]] += n
        return {
            "tiles": (
                totals[0],
                totals[1],
                sum(services.values()),
                sum(handouts.values()),
                follow_ups[0],
                follow_ups[1],
                outcomes.get("resolved_at_desk", 0),
            ),
            "days": days,
            "weeks": dict(weeks),
            "months": dict(months),
            "heat": heat,
            "topics": topics,
            "actors": dict(actors),
            "services": dict(services),
            "handouts": {k: v for k, v in handouts.items() if v},
            "outcomes": outcomes,
            "bands": bands,
        }


def _stamp(moment: dt.datetime) -> str:
    """An instant as the ``visit`` table stores it (naive UTC text)."""
    return moment.astimezone(dt.UTC).replace(tzinfo=None).strftime("%Y-%m-%d %H:%M:%S.%f")


def _timed(call: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    result = call()
    return time.perf_counter() - started, result


def measure(visits: int, days: int, runs: int, cache: Path | None) -> list[Record]:
    with tempfile.TemporaryDirectory(prefix="pd-bench-stats-") as tmp:
        data_dir = demo_database(cache or Path(tmp) / "data", visits, days)
        ctx = bootstrap(data_dir)
        try:
            period = year_period()
            service = StatisticsService(ctx.uow, Access.system(), ctx.settings, clock=lambda: NOW)
            raw = RawSql(ctx.paths.database, period, NOW.astimezone(ZoneInfo(ZONE)).date())
            ours_s, raw_s, ratios, filtered_s = [], [], [], []
            try:
                expected = raw.numbers()  # untimed rounds: both sides meet warm caches
                assert dashboard_numbers(service.dashboard(period)) == expected
                service.dashboard(period, PHONE_ONLY)
                for run in range(1, runs + 1):
                    ours, board = _timed(lambda: service.dashboard(period))
                    theirs, numbers = _timed(raw.numbers)
                    filtered, _board = _timed(lambda: service.dashboard(period, PHONE_ONLY))
                    assert dashboard_numbers(board) == numbers == expected, "results differ"
                    ours_s.append(ours)
                    raw_s.append(theirs)
                    ratios.append(ours / theirs)
                    filtered_s.append(filtered)
                    print(
                        f"run {run}: dashboard {ours:.3f} s, raw SQL {theirs:.3f} s, "
                        f"ratio {ours / theirs:.3f}; filtered dashboard {filtered:.3f} s",
                        flush=True,
                    )
            finally:
                raw.close()
            counted = expected["tiles"][0]
        finally:
            ctx.close()
    size = size_name(visits)
    ours, theirs, ratio = median(ours_s), median(raw_s), median(ratios)
    return [
        Record.against(f"stats_year_{size}_s", ours, "s", theirs, SECONDS_GOAL),
        Record(f"stats_year_{size}_ratio_vs_raw", ratio, "x", 1.0, ratio, RATIO_GOAL),
        Record(f"stats_year_{size}_raw_sql_s", theirs, "s"),
        Record(f"stats_year_{size}_filtered_s", median(filtered_s), "s"),
        Record(f"stats_year_{size}_visits_in_period", float(counted), "visits"),
        Record("stats_database_visits", float(visits), "visits"),
    ]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--visits", type=int, default=DEFAULT_VISITS)
    parser.add_argument("--days", type=int, default=DEFAULT_DAYS, help="spread over D days")
    parser.add_argument("--runs", type=int, default=MIN_RUNS, help="runs (median reported)")
    parser.add_argument(
        "--cache", type=Path, help="data directory to keep the demo database in and reuse"
    )


def run(args: argparse.Namespace, results_dir: Path = RESULTS_DIR) -> list[Record]:
    records = measure(args.visits, args.days, args.runs, args.cache)
    title = (
        f"stats: dashboard of the last 365 days, {args.visits:,} demo visits over {args.days} "
        f"days, vs hand-written raw SQL over the visit rows; median of {args.runs} run(s)"
    )
    report(NAME, title, records, results_dir)
    return records
