"""The statistics exports opened by an independent reader, LibreOffice Calc (headless): our CSV
imported with ";" holds no formula and the counts as numbers; our XLSX saved back as CSV shows
every formula-like label as the text it was, never a computed value. Skipped where LibreOffice
is not installed (CI installs only what the app needs); `apt-get install
libreoffice-calc-nogui` to run it."""

import csv
import datetime as dt
import io
import shutil
import subprocess

import openpyxl
import pytest

from desk_app.domain.stats import Grouping, Measure, Period, StatRow, StatTable
from desk_app.reports.csv_export import csv_bytes
from desk_app.reports.xlsx_export import workbook_bytes

SOFFICE = shutil.which("soffice")
pytestmark = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")

CORPUS = [
    "=1+1",
    "+358401234567",
    "-2",
    "@SUM(A1)",
    "\t=cmd",
    '=HYPERLINK("http://x")',
    "=cmd|' /C calc'!A0",
    'Työ; "quoted" åäö',
]


def _table():
    rows = tuple(StatRow(f"c{i}", t, t, (10 + i, 12 + i)) for i, t in enumerate(CORPUS))
    period = Period(dt.date(2026, 3, 1), dt.date(2026, 3, 31))
    return StatTable(Grouping.TOPIC, (Measure.VISITS, Measure.VISITORS), rows, period=period)


def _convert(tmp_path, source, target_format, *filters):
    profile = f"-env:UserInstallation=file://{tmp_path}/profile"
    out = tmp_path / "out"
    subprocess.run(
        [SOFFICE, profile, "--headless", *filters, "--convert-to", target_format,
         "--outdir", str(out), str(source)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    return out


def test_our_csv_imported_by_libreoffice_holds_no_formula(tmp_path):
    source = tmp_path / "stats.csv"
    source.write_bytes(csv_bytes(_table()))
    out = _convert(tmp_path, source, "xlsx", "--infilter=CSV:59,34,76,1")
    sheet = openpyxl.load_workbook(out / "stats.xlsx").active
    assert not [c.coordinate for row in sheet.iter_rows() for c in row if c.data_type == "f"]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert [r[1].lstrip("'") for r in rows] == CORPUS  # shown as typed, behind one quote
    assert [r[3] for r in rows] == [10 + i for i in range(len(CORPUS))]  # numbers stay numbers


def test_our_xlsx_read_by_libreoffice_shows_the_labels_not_computed_values(tmp_path):
    source = tmp_path / "stats.xlsx"
    source.write_bytes(workbook_bytes([_table()]))
    out = _convert(tmp_path, source, "csv:Text - txt - csv (StarCalc):59,34,76,1")
    text = (out / "stats.csv").read_text("utf-8")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    labels = [row[1] for row in rows[1 : 1 + len(CORPUS)]]
    assert labels == CORPUS  # "=1+1" is still "=1+1", not 2
