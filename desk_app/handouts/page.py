"""The page of every handout: A4, the desk's header and a footer on each page, "page x/y".

``Sheet`` carries what one document needs everywhere (language, gettext catalogue, direction,
styles, the local date), so the content builders stay small. The header and footer are drawn by a
two-pass canvas: pages are kept until the end so that "page 1/3" can be written with the total.
Sizes follow the accessibility rule of the design: body text 11 pt or more, black on white.
"""

from __future__ import annotations

import datetime as dt
import gettext
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate

from desk_app.domain.texts import Texts
from desk_app.handouts.fonts import register_fonts
from desk_app.handouts.language import (
    babel_lang,
    handout_translations,
    is_rtl,
    marked,
    pdf_lang,
    pick,
)
from desk_app.handouts.text import TextBlock, TextStyle, visual, width, wrap_logical
from desk_app.hours_text import format_full_date
from desk_app.i18n import N_

LOCAL_TZ = ZoneInfo("Europe/Helsinki")
PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_X = 16 * mm
MARGIN_Y = 8 * mm
CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN_X
HEADER_GAP = 4 * mm  # between the header rule and the content, and the content and the footer
RULE = 0.8


@dataclass(frozen=True)
class Styles:
    body: TextStyle
    label: TextStyle
    heading: TextStyle
    subheading: TextStyle
    title: TextStyle
    header_name: TextStyle


def make_styles(*, large: bool = False) -> Styles:
    """The type sizes; ``large`` for a leaflet, which has a page for one service."""
    regular, bold = register_fonts()
    body = 12.5 if large else 11
    return Styles(
        body=TextStyle(regular, body, body * 1.2),
        label=TextStyle(bold, body, body * 1.2),
        heading=TextStyle(bold, 20 if large else 14, 24 if large else 17, space_before=2),
        subheading=TextStyle(bold, 12, 15, space_before=4),
        title=TextStyle(bold, 20, 25, space_after=6),
        header_name=TextStyle(bold, 15, 18),
    )


@dataclass(frozen=True)
class SheetHeader:
    """The desk's own details, from settings; printed at the top of every page."""

    name: str
    address: str
    phone: str
    hours: str


@dataclass
class Sheet:
    """One document being built: its language and everything derived from it."""

    lang: str
    now: dt.datetime
    header: SheetHeader
    kind_title: str = ""
    footer_extra: list[str] = field(default_factory=list)
    privacy_note: bool = True
    """The footer's note to the visitor that the sheet holds no personal data (not on reports)."""
    quiet_fallback: str = ""
    large: bool = False

    def __post_init__(self) -> None:
        self.tr: gettext.NullTranslations = handout_translations(self.lang)
        self.rtl = is_rtl(self.lang)
        self.locale = babel_lang(self.lang)
        local = self.now.astimezone(LOCAL_TZ) if self.now.tzinfo else self.now
        self.today: dt.date = local.date()
        self.styles = make_styles(large=self.large)

    def t(self, message: str) -> str:
        """``message`` (marked with N_ where it is written) in the sheet language."""
        return self.tr.gettext(message)

    def text(self, texts: Texts) -> str:
        """A catalogue text in the sheet language, with its fallback note when it fell back
        (unless to ``quiet_fallback``: the service's heading already says that language)."""
        picked = pick(texts, self.lang)
        if picked.fell_back_to and picked.fell_back_to == self.quiet_fallback:
            return picked.text
        return marked(picked, self.lang, self.tr)

    def iso(self, value: str) -> str:
        """``value`` set apart from the text around it on a right-to-left sheet (a phone number,
        an English note in an Arabic line), so the bidi algorithm keeps its own order intact."""
        return f"\u2068{value}\u2069" if self.rtl and value else value

    def date(self, day: dt.date) -> str:
        return format_full_date(day, self.locale)

    def block(self, text: str, style: TextStyle | None = None, **kwargs: Any) -> TextBlock:
        return TextBlock(text, style or self.styles.body, align_right=self.rtl, **kwargs)


# --- the header and footer drawn on every page ----------------------------------------------


@dataclass(frozen=True)
class PrintedLine:
    """One line of the page header or footer, already wrapped."""

    text: str
    font: str
    size: float
    leading: float

    @classmethod
    def of(cls, text: str, style: TextStyle) -> PrintedLine:
        return cls(text, style.font, style.size, style.leading)


def header_lines(
    sheet: Sheet, limit: float = CONTENT_WIDTH * 0.7
) -> tuple[list[PrintedLine], list[PrintedLine]]:
    """(the desk's lines on the start side, the title and date on the end side)."""
    styles = sheet.styles
    header = sheet.header
    start = [
        PrintedLine.of(line, styles.header_name)
        for line in wrap_logical(
            header.name, styles.header_name.font, styles.header_name.size, limit
        )
    ]
    details = [d.strip() for d in (header.address, header.phone, header.hours) if d.strip()]
    # Address, phone and hours on one line when they fit, else a line each.
    joined = " · ".join(details)
    if joined and width(joined, styles.body.font, styles.body.size) <= limit:
        details = [joined]
    for detail in details:
        for line in wrap_logical(detail, styles.body.font, styles.body.size, limit):
            start.append(PrintedLine.of(line, styles.body))
    end = [
        PrintedLine(sheet.kind_title, styles.label.font, 13, 16),
        PrintedLine.of(sheet.date(sheet.today), styles.body),
    ]
    return start, end


