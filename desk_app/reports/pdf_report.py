"""The PDF statistics report of one actor or programme for a month, a year or any period.

The caller (the stats use case or the CLI) filters the ``StatTable``s for the actor or programme
and passes a title naming it; this module suppresses every table itself, so nothing raw can be
printed. The first page names the subject, the kind of report ("Monthly report March 2026"), the
period, the filters, what "<5" and ".." mean and the key figures; then each table gets a heading,
a bar chart of its first measure and the table of all its numbers. Texts are in the UI language
(English source, ``desk_app.i18n``).

The page is the handouts' page (A4, the desk's details and the date at the top, "page x/y" at the
bottom, only the bundled DejaVu fonts): its header is reused from ``desk_app.handouts.page``; the
footer is the report's own (the handouts' footer is a privacy note meant for visitors).
"""

from __future__ import annotations

import calendar
import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from babel.dates import format_date
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    KeepTogether,
    PageTemplate,
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
from desk_app.handouts.page import (
    CONTENT_WIDTH,
    HEADER_GAP,
    MARGIN_X,
    MARGIN_Y,
    PAGE_WIDTH,
    RULE,
    PrintedLine,
    Sheet,
    SheetHeader,
    header_height,
    header_lines,
    page_number,
)
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
    sheet = Sheet(lang=lang, now=request.now, header=request.header, kind_title=kind)
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
    footer = f"{request.title} · {period_text(request.period, lang)}"
    return _build(sheet, story, footer, title=f"{request.title} – {kind}")


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
    story.append(_note_box([para(text, styles.note) for text in footnote_lines(request.min_count)]))
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


# --- the page --------------------------------------------------------------------------------


def _footer_height() -> float:
    return FOOTER_SIZE * 1.3 + 3 * mm


def _draw_frame(canvas: Canvas, sheet: Sheet, footer: str, page: int, pages: int) -> None:
    """The handouts' header (desk details; report kind and date) and a one-line footer."""
    canvas.saveState()
    canvas.setFillGray(0)
    canvas.setStrokeGray(0)
    top = A4[1] - MARGIN_Y
    start, end = header_lines(sheet)
    _draw_lines(canvas, start, top, right=False)
    _draw_lines(canvas, end, top, right=True)
    rule_y = top - header_height(sheet)
    canvas.setLineWidth(RULE)
    canvas.line(MARGIN_X, rule_y, PAGE_WIDTH - MARGIN_X, rule_y)
    footer_top = MARGIN_Y + _footer_height()
    canvas.line(MARGIN_X, footer_top, PAGE_WIDTH - MARGIN_X, footer_top)
    font = sheet.styles.body.font
    canvas.setFont(font, FOOTER_SIZE)
    baseline = footer_top - 1.5 * mm - FOOTER_SIZE
    number = page_number(sheet, page, pages)
    room = CONTENT_WIDTH - canvas.stringWidth(number, font, FOOTER_SIZE) - 6 * mm
    canvas.drawString(MARGIN_X, baseline, _clip(canvas, footer, font, room))
    canvas.drawRightString(PAGE_WIDTH - MARGIN_X, baseline, number)
    canvas.restoreState()


def _clip(canvas: Canvas, text: str, font: str, limit: float) -> str:
    while text and canvas.stringWidth(text, font, FOOTER_SIZE) > limit:
        text = text[:-2] + "…"
    return text


def _draw_lines(canvas: Canvas, lines: Sequence[PrintedLine], top: float, *, right: bool) -> None:
    y = top
    for line in lines:
        y -= line.leading
        canvas.setFont(line.font, line.size)
        base = y + (line.leading - line.size) / 2
        if right:
            canvas.drawRightString(PAGE_WIDTH - MARGIN_X, base, line.text)
        else:
            canvas.drawString(MARGIN_X, base, line.text)


def _canvas_class(sheet: Sheet, footer: str) -> type[Canvas]:
    class NumberedCanvas(Canvas):
        """Keeps every page until ``save`` so the footer can say "page x/y"."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._saved_pages: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._saved_pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._saved_pages)
            for number, state in enumerate(self._saved_pages, start=1):
                self.__dict__.update(state)
                _draw_frame(self, sheet, footer, number, total)
                super().showPage()
            super().save()

    return NumberedCanvas


def _build(sheet: Sheet, story: list[Flowable], footer: str, *, title: str) -> ReportPdf:
    buffer = io.BytesIO()
    top = MARGIN_Y + header_height(sheet) + HEADER_GAP
    bottom = MARGIN_Y + _footer_height() + HEADER_GAP
    doc = BaseDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN_X,
        rightMargin=MARGIN_X,
        topMargin=top,
        bottomMargin=bottom,
        title=title,
        author=sheet.header.name or "Pointti",
        creator="Pointti Desk",
        subject=sheet.kind_title,
        lang=sheet.lang,
        initialFontName=sheet.styles.body.font,
        initialFontSize=sheet.styles.body.size,
    )
    frame = Frame(
        MARGIN_X,
        bottom,
        CONTENT_WIDTH,
        A4[1] - top - bottom,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
        id="content",
    )
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame])])
    doc.build(story, canvasmaker=_canvas_class(sheet, footer))
    return ReportPdf(buffer.getvalue(), doc.page)
