"""The PDF statistics report read back with pypdf: title, period, labels, marks, no small count.

The visible counts are kept at 20 or more so that no standalone number from 1 to 4 has a
legitimate place in the text (chart ticks step by 5 or more, dates and page numbers are not
standalone): any such token would be a raw small count that escaped suppression.
"""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from pypdf import PdfReader

from desk_app.domain.stats import (
    Grouping,
    Measure,
    Period,
    StatRow,
    StatsFilter,
    StatTable,
    table_total,
)
from desk_app.domain.suppression import AxisLabel, CountMatrix, footnote_lines
from desk_app.handouts.page import SheetHeader
from desk_app.i18n import set_ui_language
from desk_app.reports.pdf_report import ReportRequest, report_kind, report_pdf

MONTH = Period(dt.date(2026, 3, 1), dt.date(2026, 3, 31))
NOW = dt.datetime(2026, 4, 2, 9, 0, tzinfo=dt.UTC)
HEADER = SheetHeader("Pointti", "Valtakatu 11–13, 94100 Kemi", "", "")
FILTERS = StatsFilter(programmes=frozenset({"KORONASTA-KASVUUN"}))
SMALL = {"2026-03-10": 2, "2026-03-17": 3, "2026-03-24": 1}


def _table(grouping, measures, rows, *, total=True):
    stat_rows = tuple(StatRow(*row) for row in rows)
    return StatTable(
        grouping,
        measures,
        stat_rows,
        table_total(stat_rows, len(measures)) if total else None,
        MONTH,
        FILTERS,
    )


def per_day() -> StatTable:
    rows = []
    for offset in range(MONTH.days):
        day = MONTH.first + dt.timedelta(days=offset)
        visits = SMALL.get(day.isoformat(), 0 if day.weekday() >= 5 else 20 + offset % 7)
        rows.append(
            (
                day.isoformat(),
                f"{day.day}.{day.month}.{day.year}",
                day.isoformat(),
                (visits, visits),
            )
        )
    return _table(Grouping.DAY, (Measure.VISITS, Measure.VISITORS), rows)


TOPICS = [
    ("JOB", "Työnhaku ja työpaikat", "Job search and vacancies", (48,)),
    ("START", "Yrityksen perustaminen, starttiraha", "Starting a business", (25,)),
    ("DIGI", "Digituki ja sähköinen asiointi", "Digital support", (3,)),
    ("HOUSING", "Asuminen ja asumisen tuet", "Housing", (2,)),
    ("OTHER", "Muu asia", "Other", (0,)),
]
SERVICES = [
    ("STARTTIRAHA", "Starttiraha", "Start-up grant", (31,)),
    ("KELA-HOUSING", "Kelan asumistuki", "Kela housing allowance", (4,)),
]
HANDOUTS = [
    ("fi", "suomi", "Finnish", (60,)),
    ("uk", "ukraina", "Ukrainian", (1,)),
    ("ar", "arabia", "Arabic", (22,)),
]
OUTCOMES = [
    ("resolved_at_desk", "Ratkesi neuvonnassa", "Resolved at the desk", (120,)),
    ("referred", "Ohjattu palveluun", "Referred", (96,)),
    ("not_resolved", "Ei ratkennut", "Not resolved", (4,)),
]


def request(**changes) -> ReportRequest:
    tables = [
        per_day(),
        _table(Grouping.TOPIC, (Measure.VISITS,), TOPICS, total=False),
        _table(Grouping.SERVICE, (Measure.REFERRALS,), SERVICES, total=False),
        _table(Grouping.HANDOUT_LANGUAGE, (Measure.HANDOUTS,), HANDOUTS),
        _table(Grouping.OUTCOME, (Measure.VISITS,), OUTCOMES),
    ]
    heat = CountMatrix(
        rows=(AxisLabel("1", "ma", "Mon"), AxisLabel("2", "ti", "Tue")),
        columns=tuple(AxisLabel(f"{h:02d}", f"{h:02d}", f"{h:02d}") for h in range(9, 12)),
        values=((20, 25, 30), (35, 40, 45)),
        period=MONTH,
    )
    values = {
        "title": "Koronasta kasvuun (S22513)",
        "period": MONTH,
        "tables": tables,
        "header": HEADER,
        "now": NOW,
        "matrix": heat,
    }
    values.update(changes)
    return ReportRequest(**values)


def text_of(pdf: bytes) -> tuple[str, PdfReader]:
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join(p.extract_text().split()) for p in reader.pages), reader


@pytest.fixture
def finnish():
    set_ui_language("fi")
    built = report_pdf(request())
    text, reader = text_of(built.pdf)
    return built, text, reader


def test_title_period_and_labels(finnish):
    built, text, reader = finnish
    assert "Koronasta kasvuun (S22513)" in text
    assert "1.3.2026–31.3.2026" in text
    for label in ("Työnhaku ja työpaikat", "Starttiraha", "suomi", "Ratkesi neuvonnassa"):
        assert label in text
    assert "KORONASTA-KASVUUN" in text
    assert reader.metadata.title.startswith("Koronasta kasvuun (S22513)")
    assert 2 <= built.pages == len(reader.pages) <= 8


def test_hidden_counts_show_their_marks(finnish):
    _built, text, _reader = finnish
    for line in footnote_lines(5):
        assert " ".join(line.split()) in text
    for label in ("Digituki ja sähköinen asiointi <5", "Asuminen ja asumisen tuet <5"):
        assert label in text
    assert re.search(r"Kelan asumistuki <5", text)
    assert re.search(r"ukraina <5 \.\.", text)  # count and share
    assert re.search(r"10\.3\.2026 <5 <5 \.\.", text)
    # One small outcome beside a total needs a second hidden cell: the next smallest.
    assert re.search(r"Ei ratkennut <5", text) and re.search(r"Ohjattu palveluun \.\.", text)


def test_no_small_count_is_printed_anywhere(finnish):
    _built, text, _reader = finnish
    for line in footnote_lines(5):  # "1 to 4" in the explanation is the only allowed place
        text = text.replace(" ".join(line.split()), " ")
    small = [t for t in text.split() if t in {"1", "2", "3", "4"}]
    assert small == []


def test_only_the_bundled_fonts_are_used(finnish):
    _built, _text, reader = finnish
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            fonts.add(str(font.get_object()["/BaseFont"]))
    assert fonts and all("DejaVu" in name for name in fonts), fonts


def test_an_english_report_uses_the_english_labels():
    built = report_pdf(request(lang="en"))
    text, _reader = text_of(built.pdf)
    assert "Job search and vacancies" in text and "Kela housing allowance <5" in text
    assert "Mar 1, 2026 – Mar 31, 2026" in text


def test_the_kind_of_report_follows_the_period():
    assert report_kind(MONTH, "en") == "Monthly report March 2026"
    year = Period(dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    assert report_kind(year, "en") == "Annual report 2025"
    assert report_kind(Period(dt.date(2026, 3, 2), dt.date(2026, 3, 8)), "en") == (
        "Statistics report"
    )
