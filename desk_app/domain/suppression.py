"""Small-cell suppression: what an exported or printed statistics table may show.

Counts of 1 … k−1 (k is the ``stats_min_count`` setting, 5 by default) could point at a person
("the only Arabic-speaking entrepreneur on a Tuesday"), so anything that leaves the desk shows them
as "<5" (*primary* suppression). Hiding them is not enough where the rows add up to a printed
total: one hidden cell next to a total is the total minus the others, and two "<5" cells beside a
total that leaves 2 for them are both 1. So further cells are hidden as ".." (*secondary*
suppression) until no hidden cell can be worked out. 0 stays 0: "nobody" points at no one, and
never hiding zeros keeps the rule simple for readers.

The rule, as implemented by ``_protect`` for one-way tables (``StatTable``) and for two-way tables
with row and column totals (``CountMatrix``, e.g. weekday × hour) alike:

1. every cell (totals included) of 1 … k−1 is primary-hidden;
2. cells of one table row are hidden together across measures (see ``suppress_table``);
3. a *line* is a sum relation a reader knows: the rows of one measure and their total; each row,
   each column, the row totals and the column totals of a matrix. A line with exactly one hidden
   cell (its total counted) gets its smallest visible non-zero cell hidden too;
4. then a reader's best inference is simulated: every hidden cell gets bounds (primary 1 … k−1,
   secondary k … ∞, and the ``visits ≤ visitors`` order), narrowed through every line until
   nothing changes. A hidden cell whose bounds meet is recoverable; one more cell of one of its
   lines is hidden (for a one-way table this check is exact);
5. steps 2–4 repeat until nothing changes.

Known limit: zeros are never hidden, so in a line whose total is itself "<k" and whose non-zero
cells are all 1 (four rows of 1 and a total of 4 with k = 5) a reader can still tell that each is
1; such a table says no more than "fewer than k in all". In a two-way table the inference of step
4 is interval reasoning line by line, not a full linear-programming audit.

The staff's on-screen view shows raw counts; this is a pure function the exports apply. The
result types carry no raw value of a hidden cell, so an export cannot print one by mistake.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum

from desk_app.domain.stats import (
    Grouping,
    Measure,
    Period,
    StatsFilter,
    StatTable,
    WeekHourTable,
    table_total,
)
from desk_app.i18n import N_, _

DEFAULT_MIN_COUNT = 5
MIN_COUNT_RANGE = (3, 100)
"""Allowed k: with k = 2 the mark "<2" would say "exactly 1"."""
SECONDARY_MARK = ".."
_BOUND_ROUNDS = 100  # interval narrowing converges in a few rounds; this only caps a pathology


class CellKind(StrEnum):
    SHOWN = "shown"
    PRIMARY = "primary"  # 1 … k−1, shown as "<k"
    SECONDARY = "secondary"  # k or more, hidden so that a primary cell cannot be worked out


@dataclass(frozen=True)
class SafeCount:
    """One count as it may be published: the number, or a mark and no number."""

    value: int | None  # None exactly when hidden
    kind: CellKind = CellKind.SHOWN
    min_count: int = DEFAULT_MIN_COUNT

    def __post_init__(self) -> None:
        if (self.value is None) != self.hidden:
            raise ValueError("a hidden count has no value and a shown one has one")

    @property
    def hidden(self) -> bool:
        return self.kind is not CellKind.SHOWN

    @property
    def text(self) -> str:
        """ "<5", ".." or the number."""
        if self.kind is CellKind.PRIMARY:
            return primary_mark(self.min_count)
        if self.kind is CellKind.SECONDARY:
            return SECONDARY_MARK
        return str(self.value)

    def __str__(self) -> str:
        return self.text


def primary_mark(min_count: int) -> str:
    return f"<{min_count}"


@dataclass(frozen=True)
class SafeRow:
    code: str
    label_fi: str
    label_en: str
    cells: tuple[SafeCount, ...]  # one per ``SafeTable.measures``


@dataclass(frozen=True)
class SafeTable:
    """A ``StatTable`` after suppression: what the CSV, XLSX and PDF exports print."""

    grouping: Grouping
    measures: tuple[Measure, ...]
    rows: tuple[SafeRow, ...]
    total: tuple[SafeCount, ...] | None
    period: Period | None
    filters: StatsFilter
    min_count: int

    def column(self, measure: Measure) -> list[SafeCount]:
        index = self.measures.index(measure)
        return [row.cells[index] for row in self.rows]

    @property
    def any_hidden(self) -> bool:
        cells = [c for row in self.rows for c in row.cells] + list(self.total or ())
        return any(c.hidden for c in cells)


@dataclass(frozen=True)
class AxisLabel:
    """A row or column heading of a two-way table: a code and its labels in fi and en."""

    code: str
    label_fi: str
    label_en: str


@dataclass(frozen=True)
class CountMatrix:
    """A two-way table of counts (weekday × hour); its totals are computed, not given."""

    rows: tuple[AxisLabel, ...]
    columns: tuple[AxisLabel, ...]
    values: tuple[tuple[int, ...], ...]  # values[row][column]
    measure: Measure = Measure.VISITS
    period: Period | None = None
    filters: StatsFilter = field(default_factory=StatsFilter)

    def __post_init__(self) -> None:
        if len(self.values) != len(self.rows):
            raise ValueError("one line of values per row")
        for line in self.values:
            if len(line) != len(self.columns):
                raise ValueError("one value per column in every row")
            if any(v < 0 for v in line):
                raise ValueError("counts cannot be negative")

    @property
    def row_totals(self) -> tuple[int, ...]:
        return tuple(sum(line) for line in self.values)

    @property
    def column_totals(self) -> tuple[int, ...]:
        return tuple(sum(line[c] for line in self.values) for c in range(len(self.columns)))

    @property
    def grand_total(self) -> int:
        return sum(self.row_totals)


_WEEKDAYS_FI = ("ma", "ti", "ke", "to", "pe", "la", "su")
_WEEKDAYS_EN = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def week_hour_matrix(
    table: WeekHourTable,
    period: Period | None = None,
    filters: StatsFilter | None = None,
    *,
    trim: bool = True,
) -> CountMatrix:
    """The dashboard's weekday × hour table as a ``CountMatrix`` (rows ISO weekdays 1 … 7, columns
    hours "00" … "23"). ``trim`` drops the hours before the first and after the last with any
    visit: they are all zeros, so no total changes and nothing about suppression does."""
    hours = range(len(table.values[0]) if table.values else 0)
    if trim:
        used = [h for h in hours if any(line[h] for line in table.values)]
        hours = range(used[0], used[-1] + 1) if used else range(0)
    return CountMatrix(
        rows=tuple(
            AxisLabel(str(day), _WEEKDAYS_FI[day - 1], _WEEKDAYS_EN[day - 1])
            for day in range(1, len(table.values) + 1)
        ),
        columns=tuple(AxisLabel(f"{h:02d}", f"{h:02d}", f"{h:02d}") for h in hours),
        values=tuple(tuple(line[h] for h in hours) for line in table.values),
        measure=Measure.VISITS,
        period=period,
        filters=filters if filters is not None else StatsFilter(),
    )


@dataclass(frozen=True)
class SafeMatrix:
    rows: tuple[AxisLabel, ...]
    columns: tuple[AxisLabel, ...]
    cells: tuple[tuple[SafeCount, ...], ...]
    row_totals: tuple[SafeCount, ...]
    column_totals: tuple[SafeCount, ...]
    grand_total: SafeCount
    measure: Measure
    period: Period | None
    filters: StatsFilter
    min_count: int

    @property
    def any_hidden(self) -> bool:
        cells = [c for line in self.cells for c in line]
        cells += [*self.row_totals, *self.column_totals, self.grand_total]
        return any(c.hidden for c in cells)


def footnote_lines(min_count: int, translate: Callable[[str], str] = _) -> list[str]:
    """The two explanations every export with a hidden cell prints (in the UI language)."""
    return [
        translate(
            N_("{mark} = a count from 1 to {high}, not shown so that no one can be recognised.")
        ).format(mark=primary_mark(min_count), high=min_count - 1),
        translate(
            N_(
                "{mark} = not shown so that a hidden count cannot be worked out "
                "from the totals or the other figures."
            )
        ).format(mark=SECONDARY_MARK),
    ]


def footnote(min_count: int, translate: Callable[[str], str] = _) -> str:
    return " ".join(footnote_lines(min_count, translate))


def check_min_count(min_count: int) -> int:
    low, high = MIN_COUNT_RANGE
    if isinstance(min_count, bool) or not low <= min_count <= high:
        raise ValueError(f"min_count must be between {low} and {high}")
    return min_count


# --- the tables ----------------------------------------------------------------------------


def suppress_table(table: StatTable, min_count: int = DEFAULT_MIN_COUNT) -> SafeTable:
    """``table`` with its small cells hidden and whatever would give them away.

    Measures of one row are hidden together: once any count of a row is hidden, every non-zero
    count of that row is (the others as ".."). Why: the measures of a row are closely tied —
    visits equal visitors unless a batch tally was recorded, a service's referrals usually equal
    its visits — so a shown sibling would often give the hidden number away; a secondary cell
    recovered that way would reopen the primary cell it protects. ``visits ≤ visitors`` alone
    could not recover a hidden visits count (a visitors count of k or more only bounds it), but
    the row-wise rule is what makes the sibling case safe, and "a row shows all its numbers or
    none" is easy to read. The total row follows the same rule.
    """
    k = check_min_count(min_count)
    width = len(table.measures)
    for row in table.rows:
        if len(row.values) != width or any(v < 0 for v in row.values):
            raise ValueError(f"row {row.code!r}: one non-negative count per measure")
    values: list[int] = [v for row in table.rows for v in row.values]
    cell = [[r * width + m for m in range(width)] for r in range(len(table.rows))]
    groups: list[tuple[int, ...]] = [tuple(ids) for ids in cell]
    lines: list[_Line] = []
    virtual: set[int] = set()
    total_ids: list[int] = []
    if table.total is not None:
        if len(table.total) != width or any(v < 0 for v in table.total):
            raise ValueError("the total needs one non-negative count per measure")
        total_ids = list(range(len(values), len(values) + width))
        values += list(table.total)
        groups.append(tuple(total_ids))
        sums = table_total(table.rows, width)
        for m in range(width):
            rest = table.total[m] - sums[m]
            if rest < 0:
                continue  # rows overlap after all: no sum relation a reader could use
            members = [ids[m] for ids in cell]
            if rest > 0:
                # Rows left out of the table (e.g. "not stated") are a cell the reader cannot
                # see but can compute from the total: it needs protecting like any other.
                virtual.add(len(values))
                members.append(len(values))
                values.append(rest)
            lines.append(_Line(tuple(members), total_ids[m]))
    order: list[tuple[int, int]] = []
    if Measure.VISITS in table.measures and Measure.VISITORS in table.measures:
        a, b = table.measures.index(Measure.VISITS), table.measures.index(Measure.VISITORS)
        order = [(ids[a], ids[b]) for ids in [*cell, total_ids] if ids]
    kinds = _protect(_Problem(values, lines, groups, order, virtual), k)

    def safe(i: int) -> SafeCount:
        return _safe(values[i], kinds[i], k)

    rows = tuple(
        SafeRow(row.code, row.label_fi, row.label_en, tuple(safe(i) for i in ids))
        for row, ids in zip(table.rows, cell, strict=True)
    )
    total = tuple(safe(i) for i in total_ids) if table.total is not None else None
    return SafeTable(
        table.grouping, table.measures, rows, total, table.period, table.filters, min_count
    )


def suppress_matrix(matrix: CountMatrix, min_count: int = DEFAULT_MIN_COUNT) -> SafeMatrix:
    """A two-way table with its row, column and grand totals, suppressed as one whole."""
    k = check_min_count(min_count)
    n_rows, n_cols = len(matrix.rows), len(matrix.columns)
    values = [v for line in matrix.values for v in line]
    row_total = [len(values) + r for r in range(n_rows)]
    values += matrix.row_totals
    col_total = [len(values) + c for c in range(n_cols)]
    values += matrix.column_totals
    grand = len(values)
    values.append(matrix.grand_total)

    def at(r: int, c: int) -> int:
        return r * n_cols + c

    lines = [_Line(tuple(at(r, c) for c in range(n_cols)), row_total[r]) for r in range(n_rows)]
    lines += [_Line(tuple(at(r, c) for r in range(n_rows)), col_total[c]) for c in range(n_cols)]
    lines += [_Line(tuple(col_total), grand), _Line(tuple(row_total), grand)]
    kinds = _protect(_Problem(values, lines, [], [], set()), k)

    def safe(i: int) -> SafeCount:
        return _safe(values[i], kinds[i], k)

    return SafeMatrix(
        rows=matrix.rows,
        columns=matrix.columns,
        cells=tuple(tuple(safe(at(r, c)) for c in range(n_cols)) for r in range(n_rows)),
        row_totals=tuple(safe(i) for i in row_total),
        column_totals=tuple(safe(i) for i in col_total),
        grand_total=safe(grand),
        measure=matrix.measure,
        period=matrix.period,
        filters=matrix.filters,
        min_count=min_count,
    )


def _safe(value: int, kind: CellKind, k: int) -> SafeCount:
    return SafeCount(None if kind is not CellKind.SHOWN else value, kind, k)


# --- the engine ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Line:
    """``sum(members) == margin``, a relation the reader of the table knows."""

    members: tuple[int, ...]
    margin: int


@dataclass
class _Problem:
    values: list[int]
    lines: list[_Line]
    groups: list[tuple[int, ...]]  # cells hidden together
    order: list[tuple[int, int]]  # (a, b): the reader knows value[a] <= value[b]
    virtual: set[int]  # cells a reader cannot see (left-out rows): never chosen to hide

    def __post_init__(self) -> None:
        self.lines_of: list[list[int]] = [[] for _ in self.values]
        for index, line in enumerate(self.lines):
            for cell in (*line.members, line.margin):
                self.lines_of[cell].append(index)
        self.groups_of: list[list[tuple[int, ...]]] = [[] for _ in self.values]
        for group in self.groups:
            for cell in group:
                self.groups_of[cell].append(group)


def _protect(problem: _Problem, k: int) -> list[CellKind]:
    """The kind of every cell under the rule of the module docstring."""
    values = problem.values
    kinds = [CellKind.PRIMARY if 0 < v < k else CellKind.SHOWN for v in values]
    for cell in range(len(values)):
        if kinds[cell] is CellKind.PRIMARY and cell not in problem.virtual:
            _spread(problem, kinds, cell)
    stuck: set[int] = set()
    while True:
        # The quick case first: a line with one unknown that needs protecting.
        if any(
            _lone_unknown(problem, kinds, line) and _hide_one_more(problem, kinds, index)
            for index, line in enumerate(problem.lines)
        ):
            continue
        progressed = False
        for cell in _recoverable(problem, kinds, k):
            if cell in stuck:
                continue
            if any(_hide_one_more(problem, kinds, line) for line in problem.lines_of[cell]):
                progressed = True
                break
            stuck.add(cell)  # the known limit of the module docstring
        if not progressed:
            return kinds


def _unknown(problem: _Problem, kinds: list[CellKind], cell: int) -> bool:
    return cell in problem.virtual or kinds[cell] is not CellKind.SHOWN


def _unknowns(problem: _Problem, kinds: list[CellKind], line: _Line) -> int:
    return sum(_unknown(problem, kinds, c) for c in (*line.members, line.margin))


def _lone_unknown(problem: _Problem, kinds: list[CellKind], line: _Line) -> bool:
    """Whether the line's only unknown cell is one that needs protecting (a left-out remainder
    of k or more may be worked out: it is no one's small count)."""
    unknown = [c for c in (*line.members, line.margin) if _unknown(problem, kinds, c)]
    return len(unknown) == 1 and kinds[unknown[0]] is not CellKind.SHOWN


