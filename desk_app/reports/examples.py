"""Made-up statistics tables for previews and tests of the exports (no database).

``python -m desk_app.reports.examples OUT_DIR`` writes a monthly and an annual PDF report in
Finnish and English, a CSV of every table and a workbook of them all, so the layout can be looked
at without a desk full of visits. The numbers come from a fixed seed and include small counts,
so every kind of suppression shows.
"""

from __future__ import annotations

import datetime as dt
import random
import sys
from collections.abc import Sequence
from pathlib import Path

from desk_app.domain.codes import Outcome
from desk_app.domain.stats import (
    Grouping,
    Measure,
    Period,
    StatRow,
    StatsFilter,
    StatTable,
    WeekHourTable,
    table_total,
)
from desk_app.domain.suppression import CountMatrix, week_hour_matrix
from desk_app.handouts.page import SheetHeader
from desk_app.labels import label_in, language_name_in

HEADER = SheetHeader(
    name="Pointti",
    address="Valtakatu 11–13, 94100 Kemi",
    phone="+358 16 259 111",
    hours="ma–pe 9–15",
)
NOW = dt.datetime(2026, 4, 2, 9, 0, tzinfo=dt.UTC)
MONTH = Period(dt.date(2026, 3, 1), dt.date(2026, 3, 31))
YEAR = Period(dt.date(2025, 1, 1), dt.date(2025, 12, 31))
PROGRAMME = StatsFilter(programmes=frozenset({"KORONASTA-KASVUUN"}))

TOPICS = (
    ("JOB", "Työnhaku ja työpaikat", "Job search and vacancies"),
    ("JOBSEEKER", "Työnhakijaksi ilmoittautuminen", "Registering as a job seeker"),
    ("BENEFIT", "Työttömyysturva ja etuudet", "Unemployment benefits"),
    ("START", "Yrityksen perustaminen, starttiraha", "Starting a business, start-up grant"),
    ("BUSDEV", "Yritysneuvonta ja kehittäminen", "Business advice and development"),
    ("FUNDING", "Yritysrahoitus ja avustukset", "Business funding and grants"),
    (
        "WELLBEING-ENT",
        "Yrittäjän jaksaminen ja vertaistuki",
        "Entrepreneur well-being and peer support",
    ),
    ("DIGI", "Digituki ja sähköinen asiointi", "Digital support and e-services"),
    ("HOUSING", "Asuminen ja asumisen tuet", "Housing and housing allowance"),
    ("OTHER", "Muu asia", "Other"),
)
SERVICES = (
    ("POINTTI-GUIDANCE", "Pointin neuvonta ja palveluohjaus", "Pointti advice and guidance"),
    ("STARTTIRAHA", "Starttiraha", "Start-up grant"),
    ("KELA-HOUSING-ALLOWANCE", "Kelan yleinen asumistuki", "Kela general housing allowance"),
    ("UYK-COUNSELLING", "Uusyrityskeskuksen neuvonta", "Enterprise agency counselling"),
    ("DIGITUKI", "Kirjaston digituki", "Library digital support"),
    ("LAPPIA-ADULT", "Lappian aikuiskoulutus", "Lappia adult education"),
)


def _rng(seed: str) -> random.Random:
    return random.Random(seed)


def _table(
    grouping: Grouping,
    rows: list[tuple[str, str, str]],
    values: Sequence[tuple[int, ...]],
    measures: tuple[Measure, ...],
    period: Period,
    *,
    total: bool,
) -> StatTable:
    stat_rows = tuple(
        StatRow(code, fi, en, value) for (code, fi, en), value in zip(rows, values, strict=True)
    )
    return StatTable(
        grouping,
        measures,
        stat_rows,
        table_total(stat_rows, len(measures)) if total else None,
        period,
        PROGRAMME,
    )


