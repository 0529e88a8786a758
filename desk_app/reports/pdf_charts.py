"""The charts and tables of the PDF report (reportlab graphics and platypus), suppressed input only.

Every function here takes a ``SafeTable`` or ``SafeMatrix``: a hidden count has no number to
draw, so its bar is empty and carries its mark ("<5" or "..") instead. Time series (days, weeks,
months, weekdays, hours) are vertical bars in time order; categories (topics, services, languages,
outcomes …) are horizontal bars with their names beside them. Grey on white with black text, so a
black-and-white printout reads the same.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph, Table, TableStyle

from desk_app.domain.stats import Grouping
from desk_app.domain.suppression import SafeCount, SafeMatrix, SafeRow, SafeTable
from desk_app.handouts.fonts import register_fonts
from desk_app.i18n import _
from desk_app.labels import weekday_name
from desk_app.reports.common import (
    measure_name,
    row_label,
    share_header,
    shares,
)

TIME_GROUPINGS = frozenset(
    {Grouping.DAY, Grouping.WEEK, Grouping.MONTH, Grouping.WEEKDAY, Grouping.HOUR}
)
MAX_BARS = 25  # a horizontal chart longer than this shows the largest; its table has them all


def charted_rows(table: SafeTable) -> int:
    """How many of the table's rows its chart shows."""
    return len(table.rows) if table.grouping in TIME_GROUPINGS else min(len(table.rows), MAX_BARS)


BAR_FILL = colors.Color(0.45, 0.45, 0.45)
AXIS_FONT_SIZE = 9
LABEL_FONT_SIZE = 9
TABLE_FONT_SIZE = 10.5
RULE_GREY = colors.Color(0.6, 0.6, 0.6)


@dataclass(frozen=True)
class ReportStyles:
    body: ParagraphStyle
    cell: ParagraphStyle
    cell_bold: ParagraphStyle
    number: ParagraphStyle
    heading: ParagraphStyle
    title: ParagraphStyle
    subtitle: ParagraphStyle
    note: ParagraphStyle


def report_styles() -> ReportStyles:
    regular, bold = register_fonts()
    cell = ParagraphStyle("cell", fontName=regular, fontSize=TABLE_FONT_SIZE, leading=13)
    return ReportStyles(
        body=ParagraphStyle("body", fontName=regular, fontSize=11, leading=14),
        cell=cell,
        cell_bold=ParagraphStyle("cell-bold", parent=cell, fontName=bold),
        number=ParagraphStyle("number", parent=cell, alignment=2),
        heading=ParagraphStyle(
            "heading", fontName=bold, fontSize=14, leading=18, spaceBefore=10, spaceAfter=4
        ),
        title=ParagraphStyle("title", fontName=bold, fontSize=20, leading=25, spaceAfter=4),
        subtitle=ParagraphStyle("subtitle", fontName=bold, fontSize=13, leading=17),
        note=ParagraphStyle("note", fontName=regular, fontSize=11, leading=14),
    )


def para(text: str, style: ParagraphStyle) -> Paragraph:
    """A paragraph of plain text (names may hold "&" or "<", which Paragraph reads as markup)."""
    return Paragraph(escape(text), style)


# --- charts ------------------------------------------------------------------------------------


def short_label(grouping: Grouping, row: SafeRow, lang: str) -> str:
    """A category label short enough for under a bar: "1.3.", "W13", "3/2026", "Mon", "08"."""
    try:
        if grouping is Grouping.DAY:
            day = dt.date.fromisoformat(row.code)
            return f"{day.day}.{day.month}."
        if grouping is Grouping.MONTH:
            year, month = row.code.split("-")
            return f"{int(month)}/{year}"
        if grouping is Grouping.WEEK:
            return row.code.split("-")[-1]
        if grouping is Grouping.WEEKDAY:
            return weekday_name(int(row.code) - 1)
    except (ValueError, IndexError):
        pass
    return row.code if grouping is Grouping.HOUR else row_label(row.label_fi, row.label_en, lang)


def _fit(text: str, font: str, size: float, limit: float) -> str:
    if stringWidth(text, font, size) <= limit:
        return text
    while text and stringWidth(text + "…", font, size) > limit:
        text = text[:-1]
    return text.rstrip() + "…"


def _bar_values(cells: Sequence[SafeCount]) -> tuple[list[int], list[str]]:
    """Bar heights (0 for a hidden count) and the label over each bar (its mark if hidden)."""
    return [c.value or 0 for c in cells], [c.text for c in cells]


def _value_max(values: Sequence[int], min_count: int) -> int:
    top = max([*values, min_count])
    return int(top * 1.15) + 1


def bar_chart(table: SafeTable, lang: str, width: float) -> Drawing:
    """A chart of the table's first measure."""
    if table.grouping in TIME_GROUPINGS:
        return _vertical(table, lang, width)
    return _horizontal(table, lang, width)


