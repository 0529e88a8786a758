"""``pointti-desk stats`` on a database with known visits: each format opens in its own reader
with the numbers the statistics service counts, small counts suppressed; bad input is refused
naming it and writes nothing."""

import csv
import datetime as dt
import io

import openpyxl
import pytest
from pypdf import PdfReader

from desk_app import cli
from desk_app.domain.stats import Grouping, Measure, Period, StatsFilter
from desk_app.domain.visit import VisitDraft
from desk_app.services.stats import StatisticsService

DAY = dt.date(2026, 3, 10)


@pytest.fixture
def data(ctx, monkeypatch):
    """7 walk-ins about JOB, 6 chats and 2 phone calls (a count to hide) about BENEFIT."""
    monkeypatch.setenv("POINTTI_DESK_LANG", "en")
    at = dt.datetime(2026, 3, 10, 9, 30, tzinfo=dt.UTC)
    for _ in range(7):
        ctx.desk.record_visit(VisitDraft(("JOB",), occurred_at=at))
    for channel, times in (("email_chat", 6), ("phone", 2)):
        for _ in range(times):
            ctx.desk.record_visit(VisitDraft(("BENEFIT",), channel=channel, occurred_at=at))
    return ctx


def _stats(ctx, data_dir, out, *extra):
    args = ["stats", "--data-dir", str(data_dir), "--from", "2026-03-01", "--to", "2026-03-31"]
    return cli.main([*args, "--out", str(out), *extra])


def test_csv_by_channel_opens_with_a_semicolon_reader_and_hides_small_counts(
    data, data_dir, tmp_path
):
    out = tmp_path / "march.csv"
    assert _stats(data, data_dir, out, "--by", "channel") == 0
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    by_code = {row[0]: row for row in rows[1:]}
    assert by_code["walk_in"][3] == "7"
    assert by_code["phone"][3] == "<5"  # 2 phone calls: never printed as 2
    assert by_code["email_chat"][3] == ".."  # else 15 - 7 - 6 would give the 2 away
    assert by_code["TOTAL"][3] == "15"
    expected = StatisticsService(data.uow, data.access, data.settings).table(
        Period(dt.date(2026, 3, 1), dt.date(2026, 3, 31)), Grouping.CHANNEL, StatsFilter()
    )
    assert (
        dict(zip((r.code for r in expected.rows), expected.column(Measure.VISITS), strict=True))[
            "walk_in"
        ]
        == 7
    )


def test_xlsx_and_pdf_follow_the_file_name(data, data_dir, tmp_path):
    book = tmp_path / "march.xlsx"
    assert _stats(data, data_dir, book, "--by", "topic") == 0
    sheet = openpyxl.load_workbook(book).worksheets[0]
    values = {row[0]: row[3] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert values["JOB"] == 7 and values["BENEFIT"] == 8
    report = tmp_path / "march.pdf"
    assert _stats(data, data_dir, report, "--by", "day") == 0
    text = "\n".join(page.extract_text() for page in PdfReader(report).pages)
    assert "Monthly report March 2026" in text and "<5" in text


def test_unknown_codes_and_dates_are_refused_and_nothing_is_written(
    data, data_dir, tmp_path, capsys
):
    out = tmp_path / "x.csv"
    assert _stats(data, data_dir, out, "--by", "month", "--actor", "NOPE") == 1
    assert "NOPE" in capsys.readouterr().err
    args = ["stats", "--data-dir", str(data_dir), "--from", "2026-02-30", "--to", "2026-03-31"]
    assert cli.main([*args, "--by", "month", "--out", str(out)]) == 1
    assert "2026-02-30" in capsys.readouterr().err
    assert not out.exists()


def test_a_filter_narrows_the_counts(data, data_dir, tmp_path):
    out = tmp_path / "phone.csv"
    assert _stats(data, data_dir, out, "--by", "topic", "--channel", "walk_in") == 0
    rows = list(csv.reader(io.StringIO(out.read_text("utf-8-sig")), delimiter=";"))
    by_code = {row[0]: row[3] for row in rows[1:]}
    assert by_code["JOB"] == "7" and by_code["BENEFIT"] == "0"
    assert by_code["MONEY"] == "0"  # every topic is a row, even at zero
