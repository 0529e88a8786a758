"""What the CSV, XLSX and PDF exports share.

- ``as_safe``: every export accepts a raw ``StatTable`` (and suppresses it here, so a caller
  cannot forget) or an already suppressed ``SafeTable``;
- the translated names of measures, groupings and filters, the period in words and in ISO form,
  a file name that carries the grouping and the period;
- shares: a row's share of the first measure's total, hidden whenever it would give a hidden count
  away;
- formula safety: ``neutralise`` / ``restore`` for text a spreadsheet could read as a formula.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from desk_app.domain.stats import Grouping, Measure, Period, StatsFilter, StatTable
from desk_app.domain.suppression import (
    DEFAULT_MIN_COUNT,
    SECONDARY_MARK,
    CountMatrix,
    SafeCount,
    SafeMatrix,
    SafeTable,
    suppress_matrix,
    suppress_table,
)
from desk_app.hours_text import format_full_date
from desk_app.i18n import N_, _, translations_for

TOTAL_CODE = "TOTAL"
"""The code column of the total row (no grouping has a code of that name)."""

_MEASURES = {
    Measure.VISITS: N_("Visits"),
    Measure.VISITORS: N_("Visitors"),
    Measure.REFERRALS: N_("Referrals"),
    Measure.HANDOUTS: N_("Handouts"),
}

_GROUPINGS = {
    Grouping.DAY: N_("Per day"),
    Grouping.WEEK: N_("Per week"),
    Grouping.MONTH: N_("Per month"),
    Grouping.WEEKDAY: N_("Per weekday"),
    Grouping.HOUR: N_("Per hour of the day"),
    Grouping.TOPIC: N_("Topics"),
    Grouping.SERVICE: N_("Referrals per service"),
    Grouping.ACTOR: N_("Referrals per actor"),
    Grouping.LANGUAGE: N_("Language of service"),
    Grouping.CHANNEL: N_("Channels"),
    Grouping.OUTCOME: N_("Outcomes"),
    Grouping.VISITOR_TYPE: N_("Visitor types"),
    Grouping.PROGRAMME: N_("Programmes"),
    Grouping.HANDOUT_LANGUAGE: N_("Handouts per language"),
    Grouping.GENDER: N_("Gender"),
    Grouping.AGE_BAND: N_("Age band"),
    Grouping.LABOUR_STATUS: N_("Labour-market status"),
    Grouping.EDUCATION: N_("Education"),
}

_FILTERS = (
    ("actors", N_("Actors")),
    ("programmes", N_("Programmes")),
    ("channels", N_("Channels")),
    ("visitor_types", N_("Visitor types")),
    ("topics", N_("Topics")),
    ("languages", N_("Languages of service")),
)


def as_safe(table: StatTable | SafeTable, min_count: int = DEFAULT_MIN_COUNT) -> SafeTable:
    """``table`` as it may be published (a ``SafeTable`` is taken as it is)."""
    return table if isinstance(table, SafeTable) else suppress_table(table, min_count)


def as_safe_matrix(
    matrix: CountMatrix | SafeMatrix, min_count: int = DEFAULT_MIN_COUNT
) -> SafeMatrix:
    return matrix if isinstance(matrix, SafeMatrix) else suppress_matrix(matrix, min_count)


def measure_name(measure: Measure) -> str:
    return _(_MEASURES[measure])


def grouping_title(grouping: Grouping) -> str:
    return _(_GROUPINGS[grouping])


def code_header() -> str:
    return _("Code")


def label_headers() -> tuple[str, str]:
    return _("Name (Finnish)"), _("Name (English)")


def total_labels() -> tuple[str, str]:
    """The total row's name in the Finnish and the English column, whatever the UI language."""
    return translations_for("fi").gettext(N_("Total")), "Total"


def share_header(measure: Measure) -> str:
    # TRANSLATORS: the column of each row's share of the total, e.g. "Visits, share %".
    return _("{measure}, share %").format(measure=measure_name(measure))


def row_label(label_fi: str, label_en: str, lang: str) -> str:
    """The label a document in ``lang`` prints: Finnish for fi, else English (what we have)."""
    return label_fi if lang.split("-")[0] == "fi" else (label_en or label_fi)


