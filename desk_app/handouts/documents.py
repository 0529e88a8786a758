"""The handouts as PDF bytes: the referral sheet, a service leaflet and the catalogue booklet.

Catalogue read models (``ServiceDetail``) and the desk's own details in, an A4 PDF out; no Qt, no
database. Every document is printed in one of ``HANDOUT_LANGUAGES`` whatever the UI language is:
fixed texts from the handouts' gettext catalogue, catalogue texts with a marked fallback, dates
and weekdays from CLDR, Arabic shaped and right to left (see ``text`` and ``language``).
``now`` is an aware datetime; dates and "the next 7 days" are Europe/Helsinki local time.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Spacer, Table, TableStyle

from desk_app.domain.catalogue import ServiceDetail
from desk_app.handouts.blocks import checked_on, service_block, service_texts
from desk_app.handouts.language import (
    HANDOUT_LANGUAGES,
    UnknownLanguageError,
    check_language,
    pick,
)
from desk_app.handouts.page import (
    CONTENT_WIDTH,
    HEADER_GAP,
    MARGIN_Y,
    PAGE_HEIGHT,
    Built,
    Sheet,
    SheetHeader,
    build,
    footer_height,
    footer_lines,
    header_height,
    header_lines,
    page_number,
)
from desk_app.i18n import N_

__all__ = [
    "HANDOUT_LANGUAGES",
    "SheetHeader",
    "UnknownLanguageError",
    "catalogue_booklet",
    "referral_sheet",
    "service_leaflet",
]

LEAFLET_DESCRIPTION_LINES = (None, 16, 12, 9, 6, 4, 2)
"""Caps tried in turn on a leaflet's description until the service fits on one page."""
BOOKLET_DESCRIPTION_LINES = 10


def _sheet(
    lang: str, now: dt.datetime, header: SheetHeader, title: str, *, large: bool = False
) -> Sheet:
    check_language(lang)
    sheet = Sheet(lang=lang, now=now, header=header, large=large)
    sheet.kind_title = sheet.t(title)
    return sheet


def _frame_height(sheet: Sheet) -> float:
    return PAGE_HEIGHT - 2 * MARGIN_Y - header_height(sheet) - footer_height(sheet) - 2 * HEADER_GAP


def _checked_line(sheet: Sheet, services: Sequence[ServiceDetail]) -> None:
    day = checked_on(services)
    if day is not None:
        line = sheet.t(N_("Information checked on {date}.")).format(date=sheet.date(day))
        # A date that ends in an abbreviation ("1 лист. 2026 р.") already ends the sentence.
        sheet.footer_extra.append(line[:-1] if line.endswith("..") else line)


def _pdf_title(sheet: Sheet, what: str = "") -> str:
    parts = [sheet.kind_title, what, sheet.header.name or "Pointti"]
    return " — ".join(p for p in parts if p)


def _next_step(note: str, sheet: Sheet) -> Table:
    """The "your next step" box: the one thing the visitor should do, framed."""
    cells = [[sheet.block(sheet.t(N_("Your next step")), sheet.styles.label)], [sheet.block(note)]]
    box = Table(cells, colWidths=[CONTENT_WIDTH])
    box.setStyle(
        TableStyle(
            [
                ("BOX", (0, 0), (-1, -1), 1.2, (0, 0, 0)),
                ("FONTNAME", (0, 0), (-1, -1), sheet.styles.body.font),
                ("LEFTPADDING", (0, 0), (-1, -1), 3 * mm),
                ("RIGHTPADDING", (0, 0), (-1, -1), 3 * mm),
                ("TOPPADDING", (0, 0), (-1, 0), 2 * mm),
                ("BOTTOMPADDING", (0, -1), (-1, -1), 2 * mm),
                ("TOPPADDING", (0, 1), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, 0), 0),
            ]
        )
    )
    return box


def referral_sheet(
    services: Sequence[ServiceDetail],
    *,
    lang: str,
    now: dt.datetime,
    header: SheetHeader,
    note: str = "",
) -> bytes:
    """The sheet a visitor takes away: the services they were referred to, in their language."""
    sheet = _sheet(lang, now, header, N_("Services for you"))
    _checked_line(sheet, services)
    height = _frame_height(sheet)
    story: list[Any] = []
    if note.strip():
        story += [_next_step(note.strip(), sheet), Spacer(1, 2 * mm)]
    for service in services:
        story += service_block(service, sheet, frame_height=height)
    if not services:
        story.append(sheet.block(sheet.t(N_("No services were chosen."))))
    return build(sheet, story, title=_pdf_title(sheet)).pdf


def referral_sheet_texts(
    services: Sequence[ServiceDetail],
    *,
    lang: str,
    now: dt.datetime,
    header: SheetHeader,
    note: str = "",
) -> list[str]:
    """Every text ``referral_sheet`` prints on its first page, in reading order, without the
    layout: the header, the next step, each service's heading, actor, summary and fields, the
    footer. The benchmark prints these as plain paragraphs to see what the layout costs."""
    sheet = _sheet(lang, now, header, N_("Services for you"))
    _checked_line(sheet, services)
    start, end = header_lines(sheet)
    texts = [line.text for line in (*start, *end)]
    if note.strip():
        texts += [sheet.t(N_("Your next step")), note.strip()]
    for service in services:
        printed = service_texts(service, sheet)
        texts += [t for t in (printed.name, printed.actor, printed.summary) if t]
        for field in printed.fields:
            texts += [field.label, field.value]
    texts += [line.text for line in footer_lines(sheet)]
    texts.append(page_number(sheet, 1, 1))
    return texts