def _drawing(width: float, height: float) -> Drawing:
    """A drawing whose starting font is ours (reportlab's graphics start from Helvetica)."""
    drawing = Drawing(width, height)
    drawing.initialFontName = register_fonts()[0]
    drawing.initialFontSize = AXIS_FONT_SIZE
    return drawing


def _vertical(table: SafeTable, lang: str, width: float) -> Drawing:
    regular, _bold = register_fonts()
    cells = [row.cells[0] for row in table.rows]
    values, texts = _bar_values(cells)
    many = len(values) > 14
    labels = [short_label(table.grouping, row, lang) for row in table.rows]
    label_room = max((stringWidth(t, regular, AXIS_FONT_SIZE) for t in labels), default=0)
    bottom = (label_room + 8) if many else 18
    height = 62 * mm + bottom
    drawing = _drawing(width, height)
    chart = VerticalBarChart()
    chart.x, chart.y = 34, bottom
    chart.width, chart.height = width - chart.x - 4, height - bottom - 14
    chart.data = [values or [0]]
    chart.categoryAxis.categoryNames = labels or [""]
    _style_axes(chart, regular)
    chart.categoryAxis.labels.boxAnchor = "e" if many else "n"
    chart.categoryAxis.labels.angle = 90 if many else 0
    chart.categoryAxis.labels.dy = -2
    chart.valueAxis.valueMax = _value_max(values, table.min_count)
    # Over many thin bars only the marks of hidden counts are printed (the table has every
    # number); over a few, every number.
    # A table with no rows still draws one empty bar (``data``): it needs one label too.
    chart.barLabelArray = [
        [t if (not many or c.hidden) else "" for t, c in zip(texts, cells, strict=True)] or [""]
    ]
    chart.barLabelFormat = "values"
    chart.barLabels.fontName = regular
    chart.barLabels.fontSize = LABEL_FONT_SIZE if not many else 7
    chart.barLabels.nudge = 7
    drawing.add(chart)
    return drawing


def _horizontal(table: SafeTable, lang: str, width: float) -> Drawing:
    regular, _bold = register_fonts()
    rows = list(table.rows)
    if len(rows) > MAX_BARS:
        # The largest shown counts; the order uses only what is printed, never a hidden value.
        rows = sorted(rows, key=lambda r: (r.cells[0].value is None, -(r.cells[0].value or 0)))
        rows = rows[:MAX_BARS]
    cells = [row.cells[0] for row in rows]
    values, texts = _bar_values(cells)
    label_limit = width * 0.42
    labels = [
        _fit(
            row_label(r.label_fi, r.label_en, lang) or r.code, regular, AXIS_FONT_SIZE, label_limit
        )
        for r in rows
    ]
    label_room = max((stringWidth(t, regular, AXIS_FONT_SIZE) for t in labels), default=0)
    bar_room = 15
    height = max(len(rows), 1) * bar_room + 28
    drawing = _drawing(width, height)
    chart = HorizontalBarChart()
    chart.x, chart.y = label_room + 8, 18
    chart.width, chart.height = width - chart.x - 30, height - 24
    # reportlab draws the first category at the bottom: reverse so the chart reads top down.
    chart.data = [values[::-1] or [0]]
    chart.categoryAxis.categoryNames = labels[::-1] or [""]
    _style_axes(chart, regular)
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.categoryAxis.labels.dx = -4
    chart.valueAxis.valueMax = _value_max(values, table.min_count)
    chart.barLabelArray = [texts[::-1] or [""]]
    chart.barLabelFormat = "values"
    chart.barLabels.fontName = regular
    chart.barLabels.fontSize = LABEL_FONT_SIZE
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.nudge = 4
    drawing.add(chart)
    return drawing


def _style_axes(chart: VerticalBarChart | HorizontalBarChart, font: str) -> None:
    chart.bars[0].fillColor = BAR_FILL
    chart.bars[0].strokeColor = colors.black
    chart.bars[0].strokeWidth = 0.4
    chart.barWidth = 8
    chart.groupSpacing = 4
    chart.valueAxis.valueMin = 0
    chart.valueAxis.forceZero = True
    chart.valueAxis.labels.fontName = font
    chart.valueAxis.labels.fontSize = AXIS_FONT_SIZE
    chart.valueAxis.labelTextFormat = "%d"
    chart.valueAxis.gridStrokeColor = RULE_GREY
    chart.valueAxis.gridStrokeWidth = 0.3
    chart.valueAxis.visibleGrid = True
    chart.categoryAxis.labels.fontName = font
    chart.categoryAxis.labels.fontSize = AXIS_FONT_SIZE


# --- tables ------------------------------------------------------------------------------------