def _spread(problem: _Problem, kinds: list[CellKind], cell: int) -> None:
    """Hide the rest of ``cell``'s groups (a row's other measures), and theirs in turn."""
    todo = [cell]
    while todo:
        for group in problem.groups_of[todo.pop()]:
            for other in group:
                if kinds[other] is CellKind.SHOWN and problem.values[other] > 0:
                    kinds[other] = CellKind.SECONDARY
                    todo.append(other)


def _hide_one_more(problem: _Problem, kinds: list[CellKind], line_index: int) -> bool:
    """Hide the best visible non-zero member of the line (its total as a last resort)."""
    line = problem.lines[line_index]

    def visible(cell: int) -> bool:
        return (
            kinds[cell] is CellKind.SHOWN
            and problem.values[cell] > 0
            and cell not in problem.virtual
        )

    def cost(cell: int) -> tuple[int, int, int]:
        # Prefer a cell whose other lines already have a hidden cell: hiding it there does not
        # leave a new line with a single unknown that would need yet another cell.
        fresh = sum(
            1
            for other in problem.lines_of[cell]
            if other != line_index and _unknowns(problem, kinds, problem.lines[other]) == 0
        )
        return fresh, problem.values[cell], cell

    candidates = [c for c in line.members if visible(c)]
    if not candidates and visible(line.margin):
        candidates = [line.margin]
    if not candidates:
        return False
    chosen = min(candidates, key=cost)
    kinds[chosen] = CellKind.SECONDARY
    _spread(problem, kinds, chosen)
    return True