def service_leaflet(
    service: ServiceDetail, *, lang: str, now: dt.datetime, header: SheetHeader
) -> bytes:
    """One service on one page; a long description is shortened (ending in "…") to fit."""
    sheet = _sheet(lang, now, header, N_("Service information"), large=True)
    _checked_line(sheet, [service])
    height = _frame_height(sheet)
    title = _pdf_title(sheet, pick(service.summary.name, lang).text)
    built: Built | None = None
    for cap in LEAFLET_DESCRIPTION_LINES:
        story = service_block(service, sheet, full=True, description_lines=cap, frame_height=height)
        built = build(sheet, story, title=title)
        if built.pages == 1:
            break
    assert built is not None
    return built.pdf


def _number_table(
    rows: list[tuple[str, str]], sheet: Sheet, number_width: float = 22 * mm
) -> Table:
    """Entries with page numbers at the far edge (contents, index)."""
    cells = []
    for text, number in rows:
        row: list[Flowable] = [sheet.block(text), sheet.block(number)]
        cells.append(row[::-1] if sheet.rtl else row)
    widths = [CONTENT_WIDTH - number_width, number_width]
    table = Table(cells, colWidths=widths[::-1] if sheet.rtl else widths, repeatRows=0)
    number_col = 0 if sheet.rtl else 1
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("FONTNAME", (0, 0), (-1, -1), sheet.styles.body.font),  # no Helvetica in the PDF
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 1.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
                ("LINEBELOW", (0, 0), (-1, -1), 0.3, (0, 0, 0)),
            ]
        )
    )
    # page numbers hug the outer edge: right in LTR, left in RTL
    for row in cells:
        block = row[number_col]
        block.align_right = not sheet.rtl
    return table


def catalogue_booklet(
    sections: Sequence[tuple[str, Sequence[ServiceDetail]]],
    *,
    lang: str,
    now: dt.datetime,
    header: SheetHeader,
) -> bytes:
    """Every section's services by topic, with contents and an index: the desk's binder."""
    sheet = _sheet(lang, now, header, N_("Service catalogue"))
    _checked_line(sheet, [s for _, services in sections for s in services])
    height = _frame_height(sheet)
    landed: dict[str, int] = {}
    built: Built | None = None
    for _pass in range(2):  # the first pass finds the pages, the second prints them
        story = _booklet_story(sections, sheet, height, landed)
        built = build(sheet, story, title=_pdf_title(sheet))
        if built.landed == landed:
            break
        landed = built.landed
    assert built is not None
    return built.pdf


def _page(landed: dict[str, int], key: str) -> str:
    return str(landed.get(key, "00"))


def _booklet_story(
    sections: Sequence[tuple[str, Sequence[ServiceDetail]]],
    sheet: Sheet,
    height: float,
    landed: dict[str, int],
) -> list[Any]:
    styles = sheet.styles
    story: list[Any] = [
        sheet.block(sheet.kind_title, styles.title),
        sheet.block(
            sheet.t(N_("The services grouped by topic. The index at the end lists them A–Z."))
        ),
        Spacer(1, 5 * mm),
        sheet.block(sheet.t(N_("Contents")), styles.heading),
        Spacer(1, 2 * mm),
    ]
    contents = [(label, _page(landed, f"topic-{i}")) for i, (label, _) in enumerate(sections)]
    contents.append((sheet.t(N_("Index")), _page(landed, "index")))
    story.append(_number_table(contents, sheet))
    index: dict[str, list[str]] = {}
    for i, (label, services) in enumerate(sections):
        story.append(PageBreak())
        heading = sheet.block(label, styles.title, keep_with_next=True)
        heading.landmark = f"topic-{i}"
        heading.outline_title = label
        heading.outline_level = 0
        story.append(heading)
        for service in services:
            key = f"service-{i}-{service.code}"
            name = pick(service.summary.name, sheet.lang).text
            index.setdefault(name, []).append(key)
            story += service_block(
                service,
                sheet,
                full=True,
                description_lines=BOOKLET_DESCRIPTION_LINES,
                frame_height=height,
                landmark=key,
                outline_title=name,
            )
    story.append(PageBreak())
    index_heading = sheet.block(sheet.t(N_("Index")), styles.title)
    index_heading.landmark = "index"
    index_heading.outline_title = sheet.t(N_("Index"))
    index_heading.outline_level = 0
    story.append(index_heading)
    rows = []
    for name in sorted(index, key=str.casefold):
        pages = sorted({int(_page(landed, key)) for key in index[name]})
        rows.append((name, ", ".join(str(p) for p in pages)))
    if rows:
        story.append(_number_table(rows, sheet, 45 * mm))
    return story
