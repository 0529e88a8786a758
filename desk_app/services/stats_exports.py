"""Statistics that leave the desk: one table as CSV or XLSX, every table as a workbook, and the
PDF report of an actor, a programme or the whole desk.

The numbers come from ``StatisticsService`` (which checks ``VIEW_STATISTICS``); the files from
``desk_app.reports``, which suppress small counts themselves with the ``stats_min_count`` setting,
so no export can carry a raw 1–4. Files are written whole or not at all. The CLI
(``pointti-desk stats``) and the statistics window both come here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from desk_app.domain.stats import Dashboard, Grouping, Period, StatsFilter, StatTable
from desk_app.domain.suppression import week_hour_matrix
from desk_app.files import write_atomically
from desk_app.handouts.page import SheetHeader
from desk_app.i18n import _
from desk_app.reports.common import export_file_name
from desk_app.reports.csv_export import csv_bytes
from desk_app.reports.pdf_report import ReportRequest, report_pdf
from desk_app.reports.xlsx_export import workbook_bytes
from desk_app.services.stats import StatisticsService
from desk_app.settings import Settings


class ExportFormat(StrEnum):
    CSV = "csv"
    XLSX = "xlsx"
    PDF = "pdf"

    @classmethod
    def of(cls, path: Path, default: ExportFormat | None = None) -> ExportFormat:
        """The format a file name asks for (its suffix), else ``default``, else CSV."""
        try:
            return cls(path.suffix.lower().lstrip("."))
        except ValueError:
            return default or cls.CSV


REPORT_GROUPINGS: tuple[Grouping, ...] = (
    Grouping.TOPIC,
    Grouping.OUTCOME,
    Grouping.SERVICE,
    Grouping.HANDOUT_LANGUAGE,
    Grouping.CHANNEL,
    Grouping.VISITOR_TYPE,
)
"""The tables of a PDF report after its visits-over-time table."""

WORKBOOK_GROUPINGS: tuple[Grouping, ...] = (
    Grouping.DAY,
    Grouping.WEEK,
    Grouping.MONTH,
    Grouping.TOPIC,
    Grouping.OUTCOME,
    Grouping.ACTOR,
    Grouping.SERVICE,
    Grouping.HANDOUT_LANGUAGE,
    Grouping.CHANNEL,
    Grouping.VISITOR_TYPE,
    Grouping.LANGUAGE,
    Grouping.PROGRAMME,
    Grouping.GENDER,
    Grouping.AGE_BAND,
    Grouping.LABOUR_STATUS,
    Grouping.EDUCATION,
)


def timeline_grouping(period: Period) -> Grouping:
    """Days for up to two months, weeks up to half a year, months beyond."""
    if period.days <= 62:
        return Grouping.DAY
    if period.days <= 183:
        return Grouping.WEEK
    return Grouping.MONTH


@dataclass(frozen=True)
class Written:
    path: Path
    format: ExportFormat
    tables: int
    pages: int = 0


class StatisticsExports:
    def __init__(
        self,
        stats: StatisticsService,
        settings: Callable[[], Settings],
        header: Callable[[], SheetHeader],
        clock: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC),
    ) -> None:
        self._stats = stats
        self._settings = settings
        self._header = header
        self._clock = clock

    @property
    def min_count(self) -> int:
        return self._settings().stats_min_count

    def suggested_name(
        self, period: Period, filters: StatsFilter, fmt: ExportFormat, grouping: Grouping
    ) -> str:
        if fmt is ExportFormat.CSV:
            return export_file_name(
                StatTable(grouping, (), (), period=period, filters=filters), "csv"
            )
        kind = "report" if fmt is ExportFormat.PDF else "stats"
        narrowed = "" if filters.is_empty else "-filtered"
        span = f"{period.first.isoformat()}_{period.last.isoformat()}"
        return f"pointti-{kind}-{span}{narrowed}.{fmt.value}"

    def write(
        self,
        path: Path,
        fmt: ExportFormat,
        period: Period,
        filters: StatsFilter,
        grouping: Grouping | None = None,
    ) -> Written:
        """CSV: the ``grouping`` table. XLSX: that table, or every table when it is None. PDF: the
        report (``grouping`` first when given, then the report's tables)."""
        if fmt is ExportFormat.CSV:
            table = self._stats.table(period, grouping or timeline_grouping(period), filters)
            write_atomically(path, csv_bytes(table, self.min_count))
            return Written(path, fmt, 1)
        if fmt is ExportFormat.XLSX:
            return self._workbook(path, period, filters, grouping)
        return self._report(path, period, filters, grouping)

    def _workbook(
        self, path: Path, period: Period, filters: StatsFilter, grouping: Grouping | None
    ) -> Written:
        matrices = []
        if grouping is None:
            tables, dashboard = self._tables(period, filters, WORKBOOK_GROUPINGS)
            heat = week_hour_matrix(dashboard.week_hours, period, filters)
            matrices.append((_("Weekday and hour"), heat))
        else:
            tables = [self._stats.table(period, grouping, filters)]
        data = workbook_bytes(
            tables,
            matrices=matrices,
            title=self._subject(filters)[0],
            min_count=self.min_count,
            now=self._clock(),
        )
        write_atomically(path, data)
        return Written(path, ExportFormat.XLSX, len(tables) + len(matrices))

    def _report(
        self, path: Path, period: Period, filters: StatsFilter, grouping: Grouping | None
    ) -> Written:
        first = grouping or timeline_grouping(period)
        groupings = [first, *(g for g in REPORT_GROUPINGS if g is not first)]
        tables, dashboard = self._tables(period, filters, groupings)
        heat = dashboard.week_hours
        title, subtitle = self._subject(filters)
        pdf = report_pdf(
            ReportRequest(
                title=title,
                subtitle=subtitle,
                period=period,
                tables=tables,
                header=self._header(),
                now=self._clock(),
                matrix=week_hour_matrix(heat, period, filters),
                matrix_title=_("Visits by weekday and hour"),
                min_count=self.min_count,
            )
        )
        write_atomically(path, pdf.pdf)
        return Written(path, ExportFormat.PDF, len(tables) + 1, pdf.pages)

    def _tables(
        self, period: Period, filters: StatsFilter, groupings: Sequence[Grouping]
    ) -> tuple[list[StatTable], Dashboard]:
        """The tables of ``groupings``: those the dashboard has come from its one count (a
        filtered count reads the visit rows, seconds on a large database); only the others are
        counted on their own."""
        dashboard = self._stats.dashboard(period, filters)
        tables = [
            dashboard.tables.get(g) or self._stats.table(period, g, filters) for g in groupings
        ]
        return tables, dashboard

    def _subject(self, filters: StatsFilter) -> tuple[str, str]:
        """The report's title and subtitle: the one actor or programme it is about, else the
        desk itself."""
        choices = self._stats.filter_choices()
        for field, kind in (("actors", _("Actor")), ("programmes", _("Programme"))):
            chosen = getattr(filters, field)
            if len(chosen) == 1:
                (code,) = chosen
                names = dict(choices.get(field, []))
                return names.get(code, code), kind
        return self._header().name or "Pointti", ""
