"""Statistics as an Excel workbook (openpyxl): one sheet per table and an "Info" sheet.

Each table sheet is one clean table from A1: a bold header row (frozen, with the code and name
columns), one row per code, the bold total row last. Counts are numbers; hidden counts are the
text "<5" or ".." (aligned right like numbers); shares are numbers formatted "0.0 %". Codes and
names are always stored as strings, never as formulas: a name beginning with "=" is written as
text with Excel's quote-prefix flag, so it stays text even when a user edits the cell. The Info
sheet names the report, each sheet's period (as real dates and ISO text) and filters, the
smallest count shown and what the marks mean.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from desk_app.domain.stats import StatTable
from desk_app.domain.suppression import (
    DEFAULT_MIN_COUNT,
    CountMatrix,
    SafeCount,
    SafeMatrix,
    SafeTable,
    footnote_lines,
)
from desk_app.files import write_atomically
from desk_app.i18n import _, ui_language
from desk_app.reports.common import (
    TOTAL_CODE,
    as_safe,
    as_safe_matrix,
    code_header,
    filter_lines,
    generated_text,
    grouping_title,
    iso_period,
    label_headers,
    measure_name,
    needs_neutralising,
    row_label,
    share_header,
    shares,
    total_labels,
)

SHEET_NAME_MAX = 31  # Excel's limit
_SHEET_NAME_FORBIDDEN = str.maketrans({c: " " for c in "[]:*?/\\"})
_BOLD = Font(bold=True)
_RIGHT = Alignment(horizontal="right")
_WRAP = Alignment(wrap_text=True, vertical="top")
_HEADER_RULE = Border(bottom=Side(style="thin"))
_TOTAL_RULE = Border(top=Side(style="thin"))
_WIDTH_CAP = {0: 24, 1: 48, 2: 48}  # code and the two names; the value columns get 8 … 18
_SHARE_FORMAT = "0.0 %"
_DATE_FORMAT = "yyyy-mm-dd"

Table = StatTable | SafeTable
Matrix = CountMatrix | SafeMatrix


def workbook_bytes(
    tables: Sequence[Table],
    *,
    matrices: Sequence[tuple[str, Matrix]] = (),
    title: str = "",
    min_count: int = DEFAULT_MIN_COUNT,
    now: dt.datetime | None = None,
) -> bytes:
    """The workbook: a sheet per table, then one per (name, two-way table), then Info."""
    workbook = Workbook()
    first = workbook.active
    assert first is not None
    workbook.remove(first)
    info_rows: list[tuple[str, SafeTable | SafeMatrix]] = []
    for table in tables:
        safe = as_safe(table, min_count)
        sheet = workbook.create_sheet(_sheet_name(grouping_title(safe.grouping), workbook))
        _write_table(sheet, safe)
        info_rows.append((sheet.title, safe))
    for name, matrix in matrices:
        safe_matrix = as_safe_matrix(matrix, min_count)
        sheet = workbook.create_sheet(_sheet_name(name, workbook))
        _write_matrix(sheet, safe_matrix)
        info_rows.append((sheet.title, safe_matrix))
    _write_info(
        workbook.create_sheet(_sheet_name(_("Info"), workbook)), title, info_rows, min_count, now
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def write_xlsx(path: Path, tables: Sequence[Table], **options: Any) -> None:
    """Write the workbook to ``path``, whole or not at all (options as ``workbook_bytes``)."""
    write_atomically(path, workbook_bytes(tables, **options))


def _sheet_name(wanted: str, workbook: Workbook) -> str:
    base = " ".join(wanted.translate(_SHEET_NAME_FORBIDDEN).split()).strip("'") or "Sheet"
    base = base[:SHEET_NAME_MAX]
    taken = {name.casefold() for name in workbook.sheetnames}
    name, number = base, 2
    while name.casefold() in taken:
        suffix = f" ({number})"
        name = base[: SHEET_NAME_MAX - len(suffix)] + suffix
        number += 1
    return name


def _text(sheet: Worksheet, row: int, column: int, value: str) -> Cell:
    """A string cell that no spreadsheet will run as a formula."""
    clean = ILLEGAL_CHARACTERS_RE.sub("\ufffd", value)
    cell = sheet.cell(row=row, column=column)
    cell.value = clean
    cell.data_type = "s"  # openpyxl would store "=…" as a formula
    if needs_neutralising(clean):
        cell.quotePrefix = True  # and Excel keeps it text when the cell is edited
    return cell


def _count(sheet: Worksheet, row: int, column: int, count: SafeCount) -> Cell:
    if count.value is None:
        cell = _text(sheet, row, column, count.text)
        cell.alignment = _RIGHT
        return cell
    return sheet.cell(row=row, column=column, value=count.value)


def _write_table(sheet: Worksheet, table: SafeTable) -> None:
    header = [code_header(), *label_headers(), *(measure_name(m) for m in table.measures)]
    row_shares = shares(table)
    if row_shares is not None:
        header.append(share_header(table.measures[0]))
    _header(sheet, header)
    line = 2
    for index, row in enumerate(table.rows):
        _names(sheet, line, row.code, row.label_fi, row.label_en)
        for offset, count in enumerate(row.cells):
            _count(sheet, line, 4 + offset, count)
        if row_shares is not None:
            column = 4 + len(table.measures)
            part = row_shares[index]
            if part.fraction is None:
                _text(sheet, line, column, part.mark).alignment = _RIGHT
            else:
                sheet.cell(
                    row=line, column=column, value=part.fraction
                ).number_format = _SHARE_FORMAT
        line += 1
    if table.total is not None:
        _total_row(sheet, line, table.total)
        if row_shares is not None and table.total[0].value != 0:
            cell = sheet.cell(row=line, column=4 + len(table.measures), value=1)
            cell.number_format = _SHARE_FORMAT
            cell.font, cell.border = _BOLD, _TOTAL_RULE
    _finish(sheet, len(header))


def _write_matrix(sheet: Worksheet, matrix: SafeMatrix) -> None:
    lang = ui_language()
    header = [code_header(), *label_headers()]
    header += [row_label(c.label_fi, c.label_en, lang) or c.code for c in matrix.columns]
    header.append(_("Total"))
    _header(sheet, header)
    for line, (axis, cells, total) in enumerate(
        zip(matrix.rows, matrix.cells, matrix.row_totals, strict=True), start=2
    ):
        _names(sheet, line, axis.code, axis.label_fi, axis.label_en)
        for offset, count in enumerate((*cells, total)):
            _count(sheet, line, 4 + offset, count)
    _total_row(sheet, len(matrix.rows) + 2, (*matrix.column_totals, matrix.grand_total))
    _finish(sheet, len(header))


def _header(sheet: Worksheet, names: Sequence[str]) -> None:
    for column, name in enumerate(names, start=1):
        cell = _text(sheet, 1, column, name)
        cell.font, cell.border = _BOLD, _HEADER_RULE
        if column > 3:
            cell.alignment = Alignment(horizontal="right", wrap_text=True)


def _names(sheet: Worksheet, line: int, code: str, label_fi: str, label_en: str) -> None:
    for column, text in enumerate((code, label_fi, label_en), start=1):
        _text(sheet, line, column, text)


def _total_row(sheet: Worksheet, line: int, counts: Sequence[SafeCount]) -> None:
    label_fi, label_en = total_labels()
    _names(sheet, line, TOTAL_CODE, label_fi, label_en)
    for offset, count in enumerate(counts):
        _count(sheet, line, 4 + offset, count)
    for column in range(1, 4 + len(counts)):
        cell = sheet.cell(row=line, column=column)
        cell.font, cell.border = _BOLD, _TOTAL_RULE


def _finish(sheet: Worksheet, columns: int) -> None:
    """Freeze the header row and the code and name columns; widths from the longest text."""
    sheet.freeze_panes = "D2"
    for index in range(columns):
        letter = get_column_letter(index + 1)
        longest = max(
            (len(str(cell.value)) for cell in sheet[letter] if cell.value is not None),
            default=4,
        )
        if index in _WIDTH_CAP:
            width = min(max(longest + 2, 8), _WIDTH_CAP[index])
        else:
            width = min(max(longest + 2, 8), 18)
        sheet.column_dimensions[letter].width = width


def _write_info(
    sheet: Worksheet,
    title: str,
    tables: Sequence[tuple[str, SafeTable | SafeMatrix]],
    min_count: int,
    now: dt.datetime | None,
) -> None:
    lang = ui_language()
    line = 1
    if title:
        _text(sheet, line, 1, title).font = Font(bold=True, size=14)
        line += 2
    if now is not None:
        _text(sheet, line, 1, generated_text(now, lang))
        line += 2
    for text in footnote_lines(min_count):
        _text(sheet, line, 1, text)
        line += 1
    line += 1
    headings = (_("Sheet"), _("First day"), _("Last day"), _("Period"), _("Filters"))
    for column, name in enumerate(headings, start=1):
        cell = _text(sheet, line, column, name)
        cell.font, cell.border = _BOLD, _HEADER_RULE
    for name, table in tables:
        line += 1
        _text(sheet, line, 1, name)
        if table.period is not None:
            for column, day in ((2, table.period.first), (3, table.period.last)):
                sheet.cell(row=line, column=column, value=day).number_format = _DATE_FORMAT
            _text(sheet, line, 4, iso_period(table.period))
        _text(sheet, line, 5, "\n".join(filter_lines(table.filters))).alignment = _WRAP
    for letter, width in zip("ABCDE", (32, 12, 12, 26, 48), strict=True):
        sheet.column_dimensions[letter].width = width
