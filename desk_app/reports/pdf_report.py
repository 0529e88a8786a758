"""The PDF statistics report of one actor or programme for a month, a year or any period.

The caller (the stats use case or the CLI) filters the ``StatTable``s for the actor or programme
and passes a title naming it; this module suppresses every table itself, so nothing raw can be
printed. The first page names the subject, the kind of report ("Monthly report March 2026"), the
period, the filters, what "<5" and ".." mean and the key figures; then each table gets a heading,
a bar chart of its first measure and the table of all its numbers. Texts are in the UI language
(English source, ``desk_app.i18n``).

The page is the handouts' page (``desk_app.handouts.page.build``: A4, the desk's details and the
date at the top, "page x/y" at the bottom, only the bundled DejaVu fonts); its footer names the
report and its period instead of the handouts' privacy note to visitors.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from babel.dates import format_date
from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    Spacer,
    Table,
    TableStyle,
)

from desk_app.domain.stats import Period, StatTable
from desk_app.domain.suppression import (
    DEFAULT_MIN_COUNT,
    CountMatrix,
    SafeMatrix,
    SafeTable,
    footnote_lines,
)
from desk_app.handouts.page import CONTENT_WIDTH, Sheet, SheetHeader, build
from desk_app.hours_text import babel_locale
from desk_app.i18n import _, ui_language
from desk_app.reports.common import (
    as_safe,
    as_safe_matrix,
    filter_lines,
    generated_text,
    grouping_title,
    measure_name,
    period_text,
)
from desk_app.reports.pdf_charts import (
    ReportStyles,
    bar_chart,
    charted_rows,
    count_table,
    matrix_table,
    para,
    report_styles,
    table_font,
)

FOOTER_SIZE = 9


@dataclass(frozen=True)
class ReportRequest:
    """What one report shows; ``tables`` are already filtered for the actor or programme."""

    title: str  # the actor's or programme's name, e.g. "Koronasta kasvuun (S22513)"
    period: Period
    tables: Sequence[StatTable | SafeTable]
    header: SheetHeader  # the desk's details printed at the top of every page
    now: dt.datetime
    subtitle: str = ""  # e.g. "Programme · ESF REACT-EU"
    matrix: CountMatrix | SafeMatrix | None = None
    matrix_title: str = ""
    min_count: int = DEFAULT_MIN_COUNT
    lang: str | None = None  # None: the UI language
    headings: dict[int, str] = field(default_factory=dict)  # table index → own heading


@dataclass(frozen=True)
class ReportPdf:
    pdf: bytes
    pages: int


def report_kind(period: Period, lang: str) -> str:
    """ "Monthly report March 2026", "Annual report 2026" or "Statistics report"."""
    first, last = period.first, period.last
    month_end = calendar.monthrange(first.year, first.month)[1]
    if first.day == 1 and last == first.replace(day=month_end):
        month = format_date(first, "LLLL yyyy", locale=babel_locale(lang))
        return _("Monthly report {month}").format(month=month)
    if (first.month, first.day) == (1, 1) and last == dt.date(first.year, 12, 31):
        return _("Annual report {year}").format(year=first.year)
    return _("Statistics report")


def report_pdf(request: ReportRequest) -> ReportPdf:
    lang = request.lang or ui_language()
    kind = report_kind(request.period, lang)
    footer = f"{request.title} · {period_text(request.period, lang)}"
    sheet = Sheet(
        lang=lang,
        now=request.now,
        header=request.header,
        kind_title=kind,
        footer_extra=[footer],
        privacy_note=False,
    )
    styles = report_styles()
    tables = [as_safe(t, request.min_count) for t in request.tables]
    matrix = (
        as_safe_matrix(request.matrix, request.min_count) if request.matrix is not None else None
    )
    story = _opening(request, kind, lang, tables, styles)
    for index, table in enumerate(tables):
        heading = request.headings.get(index) or _heading(table)
        chart = bar_chart(table, lang, CONTENT_WIDTH)
        top: list[Flowable] = [para(heading, styles.heading), chart]
        shown = charted_rows(table)
        if shown < len(table.rows):
            note = _("The chart shows the {shown} largest of {count}; the table has them all.")
            top.append(para(note.format(shown=shown, count=len(table.rows)), styles.body))
        # The heading and its chart stay together; the table may run on to the next page.
        story += [
            CondPageBreak(60 * mm),
            KeepTogether([*top, Spacer(1, 3 * mm)]),
            count_table(table, lang, CONTENT_WIDTH, styles),
        ]
    if matrix is not None:
        title = request.matrix_title or _("Visits by weekday and hour")
        story += [
            CondPageBreak(70 * mm),
            para(title, styles.heading),
            matrix_table(matrix, lang, CONTENT_WIDTH, styles),
        ]
    built = build(sheet, story, title=f"{request.title} – {kind}")
    return ReportPdf(built.pdf, built.pages)


def _heading(table: SafeTable) -> str:
    return _("{grouping} ({measure})").format(
        grouping=grouping_title(table.grouping), measure=measure_name(table.measures[0]).lower()
    )


def _opening(
    request: ReportRequest,
    kind: str,
    lang: str,
    tables: Sequence[SafeTable],
    styles: ReportStyles,
) -> list[Flowable]:
    story: list[Flowable] = [para(request.title, styles.title)]
    if request.subtitle:
        story.append(para(request.subtitle, styles.subtitle))
    story += [
        para(kind, styles.subtitle),
        para(_("Period: {period}").format(period=period_text(request.period, lang)), styles.body),
    ]
    filters = tables[0].filters if tables else None
    if filters is not None:
        story.append(
            para(
                _("Counted: {filters}").format(filters="; ".join(filter_lines(filters))),
                styles.body,
            )
        )
    story.append(para(generated_text(request.now, lang), styles.body))
    story.append(Spacer(1, 3 * mm))
    # What the counts leave out (e.g. months kept only as monthly counts), once per report.
    notes = dict.fromkeys(n for t in request.tables for n in getattr(t, "notes", ()))
    lines = [*footnote_lines(request.min_count), *notes]
    story.append(_note_box([para(text, styles.note) for text in lines]))
    figures = _key_figures(tables, styles)
    if figures is not None:
        story += [para(_("Key figures"), styles.heading), figures]
    return story


def _note_box(lines: list[Flowable]) -> Table:
    box = Table([[line] for line in lines], colWidths=[CONTENT_WIDTH])
    box.setStyle(
        TableStyle(
            [
                table_font(),
                ("BOX", (0, 0), (-1, -1), 0.8, (0, 0, 0)),
                ("LEFTPADDING", (0, 0), (-1, -1), 6),
                ("RIGHTPADDING", (0, 0), (-1, -1), 6),
                ("TOPPADDING", (0, 0), (0, 0), 5),
                ("BOTTOMPADDING", (0, -1), (-1, -1), 5),
            ]
        )
    )
    return box


def _key_figures(tables: Sequence[SafeTable], styles: ReportStyles) -> Table | None:
    """The totals of the first table that has one (every measure it counts)."""
    with_total = next((t for t in tables if t.total is not None), None)
    if with_total is None or with_total.total is None:
        return None
    rows = [
        [para(measure_name(m), styles.cell), para(c.text, styles.number)]
        for m, c in zip(with_total.measures, with_total.total, strict=True)
    ]
    figures = Table(rows, colWidths=[60 * mm, 30 * mm], hAlign="LEFT")
    figures.setStyle(
        TableStyle([table_font(), ("LINEBELOW", (0, 0), (-1, -1), 0.3, (0.6, 0.6, 0.6))])
    )
    return figures
