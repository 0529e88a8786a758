"""``pointti-desk stats``: one statistics table (or the PDF report) of a period, to a file.

    pointti-desk stats --from 2026-01-01 --to 2026-03-31 --by month --format xlsx --out q1.xlsx
        [--actor CODE] [--programme CODE] [--channel C] [--visitor-type T] [--topic T]
        [--language L]  (each may be repeated)

The format defaults to the file name's suffix (csv when it has none of csv/xlsx/pdf). Counts
below ``stats_min_count`` are suppressed in every format. A date, grouping or filter code that
does not exist is refused naming it, and nothing is written.
"""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from desk_app.domain.errors import DeskError
from desk_app.domain.stats import CLI_GROUPINGS, Grouping, Period, StatsFilter
from desk_app.i18n import _

Bootstrap = Callable[..., Any]

FILTER_OPTIONS: tuple[tuple[str, str], ...] = (
    ("--actor", "actors"),
    ("--programme", "programmes"),
    ("--channel", "channels"),
    ("--visitor-type", "visitor_types"),
    ("--topic", "topics"),
    ("--language", "languages"),
)


def add_parser(sub: Any, common: Callable[[argparse.ArgumentParser], None]) -> None:
    stats = sub.add_parser(
        "stats",
        help="write a statistics table or report of a period (counts under 5 are suppressed)",
    )
    common(stats)
    stats.add_argument("--from", dest="first", required=True, metavar="DATE", help="YYYY-MM-DD")
    stats.add_argument("--to", dest="last", required=True, metavar="DATE", help="YYYY-MM-DD")
    stats.add_argument(
        "--by", required=True, choices=[g.value for g in CLI_GROUPINGS], help="rows of the table"
    )
    stats.add_argument("--format", choices=["csv", "xlsx", "pdf"], help="default: from --out")
    stats.add_argument("--out", required=True, type=Path, metavar="FILE")
    for option, field in FILTER_OPTIONS:
        stats.add_argument(
            option,
            dest=field,
            action="append",
            default=[],
            metavar="CODE",
            help=f"count only visits with this {option[2:].replace('-', ' ')} (repeatable)",
        )


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise DeskError(_("Not a date (YYYY-MM-DD): {text}").format(text=text)) from None


def _filters(args: argparse.Namespace, choices: dict[str, list[tuple[str, str]]]) -> StatsFilter:
    values: dict[str, frozenset[str]] = {}
    for option, field in FILTER_OPTIONS:
        wanted = frozenset(getattr(args, field))
        known = {code for code, _label in choices.get(field, [])}
        unknown = sorted(wanted - known)
        if unknown:
            raise DeskError(
                _("Unknown code for {option}: {code}").format(option=option, code=unknown[0])
            )
        values[field] = wanted
    return StatsFilter(**values)


def run(args: argparse.Namespace, bootstrap: Bootstrap) -> int:
    from desk_app.services.stats import StatisticsService
    from desk_app.services.stats_exports import ExportFormat, StatisticsExports

    first, last = _date(args.first), _date(args.last)
    if last < first:
        raise DeskError(_("The period cannot end before it starts."))
    ctx = bootstrap(args, load_example=False)
    try:
        stats = StatisticsService(ctx.uow, ctx.access, ctx.settings)
        filters = _filters(args, stats.filter_choices())
        period = Period(first, last, ctx.settings.timezone)
        fmt = ExportFormat(args.format) if args.format else ExportFormat.of(args.out)
        exports = StatisticsExports(stats, lambda: ctx.settings, ctx.desk.sheet_header)
        written = exports.write(args.out, fmt, period, filters, Grouping(args.by))
    finally:
        ctx.close()
    pages = f", {written.pages} page(s)" if written.pages else ""
    print(f"wrote {written.path} ({written.format.value}{pages}; counts under "
          f"{ctx.settings.stats_min_count} shown as <{ctx.settings.stats_min_count})")  # fmt: skip
    return 0
