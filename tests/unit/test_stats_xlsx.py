"""The statistics workbook read back with openpyxl: values, types, no formulas anywhere."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

from openpyxl import load_workbook

from desk_app.domain.stats import (
    Grouping,
    Measure,
    Period,
    StatRow,
    StatsFilter,
    StatTable,
    table_total,
)
from desk_app.domain.suppression import AxisLabel, CountMatrix
from desk_app.reports.xlsx_export import workbook_bytes, write_xlsx

PERIOD = Period(dt.date(2026, 3, 1), dt.date(2026, 3, 31))
NOW = dt.datetime(2026, 4, 2, 9, 0, tzinfo=dt.UTC)
LABELS = [
    "=1+1",
    "+358401234567",
    "-2",
    "@SUM(A1)",
    '=HYPERLINK("http://x")',
    "=cmd|' /C calc'!A0",
    'Työnhaku; ja "työpaikat"',
]


def topics() -> StatTable:
    values = [(40, 44), (12, 12), (3, 3), (9, 10), (0, 0), (25, 31), (6, 6)]
    rows = tuple(
        StatRow(f"T{i}", label, f"en {label}", v)
        for i, (label, v) in enumerate(zip(LABELS, values, strict=True))
    )
    return StatTable(
        Grouping.OUTCOME,
        (Measure.VISITS, Measure.VISITORS),
        rows,
        table_total(rows, 2),
        PERIOD,
        StatsFilter(actors=frozenset({"KELA"})),
    )


def services() -> StatTable:
    rows = (StatRow("=S1", "Palvelu", "Service", (2,)), StatRow("S2", "Toinen", "Other", (15,)))
    return StatTable(Grouping.SERVICE, (Measure.REFERRALS,), rows, None, PERIOD)


def heat() -> CountMatrix:
    return CountMatrix(
        rows=(AxisLabel("1", "ma", "Mon"), AxisLabel("2", "ti", "Tue")),
        columns=(AxisLabel("09", "09", "09"), AxisLabel("10", "10", "10")),
        values=((3, 10), (10, 12)),
        period=PERIOD,
    )


def workbook(**options):
    data = workbook_bytes([topics(), services()], matrices=[("Heat", heat())], now=NOW, **options)
    return data, load_workbook(io.BytesIO(data))


def test_one_sheet_per_table_and_an_info_sheet():
    _data, book = workbook(title="Kela")
    assert len(book.sheetnames) == 4
    assert book.sheetnames[2] == "Heat"
    assert book.sheetnames[-1] == "Info"


def test_numbers_are_numbers_and_hidden_counts_are_text():
    _data, book = workbook()
    sheet = book.worksheets[0]
    assert sheet.freeze_panes == "D2"
    header = [c.value for c in sheet[1]]
    assert header[0] and len(header) == 6
    by_code = {row[0].value: row for row in sheet.iter_rows(min_row=2)}
    first = by_code["T0"]
    assert (first[3].value, first[3].data_type) == (40, "n")
    assert isinstance(first[5].value, float) and first[5].number_format == "0.0 %"
    small = by_code["T2"]
    assert [c.value for c in small[3:6]] == ["<5", "<5", ".."]
    assert all(c.data_type == "s" for c in small[3:6])
    assert by_code["T4"][3].value == 0
    total = by_code["TOTAL"]
    assert [c.value for c in total[3:5]] == [95, 106]
    assert sheet.column_dimensions["B"].width >= 8


def test_labels_stay_text_and_there_is_no_formula_anywhere():
    data, book = workbook()
    labels = [row[1].value for row in book.worksheets[0].iter_rows(min_row=2, max_row=8)]
    assert labels == LABELS
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in archive.read(name) and b"<f " not in archive.read(name)
    service_code = book.worksheets[1]["A2"]
    assert (service_code.value, service_code.data_type) == ("=S1", "s")
    assert service_code.quotePrefix


def test_the_info_sheet_names_period_filters_and_marks():
    _data, book = workbook(title="Kela, Kemin toimipiste")
    info = book["Info"]
    values = [c.value for row in info.iter_rows() for c in row if c.value is not None]
    assert values[0] == "Kela, Kemin toimipiste"
    assert any(isinstance(v, str) and v.startswith("<5") for v in values)
    assert any(isinstance(v, str) and v.startswith("..") for v in values)
    assert dt.datetime(2026, 3, 1) in values and dt.datetime(2026, 3, 31) in values
    assert "2026-03-01 – 2026-03-31" in values
    assert any(isinstance(v, str) and "KELA" in v for v in values)


def test_the_two_way_sheet_has_its_totals():
    _data, book = workbook()
    sheet = book["Heat"]
    assert [c.value for c in sheet[2]][3:] == ["<5", "..", 13]
    total = [c.value for c in sheet[4]]
    assert (total[0], total[-1]) == ("TOTAL", 35)


def test_control_characters_do_not_break_the_file(tmp_path):
    rows = (StatRow("X", "bell\x07 and nul\x00", "en", (9,)),)
    path = tmp_path / "out.xlsx"
    write_xlsx(path, [StatTable(Grouping.TOPIC, (Measure.VISITS,), rows, None, PERIOD)])
    assert load_workbook(path).worksheets[0]["B2"].value == "bell\ufffd and nul\ufffd"
