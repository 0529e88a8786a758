"""The PDF of a data subject export: what the desk stores about a person, and when it was used.

A4, the bundled DejaVu fonts, black on white, body text 11 pt, in the UI language of the admin
who made it (the person may ask for it in Finnish, Swedish or English; the admin switches the
UI language). One table per contact record with every stored value, then the access history from
the audit trail: the moment, what was done and to which record, never who did it.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape
from zoneinfo import ZoneInfo

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from desk_app.handouts.fonts import register_fonts
from desk_app.i18n import N_, _

if TYPE_CHECKING:
    from desk_app.services.subject_requests import ExportedRecord, SubjectExport

BODY_SIZE = 11

ACTION_LABELS = {
    "contact.create": N_("Saved with the visitor's agreement"),
    "contact.view": N_("Viewed for the follow-up"),
    "contact.update": N_("Changed"),
    "contact.print": N_("Printed"),
    "contact.delete": N_("Deleted"),
    "contact.search": N_("Found in a search for a data request"),
    "contact.export": N_("Exported for a data request"),
    "contact.erase": N_("Erased on request"),
}
KIND_LABELS = {
    "follow_up_contact": N_("Contact details"),
    "referral": N_("Referral"),
}
STATUS_LABELS = {
    "referred": N_("Referred, not yet contacted"),
    "contacted": N_("Contacted"),
    "got_service": N_("Got the service"),
    "did_not": N_("Did not get the service"),
    "unknown": N_("Outcome unknown"),
}


def _moment(moment: dt.datetime, tz: ZoneInfo) -> str:
    local = moment.astimezone(tz)
    return f"{local.day}.{local.month}.{local.year} {local:%H:%M}"


def _day(day: dt.date) -> str:
    return f"{day.day}.{day.month}.{day.year}"


class _Styles:
    def __init__(self) -> None:
        regular, bold = register_fonts()
        leading = BODY_SIZE * 1.3
        self.body = ParagraphStyle("body", fontName=regular, fontSize=BODY_SIZE, leading=leading)
        self.label = ParagraphStyle("label", parent=self.body, fontName=bold)
        self.title = ParagraphStyle(
            "title", fontName=bold, fontSize=20, leading=25, spaceAfter=4 * mm
        )
        self.heading = ParagraphStyle(
            "heading", fontName=bold, fontSize=14, leading=18, spaceBefore=5 * mm, spaceAfter=2 * mm
        )


def _table(rows: list[list[Paragraph]], widths: list[float], header: bool = False) -> Table:
    table = Table(rows, colWidths=widths, repeatRows=1 if header else 0)
    commands: list[tuple[object, ...]] = [
        ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]
    if header:
        commands.append(("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8e8e8")))
    table.setStyle(TableStyle(commands))
    return table


def _record_rows(record: ExportedRecord, styles: _Styles, tz: ZoneInfo) -> list[list[Paragraph]]:
    values = [
        (_("Name"), record.name or _("not given")),
        (_("Phone"), record.phone or _("not given")),
        (_("Email"), record.email or _("not given")),
        (_("Purpose"), record.purpose),
        (_("Agreed on"), _moment(record.agreed_at, tz)),
        (_("Kept until"), _day(record.expires_at.astimezone(tz).date())),
        (_("Service"), f"{record.service_name} ({record.service_code})"),
        (_("Visit day"), _day(record.visit_day)),
        (_("Referred on"), _moment(record.referred_at, tz)),
        (
            _("Follow-up due"),
            _day(record.follow_up_due) if record.follow_up_due else _("not set"),
        ),
        (_("Status"), _(STATUS_LABELS.get(record.status, record.status))),
        (
            _("Status changed"),
            _moment(record.status_changed_at, tz) if record.status_changed_at else _("not changed"),
        ),
        (_("Follow-up note"), record.follow_up_note or _("none")),
    ]
    return [
        [Paragraph(escape(label), styles.label), Paragraph(escape(value), styles.body)]
        for label, value in values
    ]


def _story(export: SubjectExport, styles: _Styles, width: float) -> list[Flowable]:
    tz = ZoneInfo(export.tz)
    story: list[Flowable] = [
        Paragraph(escape(_("Personal data stored by Pointti Desk")), styles.title),
        Paragraph(
            escape(
                _(
                    "This is everything Pointti Desk stores with the contact details below: the "
                    "details, what they were for, the referral they belong to and when they were "
                    "used. Who used them is not shown. Made on {date}."
                ).format(date=_moment(export.created_at, tz))
            ),
            styles.body,
        ),
    ]
    for number, record in enumerate(export.records, start=1):
        story.append(Paragraph(escape(_("Contact details {n}").format(n=number)), styles.heading))
        story.append(_table(_record_rows(record, styles, tz), [0.3 * width, 0.7 * width]))
    story.append(Paragraph(escape(_("When the details were used")), styles.heading))
    if not export.access:
        story.append(Paragraph(escape(_("No use is recorded.")), styles.body))
    else:
        rows = [
            [
                Paragraph(escape(_("Date and time")), styles.label),
                Paragraph(escape(_("What was done")), styles.label),
                Paragraph(escape(_("Record")), styles.label),
            ]
        ]
        for entry in export.access:
            rows.append(
                [
                    Paragraph(escape(_moment(entry.at, tz)), styles.body),
                    Paragraph(
                        escape(_(ACTION_LABELS.get(entry.action, entry.action))), styles.body
                    ),
                    Paragraph(
                        escape(_(KIND_LABELS.get(entry.record_kind, entry.record_kind))),
                        styles.body,
                    ),
                ]
            )
        story.append(_table(rows, [0.28 * width, 0.44 * width, 0.28 * width], header=True))
    story.append(Spacer(1, 4 * mm))
    return story


def subject_export_pdf(export: SubjectExport) -> bytes:
    styles = _Styles()
    buffer = io.BytesIO()
    title = _("Personal data stored by Pointti Desk")
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=16 * mm,
        bottomMargin=18 * mm,
        title=title,
        author="Pointti Desk",
        lang=export.lang,
    )
    footer = _("Page {page}")

    def draw_footer(canvas: Canvas, _doc: object) -> None:
        canvas.saveState()
        canvas.setFont(styles.body.fontName, BODY_SIZE)
        canvas.drawString(18 * mm, 10 * mm, title)
        canvas.drawRightString(A4[0] - 18 * mm, 10 * mm, footer.format(page=canvas.getPageNumber()))
        canvas.restoreState()

    doc.build(_story(export, styles, doc.width), onFirstPage=draw_footer, onLaterPages=draw_footer)
    return buffer.getvalue()