def count_table(table: SafeTable, lang: str, width: float, styles: ReportStyles) -> Table:
    """Name, one column per measure, the share of the first measure; the total row in bold."""
    row_shares = shares(table)
    titles = [measure_name(m) for m in table.measures]
    if row_shares is not None:
        titles.append(share_header(table.measures[0]))
    header = [para(_("Name"), styles.cell_bold)]
    header += [para(title, _right(styles.cell_bold)) for title in titles]
    data: list[list[Paragraph]] = [header]
    for index, row in enumerate(table.rows):
        line = [para(row_label(row.label_fi, row.label_en, lang) or row.code, styles.cell)]
        line += [para(cell.text, styles.number) for cell in row.cells]
        if row_shares is not None:
            comma = lang.split("-")[0] != "en"
            line.append(para(row_shares[index].text(decimal_comma=comma), styles.number))
        data.append(line)
    if table.total is not None:
        total = [para(_("Total"), styles.cell_bold)]
        total += [para(cell.text, _right(styles.cell_bold)) for cell in table.total]
        if row_shares is not None:
            total.append(para("", styles.number))
        data.append(total)
    # A number column is as wide as the longest word of its heading (never broken inside a
    # word), at least 20 mm; the name column takes the rest.
    _regular, bold = register_fonts()
    number_widths = [
        max(20 * mm, max(stringWidth(w, bold, TABLE_FONT_SIZE) for w in t.split()) + 6)
        for t in titles
    ]
    widths = [width - sum(number_widths), *number_widths]
    result = Table(data, colWidths=widths, repeatRows=1)
    commands = [*_grid(), ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black)]
    if table.total is not None:
        commands.append(("LINEABOVE", (0, -1), (-1, -1), 0.8, colors.black))
    result.setStyle(TableStyle(commands))
    return result


def matrix_table(matrix: SafeMatrix, lang: str, width: float, styles: ReportStyles) -> Table:
    """The weekday × hour table: counts in small type, shaded by size, totals at the edges."""
    regular, bold = register_fonts()
    size = 7.5 if len(matrix.columns) > 14 else 9
    label_width = 16 * mm
    total_texts = [_("Total"), matrix.grand_total.text, *(c.text for c in matrix.row_totals)]
    total_width = max(stringWidth(t, bold, size) for t in total_texts) + 6
    cell_width = (width - label_width - total_width) / max(len(matrix.columns), 1)
    header = [""] + [c.code for c in matrix.columns] + [_("Total")]
    data: list[list[str]] = [header]
    for axis, cells, total in zip(matrix.rows, matrix.cells, matrix.row_totals, strict=True):
        name = _fit(row_label(axis.label_fi, axis.label_en, lang), regular, size, label_width - 4)
        data.append([name, *(c.text for c in cells), total.text])
    data.append([_("Total"), *(c.text for c in matrix.column_totals), matrix.grand_total.text])
    widths = [label_width, *([cell_width] * len(matrix.columns)), total_width]
    result = Table(data, colWidths=widths, repeatRows=1)
    commands: list[tuple[object, ...]] = [
        ("FONTNAME", (0, 0), (-1, -1), regular),
        ("FONTNAME", (0, 0), (-1, 0), bold),
        ("FONTNAME", (0, -1), (-1, -1), bold),
        ("FONTNAME", (-1, 0), (-1, -1), bold),
        ("FONTSIZE", (0, 0), (-1, -1), size),
        ("ALIGN", (1, 0), (-1, -1), "CENTER"),
        ("LEFTPADDING", (0, 0), (-1, -1), 1),
        ("RIGHTPADDING", (0, 0), (-1, -1), 1),
        ("GRID", (0, 0), (-1, -1), 0.3, RULE_GREY),
    ]
    largest = max((c.value or 0 for line in matrix.cells for c in line), default=0)
    for r, line in enumerate(matrix.cells, start=1):
        for c, cell in enumerate(line, start=1):
            if cell.value and largest:
                # Light grey to mid grey: black text stays readable on every shade.
                grey = 1 - 0.45 * cell.value / largest
                commands.append(("BACKGROUND", (c, r), (c, r), colors.Color(grey, grey, grey)))
    result.setStyle(TableStyle(commands))
    return result


def _right(style: ParagraphStyle) -> ParagraphStyle:
    return ParagraphStyle(f"{style.name}-right", parent=style, alignment=2)


def table_font() -> tuple[object, ...]:
    """A Table draws with Helvetica unless told otherwise, even around Paragraph cells; only the
    bundled fonts belong in the file."""
    return ("FONTNAME", (0, 0), (-1, -1), register_fonts()[0])


def _grid() -> list[tuple[object, ...]]:
    return [
        table_font(),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 2),
        ("RIGHTPADDING", (0, 0), (-1, -1), 2),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
        ("LINEBELOW", (0, 1), (-1, -1), 0.3, RULE_GREY),
    ]