def visits_over_time(period: Period) -> StatTable:
    """Per day for a month or less, per month for longer periods; visits and visitors."""
    rng = _rng(f"time-{period.first}")
    rows: list[tuple[str, str, str]] = []
    if period.days <= 31:
        grouping = Grouping.DAY
        for offset in range(period.days):
            day = period.first + dt.timedelta(days=offset)
            text = f"{day.day}.{day.month}.{day.year}"
            rows.append((day.isoformat(), text, day.isoformat()))
    else:
        grouping = Grouping.MONTH
        for month in range(period.first.month, 13):
            code = f"{period.first.year}-{month:02d}"
            rows.append((code, code, code))
    values: list[tuple[int, ...]] = []
    for code, _fi, _en in rows:
        weekend = grouping is Grouping.DAY and dt.date.fromisoformat(code).weekday() >= 5
        visits = 0 if weekend else rng.choice([2, 3, 6, 8, 9, 11, 14, 1, 7, 12])
        if grouping is Grouping.MONTH:
            visits = rng.randint(150, 320)
        values.append((visits, visits + (rng.choice([0, 0, 4]) if visits else 0)))
    return _table(grouping, rows, values, (Measure.VISITS, Measure.VISITORS), period, total=True)


def topics(period: Period) -> StatTable:
    rng = _rng(f"topics-{period.first}")
    scale = 1 if period.days <= 31 else 12
    values = [(rng.choice([0, 1, 3, 5, 9, 17, 24, 40]) * scale,) for _ in TOPICS]
    return _table(Grouping.TOPIC, list(TOPICS), values, (Measure.VISITS,), period, total=False)


def referrals_per_service(period: Period) -> StatTable:
    rng = _rng(f"services-{period.first}")
    values = [(rng.choice([2, 4, 6, 13, 21, 30]),) for _ in SERVICES]
    return _table(
        Grouping.SERVICE, list(SERVICES), values, (Measure.REFERRALS,), period, total=False
    )


def handouts_per_language(period: Period) -> StatTable:
    rng = _rng(f"handouts-{period.first}")
    codes = ("fi", "fi-x-plain", "en", "sv", "uk", "ru", "ar")
    rows = [(c, language_name_in(c, "fi"), language_name_in(c, "en")) for c in codes]
    values = [(rng.choice([1, 3, 6, 12, 35, 0]),) for _ in codes]
    return _table(Grouping.HANDOUT_LANGUAGE, rows, values, (Measure.HANDOUTS,), period, total=True)


def outcomes(period: Period) -> StatTable:
    rng = _rng(f"outcomes-{period.first}")
    rows = [(o.value, label_in(o, "fi"), label_in(o, "en")) for o in Outcome]
    values = [(rng.choice([3, 8, 25, 60, 2, 11]),) for _ in rows]
    return _table(Grouping.OUTCOME, rows, values, (Measure.VISITS,), period, total=True)


def weekday_hour(period: Period) -> CountMatrix:
    """Visits on weekdays 8–16 (the dashboard's 7 × 24 table, trimmed to the hours used)."""
    rng = _rng(f"heat-{period.first}")
    values = tuple(
        tuple(
            rng.choice([0, 1, 2, 5, 7, 9, 12]) if day < 5 and 8 <= hour <= 16 else 0
            for hour in range(24)
        )
        for day in range(7)
    )
    return week_hour_matrix(WeekHourTable(values), period, PROGRAMME)


def report_tables(period: Period) -> list[StatTable]:
    return [
        visits_over_time(period),
        topics(period),
        referrals_per_service(period),
        handouts_per_language(period),
        outcomes(period),
    ]


def main(argv: list[str]) -> int:
    """Write example reports and exports into the folder named on the command line."""
    from desk_app.i18n import set_ui_language
    from desk_app.reports.csv_export import write_csv
    from desk_app.reports.pdf_report import ReportRequest, report_pdf
    from desk_app.reports.xlsx_export import write_xlsx

    if len(argv) != 1:
        print("usage: python -m desk_app.reports.examples OUT_DIR", file=sys.stderr)
        return 2
    out = Path(argv[0])
    out.mkdir(parents=True, exist_ok=True)
    for lang in ("fi", "en"):
        set_ui_language(lang)
        for name, period in (("month", MONTH), ("year", YEAR)):
            tables = report_tables(period)
            request = ReportRequest(
                title="Koronasta kasvuun (S22513)",
                subtitle="ESF REACT-EU",
                period=period,
                tables=tables,
                header=HEADER,
                now=NOW,
                matrix=weekday_hour(period),
            )
            (out / f"report-{name}-{lang}.pdf").write_bytes(report_pdf(request).pdf)
            write_xlsx(
                out / f"stats-{name}-{lang}.xlsx",
                tables,
                matrices=[("heat", weekday_hour(period))],
                title=request.title,
                now=NOW,
            )
            for table in tables:
                write_csv(out / f"{name}-{table.grouping.value}-{lang}.csv", table)
    print(f"wrote examples to {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