def footer_lines(sheet: Sheet) -> list[PrintedLine]:
    body = sheet.styles.body
    privacy = sheet.t(
        N_("This sheet has no personal data. It does not tell who you are or why you came.")
    )
    texts = [*sheet.footer_extra, *([privacy] if sheet.privacy_note else [])]
    page_room = 22 * mm  # kept free for "page x/y" beside the first line
    lines = []
    for index, text in enumerate(texts):
        limit = CONTENT_WIDTH - (page_room if index == 0 else 0)
        lines += [PrintedLine.of(t, body) for t in wrap_logical(text, body.font, body.size, limit)]
    return lines


def _height(lines: Sequence[PrintedLine]) -> float:
    return sum(line.leading for line in lines)


def header_height(sheet: Sheet) -> float:
    start, end = header_lines(sheet)
    return max(_height(start), _height(end)) + 2 * mm


def footer_height(sheet: Sheet) -> float:
    return _height(footer_lines(sheet)) + 3 * mm


def _draw_lines(canvas: Canvas, lines: Sequence[PrintedLine], top: float, *, right: bool) -> None:
    y = top
    for line in lines:
        y -= line.leading
        canvas.setFont(line.font, line.size)
        shown = visual(line.text)
        if right:
            canvas.drawRightString(PAGE_WIDTH - MARGIN_X, y + (line.leading - line.size) / 2, shown)
        else:
            canvas.drawString(MARGIN_X, y + (line.leading - line.size) / 2, shown)


def page_number(sheet: Sheet, page: int, pages: int) -> str:
    # TRANSLATORS: page numbering in the footer, e.g. "Page 1/3".
    return sheet.t(N_("Page {page}/{pages}")).format(page=page, pages=pages)


def draw_page_frame(canvas: Canvas, sheet: Sheet, page: int, pages: int) -> None:
    """The header (desk details, title, date) and the footer (notes, "page x/y") of one page."""
    canvas.saveState()
    canvas.setFillGray(0)
    canvas.setStrokeGray(0)
    top = PAGE_HEIGHT - MARGIN_Y
    start, end = header_lines(sheet)
    _draw_lines(canvas, start, top, right=sheet.rtl)
    _draw_lines(canvas, end, top, right=not sheet.rtl)
    rule_y = top - header_height(sheet)
    canvas.setLineWidth(RULE)
    canvas.line(MARGIN_X, rule_y, PAGE_WIDTH - MARGIN_X, rule_y)

    footer = footer_lines(sheet)
    footer_top = MARGIN_Y + footer_height(sheet)
    canvas.line(MARGIN_X, footer_top, PAGE_WIDTH - MARGIN_X, footer_top)
    _draw_lines(canvas, footer, footer_top - 1.5 * mm, right=sheet.rtl)
    body = sheet.styles.body
    number = page_number(sheet, page, pages)
    canvas.setFont(body.font, body.size)
    first_line_y = footer_top - 1.5 * mm - body.leading + (body.leading - body.size) / 2
    if sheet.rtl:
        canvas.drawString(MARGIN_X, first_line_y, visual(number))
    else:
        canvas.drawRightString(PAGE_WIDTH - MARGIN_X, first_line_y, visual(number))
    canvas.restoreState()


def _canvas_class(sheet: Sheet) -> type[Canvas]:
    class NumberedCanvas(Canvas):
        """Keeps every page until ``save`` so the frame can say "page x of y"."""

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
                draw_page_frame(self, sheet, number, total)
                super().showPage()
            super().save()

    return NumberedCanvas


class _Doc(BaseDocTemplate):
    """One frame per page without padding (the layout uses the full content width); notes the
    page on which each marked flowable lands, for the contents and the index."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        frame = Frame(
            self.leftMargin,
            self.bottomMargin,
            self.width,
            self.height,
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
            id="content",
        )
        self.addPageTemplates([PageTemplate(id="page", frames=[frame])])
        self.landed: dict[str, int] = {}

    def afterFlowable(self, flowable: Any) -> None:
        key = getattr(flowable, "landmark", None)
        if key and key not in self.landed:
            self.landed[key] = self.page
            title = getattr(flowable, "outline_title", None)
            if title:
                self.canv.bookmarkPage(key)
                self.canv.addOutlineEntry(title, key, level=getattr(flowable, "outline_level", 0))


@dataclass(frozen=True)
class Built:
    pdf: bytes
    pages: int
    landed: dict[str, int]


def build(sheet: Sheet, story: list[Any], *, title: str) -> Built:
    """Lay ``story`` out on the sheet's pages and return the PDF with its page count."""
    buffer = io.BytesIO()
    doc = _Doc(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN_X,
        rightMargin=MARGIN_X,
        topMargin=MARGIN_Y + header_height(sheet) + HEADER_GAP,
        bottomMargin=MARGIN_Y + footer_height(sheet) + HEADER_GAP,
        title=title,
        author=sheet.header.name or "Pointti",
        creator="Pointti Desk",
        subject=sheet.kind_title,
        lang=pdf_lang(sheet.lang),
        # Not even the canvas's default Helvetica: only the bundled fonts are in the file.
        initialFontName=sheet.styles.body.font,
        initialFontSize=sheet.styles.body.size,
    )
    canvas_class = _canvas_class(sheet)
    doc.build(story, canvasmaker=canvas_class)
    return Built(buffer.getvalue(), doc.page, dict(doc.landed))
