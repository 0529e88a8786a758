"""Statistics: what is asked (a period, filters, a grouping) and what comes back (tables of counts).

These types are the contract between the aggregate queries (``desk_app.db.repo_stats``), the use
cases (``desk_app.services.stats``), the exports (CSV, XLSX, PDF), the CLI and the dashboard.

- A ``Period`` is a range of local calendar days in the desk's time zone (Europe/Helsinki),
  both ends included; ``Period.bounds`` turns it into the UTC instants the queries compare with,
  so a DST day is 23 or 25 hours long and nothing is lost or counted twice.
- ``StatsFilter`` narrows the visits counted; an empty set means "all".
- A ``StatTable`` is one grouping's counts: one ``StatRow`` per code with fixed labels in Finnish
  and English (exports carry both), one value per measure. ``total`` is the row that sums the
  visits counted once each; it is ``None`` when a visit may fall under several rows (topics,
  services), where the rows do not add up to the total.
- Values are plain ints here (the staff's on-screen view); ``desk_app.domain.suppression`` turns a
  table into one whose small cells are hidden, for anything exported or printed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from zoneinfo import ZoneInfo

HELSINKI = "Europe/Helsinki"


class Grouping(StrEnum):
    """What a table's rows are (the CLI's ``--by``; the dashboard uses the same)."""

    DAY = "day"  # code: ISO date, 2026-03-29
    WEEK = "week"  # code: ISO week, 2026-W13
    MONTH = "month"  # code: 2026-03
    WEEKDAY = "weekday"  # code: 1 (Monday) … 7 (Sunday), ISO
    HOUR = "hour"  # code: 00 … 23, local hour of the visit
    TOPIC = "topic"  # code: the current topic code (merged/renamed topics resolved)
    SERVICE = "service"  # referrals per service; code: service code
    ACTOR = "actor"  # referrals per actor (organisation); code: actor code
    LANGUAGE = "language"  # language of service
    CHANNEL = "channel"
    OUTCOME = "outcome"
    VISITOR_TYPE = "visitor_type"
    PROGRAMME = "programme"  # programme attribution of the visit; code: programme code
    HANDOUT_LANGUAGE = "handout_language"  # handouts printed per language
    GENDER = "gender"
    AGE_BAND = "age_band"
    LABOUR_STATUS = "labour_status"
    EDUCATION = "education"


CLI_GROUPINGS: tuple[Grouping, ...] = (
    Grouping.DAY,
    Grouping.WEEK,
    Grouping.MONTH,
    Grouping.WEEKDAY,
    Grouping.HOUR,
    Grouping.TOPIC,
    Grouping.SERVICE,
    Grouping.ACTOR,
    Grouping.LANGUAGE,
    Grouping.CHANNEL,
    Grouping.OUTCOME,
)
"""The groupings ``pointti-desk stats --by`` offers (the issue's list)."""


class Measure(StrEnum):
    """What a value counts."""

    VISITS = "visits"  # visit rows (a batch tally of five walk-ins is one visit …)
    VISITORS = "visitors"  # … and five visitors
    REFERRALS = "referrals"
    HANDOUTS = "handouts"


@dataclass(frozen=True)
class Period:
    """Local calendar days ``first`` … ``last``, both included."""

    first: dt.date
    last: dt.date
    timezone: str = HELSINKI

    def __post_init__(self) -> None:
        if self.last < self.first:
            raise ValueError("a period cannot end before it starts")

    def bounds(self) -> tuple[dt.datetime, dt.datetime]:
        """``[start, end)`` in UTC: local midnight of ``first`` to local midnight after ``last``."""
        zone = ZoneInfo(self.timezone)
        start = dt.datetime.combine(self.first, dt.time(), tzinfo=zone)
        end = dt.datetime.combine(self.last + dt.timedelta(days=1), dt.time(), tzinfo=zone)
        return start.astimezone(dt.UTC), end.astimezone(dt.UTC)

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1


@dataclass(frozen=True)
class StatsFilter:
    """Which visits count; every empty set means no narrowing on that field."""

    actors: frozenset[str] = frozenset()  # actor codes: visits referred to a service of one
    programmes: frozenset[str] = frozenset()  # programme codes the visit is attributed to
    channels: frozenset[str] = frozenset()
    visitor_types: frozenset[str] = frozenset()
    topics: frozenset[str] = frozenset()  # current topic codes (older codes resolved to them)
    languages: frozenset[str] = frozenset()  # language of service

    @property
    def is_empty(self) -> bool:
        return not (
            self.actors
            or self.programmes
            or self.channels
            or self.visitor_types
            or self.topics
            or self.languages
        )


@dataclass(frozen=True)
class StatRow:
    code: str
    label_fi: str
    label_en: str
    values: tuple[int, ...]  # one per ``StatTable.measures``


@dataclass(frozen=True)
class StatTable:
    grouping: Grouping
    measures: tuple[Measure, ...]
    rows: tuple[StatRow, ...]
    total: tuple[int, ...] | None = None  # None: rows overlap, they do not sum to a total
    period: Period | None = None
    filters: StatsFilter = field(default_factory=StatsFilter)

    def column(self, measure: Measure) -> list[int]:
        index = self.measures.index(measure)
        return [row.values[index] for row in self.rows]


def table_total(rows: Sequence[StatRow], width: int) -> tuple[int, ...]:
    """Column sums of ``rows`` (for groupings whose rows do not overlap)."""
    return tuple(sum(row.values[i] for row in rows) for i in range(width))


@dataclass(frozen=True)
class Tiles:
    """The dashboard's key figures for a period (follow-ups: as of the period's last day)."""

    visits: int
    visitors: int
    referrals: int
    handouts: int
    follow_ups_open: int
    follow_ups_overdue: int
    resolved_at_desk: int  # visits whose outcome is resolved_at_desk

    @property
    def resolved_share(self) -> float | None:
        """Share of visits resolved at the desk, 0…1; None without visits."""
        return self.resolved_at_desk / self.visits if self.visits else None


@dataclass(frozen=True)
class WeekHourTable:
    """Visits by local weekday (rows: ISO 1 = Monday … 7) and local hour (columns: 0 … 23)."""

    values: tuple[tuple[int, ...], ...]

    def total(self) -> int:
        return sum(sum(row) for row in self.values)


DASHBOARD_GROUPINGS: tuple[Grouping, ...] = (
    Grouping.DAY,
    Grouping.WEEK,
    Grouping.MONTH,
    Grouping.TOPIC,
    Grouping.ACTOR,
    Grouping.SERVICE,
    Grouping.HANDOUT_LANGUAGE,
    Grouping.OUTCOME,
    Grouping.GENDER,
    Grouping.AGE_BAND,
    Grouping.LABOUR_STATUS,
    Grouping.EDUCATION,
)
"""The tables every dashboard holds (the heat table and the tiles besides)."""


@dataclass(frozen=True)
class Dashboard:
    """Everything the statistics screen shows for one period and filters."""

    period: Period
    filters: StatsFilter
    tiles: Tiles
    tables: dict[Grouping, StatTable]  # one per DASHBOARD_GROUPINGS
    week_hours: WeekHourTable
