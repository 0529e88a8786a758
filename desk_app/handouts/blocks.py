"""One service as printed: its heading, what it is, how to get it, where, when and how to reach it.

Every document (referral sheet, leaflet, booklet) prints services with ``service_block``. A field
with no text is left out together with its label, so a sheet never shows an empty heading. The
fields sit in two columns beside a QR code of the web address; on an Arabic sheet the columns are
mirrored. A whole service is kept on one page when it fits, so its name never ends a page alone.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from reportlab.graphics.barcode import qrencoder
from reportlab.lib.colors import black
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, HRFlowable, KeepTogether, Spacer

from desk_app.domain.catalogue import Channel, ServiceDetail
from desk_app.domain.codes import ChannelKind
from desk_app.domain.hours import DayHours, week_ahead
from desk_app.handouts.language import language_list, pick
from desk_app.handouts.page import CONTENT_WIDTH, Sheet
from desk_app.hours_text import (
    format_day_with_weekday,
    format_span,
    weekly_hours_lines,
)
from desk_app.i18n import N_

QR_SIZE = 21 * mm
COLUMN_GAP = 5 * mm
FIELD_GAP = 3


@dataclass(frozen=True)
class Field:
    label: str
    value: str


# --- opening hours for the next seven days ----------------------------------------------------


def _day_text(dates: str, closed: bool, hours: str, note: str, sheet: Sheet) -> str:
    # The same messages as desk_app.hours_text, so the wording matches the service card.
    if closed:
        if note:
            return sheet.t(N_("{dates} closed: {note}")).format(dates=dates, note=note)
        return sheet.t(N_("{dates} closed")).format(dates=dates)
    if note:
        return sheet.t(N_("{dates} {hours}: {note}")).format(dates=dates, hours=hours, note=note)
    return sheet.t(N_("{dates} {hours}")).format(dates=dates, hours=hours)


def _spans(day: DayHours, locale: str) -> str:
    return ", ".join(format_span(p.start, p.end, locale) for p in day.periods)


def week_lines(channel: Channel, sheet: Sheet) -> list[str]:
    """The next seven days; days in a row with the same hours are joined ("Mon–Fri 9–16"), and so
    are the days of one exceptional entry ("Thu 24.12.–Sat 26.12. closed: Christmas")."""
    locale = sheet.locale
    days = week_ahead(channel, sheet.today, 7)
    groups: list[list[DayHours]] = []
    for day in days:
        previous = groups[-1][-1] if groups else None
        if (
            previous is not None
            and day.exception is previous.exception
            and _spans(day, locale) == _spans(previous, locale)
        ):
            groups[-1].append(day)
        else:
            groups.append([day])
    lines = []
    for group in groups:
        first, last = group[0], group[-1]
        dates = format_day_with_weekday(first.day, locale)
        if last is not first:
            dates = f"{dates}–{format_day_with_weekday(last.day, locale)}"
        note = sheet.iso(pick(first.exception.note, sheet.lang).text) if first.exception else ""
        lines.append(_day_text(dates, first.closed, _spans(first, locale), note, sheet))
    return lines


# --- the fields -----------------------------------------------------------------------------


def _locations(service: ServiceDetail) -> list[Channel]:
    return [c for c in service.channels if c.kind is ChannelKind.LOCATION]


def where_text(channel: Channel, sheet: Sheet) -> str:
    place = ", ".join(p for p in (sheet.text(channel.name), channel.address_line) if p)
    lines = [place]
    if channel.room:
        lines.append(sheet.t(N_("Room: {room}")).format(room=sheet.iso(channel.room)))
    notes = []
    if channel.directions:
        notes.append(sheet.text(channel.directions))
    if channel.accessibility:
        # TRANSLATORS: {text} tells how to get in with a wheelchair, a pram etc.
        notes.append(
            sheet.t(N_("Accessibility: {text}")).format(
                text=sheet.iso(sheet.text(channel.accessibility))
            )
        )
    if notes:
        # One paragraph saves a line; on a right-to-left sheet a label in Arabic and a text in
        # another script read better on lines of their own.
        lines += notes if sheet.rtl else [" ".join(notes)]
    if channel.appointment_only:
        lines.append(sheet.t(N_("By appointment only")))
    return "\n".join(lines)


def hours_text(service: ServiceDetail, sheet: Sheet) -> str:
    places = [c for c in _locations(service) if c.hours or c.exceptions]
    parts = []
    for channel in places:
        lines = week_lines(channel, sheet)
        if len(places) > 1:
            lines.insert(0, sheet.text(channel.name) + ":")
        parts.append("\n".join(lines))
    return "\n".join(parts)


def web_addresses(service: ServiceDetail) -> list[str]:
    """Web addresses, the service's own pages and e-services first."""
    first = (ChannelKind.WEBPAGE, ChannelKind.ESERVICE, ChannelKind.PRINTABLE_FORM)
    ordered = sorted(service.channels, key=lambda c: c.kind not in first)
    return list(dict.fromkeys(c.url for c in ordered if c.url))


