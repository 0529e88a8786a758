"""Statistics as CSV that opens right in a Finnish Excel, and a reader for our own files.

The format (docs/statistics.md has it in full):

- UTF-8 with a byte-order mark (so Excel does not read it as Windows-1252), ``;`` between cells
  (the list separator of a Finnish Windows), CRLF line ends, ``"`` around a cell only when it holds
  ``;``, ``"`` or a line break (doubled inside);
- one clean table, nothing above it: a header row (in the UI language), one row per code, and for
  a table whose rows add up the total row with the code ``TOTAL`` last;
- columns: code, name in Finnish, name in English, one count per measure, and for a table with a
  total the share of the first measure in per cent with a decimal comma ("12,5");
- counts as plain digits, hidden ones as "<5" or ".."; dates (the codes of a per-day table) are ISO
  (2026-03-29); the period and the filters are not in the file (the suggested file name carries
  the period, the XLSX and PDF exports list both);
- text that Excel or LibreOffice could take as a formula (starting with ``=``, ``+``, ``-``, ``@``,
  tab or CR, or a full-width form of them) gets a leading ``'`` (OWASP), so ``+358401234567``
  stays text; a text starting with ``'`` gets a second one, so ``read_csv`` can always remove one.

A two-way table (weekday × hour) is written the same way: its column codes head the value columns,
each row ends with the row total and the ``TOTAL`` row holds the column totals.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from desk_app.domain.stats import StatTable
from desk_app.domain.suppression import (
    DEFAULT_MIN_COUNT,
    CountMatrix,
    SafeMatrix,
    SafeTable,
)
from desk_app.files import write_atomically
from desk_app.i18n import _, ui_language
from desk_app.reports.common import (
    TOTAL_CODE,
    as_safe,
    as_safe_matrix,
    code_header,
    label_headers,
    measure_name,
    neutralise,
    parse_value,
    restore,
    row_label,
    share_header,
    shares,
    total_labels,
)

BOM = "\ufeff"
DELIMITER = ";"
LINE_END = "\r\n"


def table_rows(table: StatTable | SafeTable, min_count: int = DEFAULT_MIN_COUNT) -> list[list[str]]:
    """The cells of the CSV of a one-way table, before quoting (text already neutralised)."""
    safe = as_safe(table, min_count)
    header = [code_header(), *label_headers(), *(measure_name(m) for m in safe.measures)]
    row_shares = shares(safe)
    if row_shares is not None:
        header.append(share_header(safe.measures[0]))
    rows = [[neutralise(text) for text in header]]
    for index, row in enumerate(safe.rows):
        cells = [neutralise(row.code), neutralise(row.label_fi), neutralise(row.label_en)]
        cells += [cell.text for cell in row.cells]
        if row_shares is not None:
            cells.append(row_shares[index].text())
        rows.append(cells)
    if safe.total is not None:
        label_fi, label_en = total_labels()
        cells = [TOTAL_CODE, neutralise(label_fi), neutralise(label_en)]
        cells += [cell.text for cell in safe.total]
        if row_shares is not None:
            cells.append("" if safe.total[0].value == 0 else "100,0")
        rows.append(cells)
    return rows


def matrix_rows(
    matrix: CountMatrix | SafeMatrix, min_count: int = DEFAULT_MIN_COUNT
) -> list[list[str]]:
    """The cells of the CSV of a two-way table, with the row totals last and a total row."""
    safe = as_safe_matrix(matrix, min_count)
    lang = ui_language()
    header = [code_header(), *label_headers()]
    header += [row_label(c.label_fi, c.label_en, lang) or c.code for c in safe.columns]
    header.append(_("Total"))
    rows = [[neutralise(text) for text in header]]
    for axis, cells, total in zip(safe.rows, safe.cells, safe.row_totals, strict=True):
        rows.append(
            [neutralise(axis.code), neutralise(axis.label_fi), neutralise(axis.label_en)]
            + [cell.text for cell in (*cells, total)]
        )
    label_fi, label_en = total_labels()
    rows.append(
        [TOTAL_CODE, neutralise(label_fi), neutralise(label_en)]
        + [cell.text for cell in (*safe.column_totals, safe.grand_total)]
    )
    return rows


def csv_text(rows: Iterable[Sequence[str]]) -> str:
    """The rows as CSV text with ``;`` and CRLF, starting with the byte-order mark."""
    buffer = io.StringIO()
    buffer.write(BOM)
    writer = csv.writer(buffer, delimiter=DELIMITER, lineterminator=LINE_END)
    writer.writerows(rows)
    return buffer.getvalue()


def csv_bytes(table: StatTable | SafeTable, min_count: int = DEFAULT_MIN_COUNT) -> bytes:
    return csv_text(table_rows(table, min_count)).encode("utf-8")


def matrix_csv_bytes(matrix: CountMatrix | SafeMatrix, min_count: int = DEFAULT_MIN_COUNT) -> bytes:
    return csv_text(matrix_rows(matrix, min_count)).encode("utf-8")


def write_csv(path: Path, table: StatTable | SafeTable, min_count: int = DEFAULT_MIN_COUNT) -> None:
    """Write the CSV of ``table`` to ``path``, whole or not at all."""
    write_atomically(path, csv_bytes(table, min_count))


def write_matrix_csv(
    path: Path, matrix: CountMatrix | SafeMatrix, min_count: int = DEFAULT_MIN_COUNT
) -> None:
    write_atomically(path, matrix_csv_bytes(matrix, min_count))


# --- reading our own files back ------------------------------------------------------------------


@dataclass(frozen=True)
class CsvRow:
    code: str
    label_fi: str
    label_en: str
    values: tuple[int | Decimal | str, ...]  # counts, shares, or the marks "<5" and ".."


@dataclass(frozen=True)
class CsvTable:
    header: tuple[str, ...]
    rows: tuple[CsvRow, ...]
    total: CsvRow | None


def read_csv(path: Path) -> CsvTable:
    """A CSV written by this module, back as codes, labels and values.

    The byte-order mark is skipped, ``;`` and the quoting are undone, the ``'`` added against
    formulas is removed, counts come back as ints and shares as Decimals.
    """
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return parse_csv_rows(list(csv.reader(fh, delimiter=DELIMITER)))


def parse_csv_rows(raw: Sequence[Sequence[str]]) -> CsvTable:
    if not raw:
        raise ValueError("empty CSV")
    header = tuple(restore(text) for text in raw[0])
    rows: list[CsvRow] = []
    total: CsvRow | None = None
    for cells in raw[1:]:
        if len(cells) != len(header):
            raise ValueError(f"a row has {len(cells)} cells, the header {len(header)}")
        row = CsvRow(
            restore(cells[0]),
            restore(cells[1]),
            restore(cells[2]),
            tuple(parse_value(text) for text in cells[3:]),
        )
        if row.code == TOTAL_CODE:
            total = row
        else:
            rows.append(row)
    return CsvTable(header, tuple(rows), total)
