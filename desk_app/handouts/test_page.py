"""A one-page test print: proves reportlab, the bundled fonts and the catalogue texts work together.

Used by ``pointti-desk self-test``; the real referral sheets come with the handouts feature.
"""

from __future__ import annotations

import datetime as dt
import io

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

from desk_app import __version__
from desk_app.domain.catalogue import ServiceSummary
from desk_app.handouts.fonts import register_fonts

SAMPLE_TEXTS = (
    "Työttömyysturva ja etuudet — Åbo, Närpes",  # Finnish and Swedish letters
    "Реєстрація як шукач роботи",  # Ukrainian (Cyrillic)
)


def render_test_page(services: list[ServiceSummary], when: dt.datetime) -> bytes:
    regular, bold = register_fonts()
    title = ParagraphStyle("title", fontName=bold, fontSize=18, leading=22)
    body = ParagraphStyle("body", fontName=regular, fontSize=12, leading=16)
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=20 * mm,
        bottomMargin=20 * mm,
        title="Pointti Desk self-test",
        author="Pointti Desk",
        lang="fi",
    )
    story = [
        Paragraph("Pointti Desk — testitulostus", title),
        Spacer(1, 6 * mm),
        Paragraph(f"Versio {__version__}, {when:%Y-%m-%d %H:%M} UTC", body),
        Spacer(1, 4 * mm),
    ]
    story += [Paragraph(text, body) for text in SAMPLE_TEXTS]
    story.append(Spacer(1, 4 * mm))
    story += [
        Paragraph(f"{s.code}: {s.name.text('fi')} ({s.organisation_name.text('fi')})", body)
        for s in services[:5]
    ]
    doc.build(story)
    return buffer.getvalue()
