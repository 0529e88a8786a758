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
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from zoneinfo import ZoneInfo

from desk_app.domain.texts import Texts

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
    notes: tuple[str, ...] = ()  # what the rows leave out and why (sentences in the UI language)

    def column(self, measure: Measure) -> list[int]:
        index = self.measures.index(measure)
        return [row.values[index] for row in self.rows]


def table_total(rows: Sequence[StatRow], width: int) -> tuple[int, ...]:
    """Column sums of ``rows`` (for groupings whose rows do not overlap)."""
    return tuple(sum(row.values[i] for row in rows) for i in range(width))


@dataclass(frozen=True)
class Tiles:
    """The dashboard's key figures for a period (follow-ups: those of the period's visits that
    are open today, and of those the ones past their due date; ``Dashboard.as_of`` is today)."""

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
    notes: tuple[str, ...] = ()  # what the figures leave out and why (e.g. months kept as counts)
    as_of: dt.date | None = None  # the day the follow-up tiles were counted on


# -- what the aggregate queries return (desk_app.db.repo_stats) --------------------------------


class CountPart(StrEnum):
    """What one read counts (a table needs one or two of these; the dashboard all)."""

    DAYS = "days"  # per day and hour: the day, week, month, weekday and hour tables, the total
    COLUMNS = "columns"  # the visit's own codes: channel, outcome, language, programme, bands …
    TOPICS = "topics"
    REFERRALS = "referrals"  # per service and per actor
    HANDOUTS = "handouts"  # per handout language
    FOLLOW_UPS = "follow_ups"  # open and overdue


ALL_PARTS: frozenset[CountPart] = frozenset(CountPart)

Counts = tuple[int, int]
"""(visits, visitors) of one cell; for referrals and handouts (rows, visitors of their visits)."""


@dataclass(frozen=True)
class StatsCounts:
    """Everything counted for one period and filter, by code (labels come later).

    ``per_day`` has the days whose visits are stored row by row; ``folded_months`` the months the
    retention purge kept only as monthly counts (and the period covers whole), which are in
    ``total`` and ``by`` but have no days or hours. ``partial_months`` are folded months the period
    covers only in part: they cannot be split by day, so they are not counted at all.
    ``by[grouping][code]`` holds every code-like grouping (``TOPIC`` by current topic code,
    ``SERVICE`` and ``ACTOR`` counting referrals, ``HANDOUT_LANGUAGE`` counting handouts).
    """

    total: Counts
    per_day: Mapping[dt.date, Counts]
    heat: Mapping[tuple[int, int], Counts]  # (ISO weekday 1–7, local hour 0–23)
    by: Mapping[Grouping, Mapping[str, Counts]]
    folded_months: Mapping[str, Counts] = field(default_factory=dict)
    partial_months: tuple[str, ...] = ()
    follow_ups_open: int = 0
    follow_ups_overdue: int = 0
    filtered_out_months: tuple[str, ...] = ()  # folded months left out because filters were set


@dataclass(frozen=True)
class StatsNames:
    """The catalogue's names for the codes a table may show, in the catalogue's order."""

    topics: Mapping[str, Texts]  # topics in use (merged ones resolved away), taxonomy order
    retired_topics: frozenset[str]
    services: Mapping[str, Texts]
    actors: Mapping[str, Texts]
    programmes: Mapping[str, Texts]


def utc_offset_changes(
    timezone: str, start: dt.datetime, end: dt.datetime
) -> list[tuple[dt.datetime, int]]:
    """The UTC offsets (seconds) of ``timezone`` over ``[start, end)``: the offset at ``start``
    and then each instant where it changes, as (UTC instant, offset from then on).

    A local day or hour is then ``utc + offset``, which plain SQL can compute with the right
    offset for each instant (SQLite knows no time zones). Offsets are probed once a day and each
    change is pinned to the second by bisection; zones change at most a few times a year.
    """
    zone = ZoneInfo(timezone)

    def offset(moment: dt.datetime) -> int:
        delta = moment.astimezone(zone).utcoffset()
        return int(delta.total_seconds()) if delta is not None else 0

    def at(seconds: int) -> dt.datetime:
        return dt.datetime.fromtimestamp(seconds, dt.UTC)

    start, end = start.astimezone(dt.UTC), end.astimezone(dt.UTC)
    changes = [(start, offset(start))]
    low = start
    while low < end:
        high = min(low + dt.timedelta(days=1), end)
        if offset(high) != changes[-1][1]:
            # The old offset holds at ``left``, the new one at ``right``: halve down to a second.
            left, right = int(low.timestamp()), math.ceil(high.timestamp())
            while right - left > 1:
                middle = (left + right) // 2
                if offset(at(middle)) == changes[-1][1]:
                    left = middle
                else:
                    right = middle
            if at(right) < end:
                changes.append((at(right), offset(at(right))))
        low = high
    return changes