def _recoverable(problem: _Problem, kinds: list[CellKind], k: int) -> list[int]:
    """Cells needing protection whose value a reader can pin down from the published table."""
    low, high = _bounds(problem, kinds, k)
    return [
        cell
        for cell, kind in enumerate(kinds)
        if (cell in problem.virtual and kind is CellKind.PRIMARY)
        or (cell not in problem.virtual and kind is not CellKind.SHOWN)
        if low[cell] >= high[cell]
    ]


def _bounds(problem: _Problem, kinds: list[CellKind], k: int) -> tuple[list[float], list[float]]:
    """What a reader who knows this rule can tell about each cell: [low, high], narrowed through
    every line and order relation until nothing changes (interval constraint propagation)."""
    low: list[float] = []
    high: list[float] = []
    for cell, (value, kind) in enumerate(zip(problem.values, kinds, strict=True)):
        if cell in problem.virtual:
            low.append(0)
            high.append(math.inf)
        elif kind is CellKind.PRIMARY:
            low.append(1)
            high.append(k - 1)
        elif kind is CellKind.SECONDARY:
            low.append(k)
            high.append(math.inf)
        else:
            low.append(value)
            high.append(value)
    for _round in range(_BOUND_ROUNDS):
        changed = False
        for line in problem.lines:
            changed |= _narrow_line(line, low, high)
        for a, b in problem.order:
            if high[a] > high[b]:
                high[a], changed = high[b], True
            if low[b] < low[a]:
                low[b], changed = low[a], True
        if not changed:
            break
    return low, high


def _narrow_line(line: _Line, low: list[float], high: list[float]) -> bool:
    members, margin = line.members, line.margin
    low_sum = sum(low[c] for c in members)
    unbounded = sum(1 for c in members if high[c] == math.inf)
    finite_high = sum(high[c] for c in members if high[c] != math.inf)
    changed = False
    if low[margin] < low_sum:
        low[margin], changed = low_sum, True
    high_sum = math.inf if unbounded else finite_high
    if high[margin] > high_sum:
        high[margin], changed = high_sum, True
    for cell in members:
        own_unbounded = high[cell] == math.inf
        if unbounded - own_unbounded > 0:
            others_high = math.inf
        else:
            others_high = finite_high - (0 if own_unbounded else high[cell])
        others_low = low_sum - low[cell]
        new_low = max(low[cell], low[margin] - others_high)
        new_high = min(high[cell], high[margin] - others_low)
        if new_low != low[cell] or new_high != high[cell]:
            low[cell], high[cell], changed = new_low, new_high, True
    return changed