def contact_text(service: ServiceDetail, sheet: Sheet) -> str:
    lines = []
    seen_phones: set[str] = set()
    for channel in service.channels:
        if channel.phone and channel.phone not in seen_phones:
            seen_phones.add(channel.phone)
            lines.append(sheet.t(N_("Phone: {phone}")).format(phone=sheet.iso(channel.phone)))
            if channel.kind is ChannelKind.PHONE and channel.hours:
                lines.append(", ".join(weekly_hours_lines(channel, sheet.locale)))
    for email in dict.fromkeys(c.email for c in service.channels if c.email):
        lines.append(sheet.t(N_("Email: {email}")).format(email=sheet.iso(email)))
    for url in web_addresses(service):
        lines.append(sheet.t(N_("Web: {url}")).format(url=sheet.iso(url)))
    return "\n".join(lines)


def _fields(service: ServiceDetail, sheet: Sheet) -> list[Field]:
    """The fields in reading order; those without a value are left out."""
    places = "\n".join(where_text(c, sheet) for c in _locations(service))
    languages = service.summary.languages
    fields = [
        Field(sheet.t(N_("How to apply")), sheet.text(service.how_to_apply)),
        Field(sheet.t(N_("What to bring")), sheet.text(service.what_to_bring)),
        Field(
            sheet.t(N_("Languages of the service")),
            language_list(languages, sheet.lang, sheet.tr) if languages else "",
        ),
        Field(sheet.t(N_("Where")), places),
        Field(sheet.t(N_("Opening hours, next 7 days")), hours_text(service, sheet)),
        Field(sheet.t(N_("Contact")), contact_text(service, sheet)),
    ]
    return [f for f in fields if f.value]


def _field_flowables(fields: Sequence[Field], sheet: Sheet) -> list[Flowable]:
    flowables: list[Flowable] = []
    for field in fields:
        flowables.append(sheet.block(field.label, sheet.styles.label, keep_with_next=True))
        flowables.append(sheet.block(field.value))
        flowables.append(Spacer(1, FIELD_GAP))
    return flowables


def _measure(fields: Sequence[Field], sheet: Sheet, column_width: float) -> float:
    flowables = _field_flowables(fields, sheet)
    return float(sum(f.wrap(column_width, 10_000)[1] for f in flowables))


def _balanced(fields: list[Field], sheet: Sheet, column_width: float) -> list[list[Field]]:
    """The fields in two or three columns, in reading order, with the shortest tallest column."""
    heights = [_measure([f], sheet, column_width) for f in fields]
    n = len(fields)
    best: tuple[float, list[list[Field]]] | None = None
    for first in range(n + 1):
        for second in range(first, n + 1):
            if sheet.large and second != n:
                continue  # two columns
            cuts = [(0, first), (first, second), (second, n)]
            tallest = max(sum(heights[a:b]) for a, b in cuts)
            if best is None or tallest < best[0] - 0.5:
                best = (tallest, [fields[a:b] for a, b in cuts])
    assert best is not None
    return [column for column in best[1] if column]


