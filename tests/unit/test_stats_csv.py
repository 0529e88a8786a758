"""The statistics CSV as a Finnish Excel and an independent CSV reader see it.

The bytes are checked directly (byte-order mark, ``;``, CRLF, decimal comma, ISO dates); the
file is parsed with Python's own ``csv`` module; no cell may start like a formula, whatever the
labels held (the OWASP CSV-injection corpus); and ``read_csv`` gives the original text back.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest

from desk_app.domain.stats import Grouping, Measure, Period, StatRow, StatTable, table_total
from desk_app.domain.suppression import AxisLabel, CountMatrix
from desk_app.reports.common import export_file_name, neutralise, restore
from desk_app.reports.csv_export import csv_bytes, matrix_csv_bytes, read_csv, write_csv

INJECTION = [
    "=1+1",
    "+358401234567",
    "-2",
    "@SUM(A1)",
    "\t=cmd",
    "\r=x",
    '=HYPERLINK("http://x")',
    "=cmd|' /C calc'!A0",
    " =1+1",  # some readers trim before they look
    "\uff1d1+1",  # full-width equals sign
    "'already quoted",
]
ORDINARY = [
    "Työnhaku ja työpaikat",
    "Åbo; ärende",
    'Kela "OmaKela" -asiointi',
    "rivi\nkaksi",
    "1 + 1 = 2",
    "",
]
FORMULA_START = tuple("=+-@\t\r")


def corpus_table(labels):
    rows = tuple(
        StatRow(f"C{i:02d}", label, f"en {label}", (10 + i, 10 + i))
        for i, label in enumerate(labels)
    )
    return StatTable(
        Grouping.TOPIC,
        (Measure.VISITS, Measure.VISITORS),
        rows,
        table_total(rows, 2),
        Period(dt.date(2026, 3, 1), dt.date(2026, 3, 31)),
    )


def parse(data: bytes) -> list[list[str]]:
    """What an independent reader gets: UTF-8 with a BOM, ``;`` between cells."""
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";"))


def test_the_file_opens_right_in_finnish_excel():
    data = csv_bytes(corpus_table(ORDINARY[:3]))
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8")
    assert text.count("\r\n") == 5 and "\n" not in text.replace("\r\n", "")
    header = parse(data)[0]
    assert len(header) == 6 and header[0] and ";" not in "".join(header)


@pytest.mark.parametrize("label", INJECTION + ORDINARY)
def test_no_cell_starts_like_a_formula_and_the_text_comes_back(tmp_path, label):
    table = corpus_table([label])
    data = csv_bytes(table)
    rows = parse(data)
    for row in rows:
        for cell in row:
            assert not cell.startswith(FORMULA_START), repr(cell)
    written = rows[1][1]
    assert written == ("'" + label if label.lstrip(" ")[:1] in "=+-@＝'\t\r" and label else label)
    path = tmp_path / "stats.csv"
    write_csv(path, table)
    back = read_csv(path)
    assert back.rows[0].label_fi == label
    assert back.rows[0].label_en == f"en {label}"


def test_a_phone_number_stays_text():
    rows = parse(csv_bytes(corpus_table(["+358401234567"])))
    assert rows[1][1] == "'+358401234567"


def test_the_whole_corpus_survives_a_round_trip(tmp_path):
    labels = INJECTION + ORDINARY
    table = corpus_table(labels)
    path = tmp_path / "corpus.csv"
    write_csv(path, table)
    back = read_csv(path)
    assert [r.code for r in back.rows] == [r.code for r in table.rows]
    assert [r.label_fi for r in back.rows] == labels
    assert [r.values[:2] for r in back.rows] == [r.values for r in table.rows]
    assert back.total is not None and back.total.values[:2] == table.total
    assert list(tmp_path.iterdir()) == [path]  # no temporary file left behind


def test_codes_are_neutralised_too(tmp_path):
    rows = (StatRow("-1", "miinus", "minus", (8,)), StatRow("=A1", "kaava", "formula", (9,)))
    table = StatTable(Grouping.TOPIC, (Measure.VISITS,), rows, None)
    parsed = parse(csv_bytes(table))
    assert [r[0] for r in parsed[1:]] == ["'-1", "'=A1"]
    path = tmp_path / "codes.csv"
    write_csv(path, table)
    assert [r.code for r in read_csv(path).rows] == ["-1", "=A1"]


def test_small_counts_are_hidden_and_shares_have_a_decimal_comma(tmp_path):
    rows = (
        StatRow("JOB", "Työnhaku", "Job search", (70,)),
        StatRow("START", "Starttiraha", "Start-up grant", (7,)),
        StatRow("DIGI", "Digituki", "Digital support", (3,)),
    )
    table = StatTable(Grouping.TOPIC, (Measure.VISITS,), rows, table_total(rows, 1))
    parsed = parse(csv_bytes(table))
    assert parsed[1][3:] == ["70", "87,5"]
    assert parsed[2][3:] == ["..", ".."]
    assert parsed[3][3:] == ["<5", ".."]  # a share "<5" would read "under 5 %"
    assert parsed[4][0] == "TOTAL" and parsed[4][3:] == ["80", "100,0"]
    path = tmp_path / "topics.csv"
    write_csv(path, table)
    back = read_csv(path)
    assert [r.values for r in back.rows] == [(70, Decimal("87.5")), ("..", ".."), ("<5", "..")]
    assert b"3" not in csv_bytes(table).split(b"\r\n")[3]  # the raw 3 is nowhere in its row


def test_days_are_iso_dates():
    period = Period(dt.date(2026, 3, 28), dt.date(2026, 3, 29))
    rows = tuple(
        StatRow(day.isoformat(), f"{day.day}.{day.month}.{day.year}", day.isoformat(), (12,))
        for day in (period.first, period.last)
    )
    table = StatTable(Grouping.DAY, (Measure.VISITS,), rows, table_total(rows, 1), period)
    parsed = parse(csv_bytes(table))
    assert [r[0] for r in parsed[1:3]] == ["2026-03-28", "2026-03-29"]
    assert export_file_name(table, "csv") == "pointti-stats-day-2026-03-28_2026-03-29.csv"


def test_a_two_way_table_has_its_totals(tmp_path):
    matrix = CountMatrix(
        rows=(AxisLabel("1", "ma", "Mon"), AxisLabel("2", "=ti", "Tue")),
        columns=(AxisLabel("09", "09", "09"), AxisLabel("10", "10", "10")),
        values=((3, 10), (10, 12)),
    )
    parsed = parse(matrix_csv_bytes(matrix))
    assert len(parsed) == 4 and len(parsed[0]) == 6
    # 3 beside its row total 13 would be 13 - 10: every inner cell is hidden, the totals stay.
    assert parsed[1][3:] == ["<5", "..", "13"]
    assert parsed[2][3:] == ["..", "..", "22"]
    assert parsed[2][1] == "'=ti"
    assert parsed[3][0] == "TOTAL" and parsed[3][-1] == "35"
    path = tmp_path / "heat.csv"
    path.write_bytes(matrix_csv_bytes(matrix))
    back = read_csv(path)
    assert back.rows[1].label_fi == "=ti" and back.total is not None


@pytest.mark.parametrize("text", INJECTION + ORDINARY + ["''", "'", "a'b"])
def test_neutralise_and_restore_are_inverse(text):
    assert restore(neutralise(text)) == text