# --- shares ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Share:
    """A row's share of the total in per cent (one decimal), or the mark that hides it."""

    percent: Decimal | None
    mark: str = ""

    @property
    def fraction(self) -> float | None:
        return None if self.percent is None else float(self.percent) / 100

    def text(self, decimal_comma: bool = True) -> str:
        if self.percent is None:
            return self.mark
        shown = f"{self.percent:.1f}"
        return shown.replace(".", ",") if decimal_comma else shown


def share(cell: SafeCount, total: SafeCount) -> Share:
    """A hidden count has a hidden share, marked ".." (a share column reading "<5" would look
    like "under 5 %"); with a hidden total every share is hidden too, since a shown count divided
    by its share would give the total back."""
    if cell.value is None or total.value is None:
        return Share(None, SECONDARY_MARK)
    if total.value == 0:
        return Share(None, "")
    percent = (Decimal(cell.value) * 100 / Decimal(total.value)).quantize(
        Decimal("0.1"), rounding=ROUND_HALF_UP
    )
    return Share(percent)


def shares(table: SafeTable) -> list[Share] | None:
    """Each row's share of the first measure; None for a table without a total."""
    if table.total is None or not table.measures:
        return None
    return [share(row.cells[0], table.total[0]) for row in table.rows]


# --- period, filters, file names -------------------------------------------------------------


def period_text(period: Period, lang: str) -> str:
    """ "1.3.2026–31.3.2026" in Finnish, "Mar 1, 2026 – Mar 31, 2026" in English."""
    first, last = format_full_date(period.first, lang), format_full_date(period.last, lang)
    if period.first == period.last:
        return first
    dash = " – " if " " in first + last else "–"
    return f"{first}{dash}{last}"


def iso_period(period: Period) -> str:
    return f"{period.first.isoformat()} – {period.last.isoformat()}"


def filter_lines(filters: StatsFilter) -> list[str]:
    """One line per filter in use ("Actors: KELA, TE-PALVELUT"); codes, sorted."""
    lines = [
        _("{name}: {codes}").format(name=_(name), codes=", ".join(sorted(getattr(filters, key))))
        for key, name in _FILTERS
        if getattr(filters, key)
    ]
    return lines or [_("All visits (no filters)")]


def export_file_name(table: SafeTable | StatTable, suffix: str) -> str:
    """``pointti-stats-topic-2026-03-01_2026-03-31.csv``; "-filtered" when filters narrow it
    (the filters themselves are too long for a file name: the XLSX and PDF list them)."""
    parts = ["pointti-stats", table.grouping.value]
    if table.period is not None:
        parts.append(f"{table.period.first.isoformat()}_{table.period.last.isoformat()}")
    if not table.filters.is_empty:
        parts.append("filtered")
    return "-".join(parts) + "." + suffix.lstrip(".")


def generated_text(now: dt.datetime, lang: str) -> str:
    return _("Made on {date}").format(date=format_full_date(now.date(), lang))


# --- formula safety --------------------------------------------------------------------------

# OWASP "CSV injection": a cell starting with one of these may be run as a formula by Excel or
# LibreOffice. The full-width forms are included because some input methods turn them into the
# ASCII ones; leading blanks are skipped because some readers trim them before deciding.
_FORMULA_START = frozenset("=+-@\uff1d\uff0b\uff0d\uff20")
_ALWAYS = frozenset("\t\r")
_BLANKS = " \t\r\n\u00a0"
QUOTE = "'"


def needs_neutralising(text: str) -> bool:
    """True for text a spreadsheet could take as a formula, and for text that starts with the
    quote itself (so that ``restore`` can always remove exactly one quote)."""
    if not text:
        return False
    if text[0] in _ALWAYS or text[0] == QUOTE:
        return True
    return text.lstrip(_BLANKS)[:1] in _FORMULA_START


def neutralise(text: str) -> str:
    """``=1+1`` → ``'=1+1``, ``+358401234567`` → ``'+358401234567`` (stays text)."""
    return QUOTE + text if needs_neutralising(text) else text


def restore(text: str) -> str:
    """The inverse of ``neutralise`` (for reading our own files back)."""
    return text[1:] if text.startswith(QUOTE) else text


_NUMBER = re.compile(r"\d+")
_DECIMAL = re.compile(r"\d+,\d+")


def parse_value(text: str) -> int | Decimal | str:
    """A value cell of our CSV: a count, a share with a decimal comma, or a mark ("<5", "..")."""
    if _NUMBER.fullmatch(text):
        return int(text)
    if _DECIMAL.fullmatch(text):
        return Decimal(text.replace(",", "."))
    return text