class Row(Flowable):
    """Cells side by side, each a stack of flowables from its top; mirrored on a right-to-left
    sheet. ``gap`` is left free after each cell but the last, inside its width.

    A one-row ``Table`` did this before at several times the cost: the row cannot split anyway,
    so all it needs is to stack each cell and place the cells."""

    def __init__(self, cells: list[list[Flowable]], widths: list[float], *, rtl: bool, gap: float):
        super().__init__()
        if rtl:
            cells, widths = cells[::-1], widths[::-1]
        self.cells = cells
        self.rtl = rtl
        # (x, inner width) of each cell: the gap goes after a cell, or before it when mirrored
        self.places: list[tuple[float, float]] = []
        x = 0.0
        for index, cell_width in enumerate(widths):
            if rtl:
                lead = gap if index > 0 else 0.0
                self.places.append((x + lead, cell_width - lead))
            else:
                trail = gap if index < len(widths) - 1 else 0.0
                self.places.append((x, cell_width - trail))
            x += cell_width
        self.width = x
        self.height = 0.0
        self._sizes: list[list[tuple[float, float]]] = []

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self._sizes = []
        tallest = 0.0
        canvas = getattr(self, "canv", None)
        for cell, (_, inner) in zip(self.cells, self.places, strict=True):
            sizes = [f.wrapOn(canvas, inner, 1e6) for f in cell]
            self._sizes.append(sizes)
            tallest = max(tallest, _stack_height(cell, sizes))
        self.height = tallest
        return self.width, self.height

    def draw(self) -> None:
        for cell, sizes, (x, inner) in zip(self.cells, self._sizes, self.places, strict=True):
            y = self.height
            last = len(cell) - 1
            for index, (flowable, (w, h)) in enumerate(zip(cell, sizes, strict=True)):
                if index:
                    y -= flowable.getSpaceBefore()
                y -= h
                left = x + (inner - w if self.rtl else 0.0)
                flowable.drawOn(self.canv, left, y)
                if index < last:
                    y -= flowable.getSpaceAfter()


def _stack_height(cell: Sequence[Flowable], sizes: Sequence[tuple[float, float]]) -> float:
    """Height of flowables stacked as a table cell stacks them: the spaces between them count,
    the first one's space before and the last one's space after do not."""
    height = sum(h for _, h in sizes)
    for index, flowable in enumerate(cell):
        if index:
            height += flowable.getSpaceBefore()
        if index < len(cell) - 1:
            height += flowable.getSpaceAfter()
    return float(height)


def side_by_side(cells: list[Any], widths: list[float], sheet: Sheet, gap: float) -> Row:
    """One row of cells (flowables or lists of them), mirrored on a right-to-left sheet."""
    stacks = [cell if isinstance(cell, list) else [cell] for cell in cells]
    return Row(stacks, widths, rtl=sheet.rtl, gap=gap)


class QrCode(Flowable):
    """A QR code of a web address, ``size`` square with its quiet zone, black on white.

    Drawn module by module rather than through reportlab's graphics renderer, which would put its
    default Helvetica into the PDF (only the bundled fonts may be there)."""

    QUIET_ZONE = 4  # modules of white around the code, as the standard asks

    def __init__(self, value: str, size: float) -> None:
        super().__init__()
        count, runs = _qr_runs(value)
        self.value = value
        self.size = size
        self.runs = runs
        self.modules = count + 2 * self.QUIET_ZONE

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.size, self.size

    def draw(self) -> None:
        step = self.size / self.modules
        # All dark runs as one filled path: one fill instead of a rectangle operator each.
        path = self.canv.beginPath()
        for row, column, length in self.runs:
            x = (column + self.QUIET_ZONE) * step
            y = self.size - (row + self.QUIET_ZONE + 1) * step
            # a hair bigger than the modules, so neighbours never show a white seam
            path.rect(x, y, length * step + 0.05, step + 0.05)
        self.canv.setFillGray(0)
        self.canv.drawPath(path, stroke=0, fill=1)


@functools.lru_cache(maxsize=256)
def _qr_runs(value: str) -> tuple[int, tuple[tuple[int, int, int], ...]]:
    """The QR code of ``value``: its size in modules and its dark modules as horizontal runs
    (row, first column, length). Worked out once per address: the desk prints the same services
    again and again, and choosing the best mask is most of the cost."""
    code = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
    code.addData(value)
    code.make()
    count = code.getModuleCount()
    runs = []
    for row in range(count):
        column = 0
        while column < count:
            if code.isDark(row, column):
                start = column
                while column < count and code.isDark(row, column):
                    column += 1
                runs.append((row, start, column - start))
            else:
                column += 1
    return count, tuple(runs)


def qr_code(url: str, size: float = QR_SIZE) -> QrCode:
    return QrCode(url, size)


