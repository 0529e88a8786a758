"""What every benchmark shares: the result record, medians and percentiles, the table, the file."""

from __future__ import annotations

import json
import math
import statistics
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

RESULTS_DIR = Path(__file__).resolve().parent / "results"
MIN_RUNS = 5


@dataclass(frozen=True)
class Record:
    """One measured figure. ``goal`` is an upper bound for ``value`` (None: no goal)."""

    metric: str
    value: float
    unit: str
    baseline: float | None = None
    ratio: float | None = None
    goal: float | None = None

    @classmethod
    def against(
        cls, metric: str, value: float, unit: str, baseline: float, goal: float | None = None
    ) -> Record:
        ratio = value / baseline if baseline else None
        return cls(metric, value, unit, baseline, ratio, goal)

    @property
    def meets_goal(self) -> bool | None:
        return None if self.goal is None else self.value <= self.goal


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def percentile(values: Sequence[float], share: float) -> float:
    """The nearest-rank percentile (``share`` 0.95 for p95): a value that was measured."""
    ordered = sorted(values)
    rank = max(1, math.ceil(share * len(ordered)))
    return ordered[rank - 1]


def _figure(value: float | None) -> str:
    if value is None:
        return "–"
    if value == 0 or abs(value) >= 100:
        return f"{value:,.0f}"
    if abs(value) >= 1:
        return f"{value:.2f}"
    return f"{value:.3g}"


def table(records: Sequence[Record]) -> str:
    """A plain-text table of the records, with whether each goal is met."""
    head = ("metric", "value", "unit", "baseline", "ratio", "goal", "")
    rows = [
        (
            r.metric,
            _figure(r.value),
            r.unit,
            _figure(r.baseline),
            _figure(r.ratio),
            "–" if r.goal is None else f"<= {_figure(r.goal)}",
            {None: "", True: "ok", False: "MISSED"}[r.meets_goal],
        )
        for r in records
    ]
    widths = [max(len(row[i]) for row in (head, *rows)) for i in range(len(head))]
    lines = []
    for n, row in enumerate((head, *rows)):
        cells = [
            cell.ljust(widths[i]) if i in (0, 2, 6) else cell.rjust(widths[i])
            for i, cell in enumerate(row)
        ]
        lines.append("  ".join(cells).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths).rstrip())
    return "\n".join(lines)


def write_results(name: str, records: Sequence[Record], directory: Path = RESULTS_DIR) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{name}.json"
    payload = [asdict(r) for r in records]
    path.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    return path


def report(name: str, title: str, records: Sequence[Record], directory: Path = RESULTS_DIR) -> Path:
    """Print the table and write the JSON file; returns the file's path."""
    print(f"\n{title}\n")
    print(table(records))
    path = write_results(name, records, directory)
    print(f"\nwritten: {path}")
    return path