def _columns(fields: list[Field], sheet: Sheet) -> Row:
    count = 2 if sheet.large else 3
    column_width = (CONTENT_WIDTH - (count - 1) * COLUMN_GAP) / count
    columns = _balanced(fields, sheet, column_width)
    cells: list[Any] = [_field_flowables(column, sheet) for column in columns]
    widths = [column_width + COLUMN_GAP] * (len(cells) - 1) + [column_width]
    widths[-1] += CONTENT_WIDTH - sum(widths)
    return side_by_side(cells, widths, sheet, COLUMN_GAP)


@dataclass(frozen=True)
class ServiceTexts:
    """What a sheet prints of one service, in the sheet language, before any layout."""

    name: str
    actor: str
    summary: str
    description: str
    audience: str
    fields: list[Field]


def service_texts(service: ServiceDetail, sheet: Sheet) -> ServiceTexts:
    """The heading, the actor (with the programme), the summary, the description, who it is for
    and the fields of ``service``."""
    fell_back_to = pick(service.summary.name, sheet.lang).fell_back_to
    sheet.quiet_fallback = ""
    name = sheet.text(service.summary.name)
    # The heading's fallback note stands for every text of this service in that same language.
    sheet.quiet_fallback = fell_back_to
    try:
        actor = sheet.text(service.summary.organisation_name)
        if service.programme is not None:
            programme = sheet.text(service.programme.name)
            actor = f"{actor} — {programme}" if actor else programme
        summary = sheet.text(service.summary.summary)
        description = sheet.text(service.description)
        audience = sheet.text(service.audience)
        fields = _fields(service, sheet)
    finally:
        sheet.quiet_fallback = ""
    return ServiceTexts(name, actor, summary, description, audience, fields)


def service_block(
    service: ServiceDetail,
    sheet: Sheet,
    *,
    full: bool = False,
    description_lines: int | None = None,
    frame_height: float,
    landmark: str = "",
    outline_title: str = "",
) -> list[Flowable]:
    """The flowables of one service. ``full`` adds the description and the audience (leaflet,
    booklet); ``description_lines`` caps the description, ending it with "…"."""
    styles = sheet.styles
    texts = service_texts(service, sheet)
    name = sheet.block(texts.name, styles.heading, keep_with_next=True)
    intro: list[Flowable] = []
    if texts.actor:
        intro.append(sheet.block(texts.actor))
    if texts.summary:
        intro += [Spacer(1, 2), sheet.block(texts.summary)]
    head: list[Flowable] = [name, *intro]
    urls = web_addresses(service)
    if urls:
        # The QR code sits beside the heading and the introduction, in the room they leave.
        size = QR_SIZE * (1.4 if sheet.large else 1)
        column = size + 3 * mm
        row = side_by_side(
            [head, qr_code(urls[0], size)], [CONTENT_WIDTH - column, column], sheet, 3 * mm
        )
        head = [row]
    if landmark:
        marker = head[0]  # the heading, or the row that holds it
        marker.landmark = landmark
        marker.outline_title = outline_title or pick(service.summary.name, sheet.lang).text
        marker.outline_level = 1
    body: list[Flowable] = []
    if full and texts.description:
        body += [Spacer(1, FIELD_GAP), sheet.block(texts.description, max_lines=description_lines)]
    if full and texts.audience:
        body += [
            Spacer(1, FIELD_GAP),
            sheet.block(sheet.t(N_("Who it is for")), styles.label, keep_with_next=True),
            sheet.block(texts.audience),
        ]
    fields = texts.fields
    body.append(Spacer(1, FIELD_GAP + 1))
    # A thin rule tells one service from the next.
    head.insert(
        0, HRFlowable(width="100%", thickness=0.5, color=black, spaceBefore=4, spaceAfter=0)
    )
    if not fields:
        return [KeepTogether([*head, *body])]
    columns = _columns(fields, sheet)
    _, height = columns.wrap(CONTENT_WIDTH, frame_height)
    if height > frame_height * 0.7:
        # Too much for columns on one page: the fields one after another, splitting freely.
        return [KeepTogether(head), *body, *_field_flowables(fields, sheet)]
    return [KeepTogether([*head, *body, columns])]


def checked_on(services: Sequence[ServiceDetail]) -> dt.date | None:
    """The oldest "checked on" date of the services: the sheet is as fresh as that."""
    dates = [s.checked_on for s in services if s.checked_on is not None]
    return min(dates) if dates else None
