"""Where the statistics' counts come from: the day summary, or the visit rows of a period.

Both sources answer the same questions (per day, weekday × hour, the visit's own codes, topics,
referrals, handouts, open follow-ups) so ``StatsRepository`` does not care which one it has:

- ``SummarySource`` reads ``visit_day_count`` (kept by triggers, ``stats_summary``) for an
  unfiltered period in its zone: a year is a few thousand summary rows, whatever the number of
  visits.
- ``RowSource`` selects the period's visits that pass the filters once, into a temporary table
  with each visit's local day and hour (``ix_visit_occurred_at`` finds the period; the period's
  few UTC offsets are a ``CASE``), and reads every grouping from it, joined to topics, referrals
  and handouts by their ``visit_id`` indexes. It serves filters and other zones.

Local times and weekdays use SQLite's ``datetime`` and ``strftime``: a PostgreSQL desk would need
those two expressions in its own functions (and triggers of its own for the summary).

Open follow-ups are counted from the referrals flagged for follow-up (``ix_referral_follow_up``,
a partial index holding just those), never by walking a year of visits.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import (
    Column,
    ColumnElement,
    Connection,
    Integer,
    MetaData,
    String,
    Table,
    case,
    exists,
    func,
    literal,
    select,
    true,
    union_all,
)

from desk_app.db.base import Base, UtcDateTime
from desk_app.db.models_aggregates import DAY_COLUMN_DIMENSIONS, VisitDayDimension
from desk_app.db.repo_taxonomy import current_topic_cte
from desk_app.domain.followup import CLOSED_STATUSES
from desk_app.domain.stats import Counts, Period, StatsFilter

_T = Base.metadata.tables
_visit, _visit_topic, _referral = _T["visit"], _T["visit_topic"], _T["referral"]
_handout, _day = _T["handout_print"], _T["visit_day_count"]
_topic, _service, _organisation = _T["topic"], _T["service"], _T["organisation"]
_programme = _T["programme"]

COLUMNS: tuple[str, ...] = tuple(d.value for d in DAY_COLUMN_DIMENSIONS)
"""The visit's own coded columns the statistics group by (each is a ``Grouping`` too)."""
_CLOSED = sorted(s.value for s in CLOSED_STATUSES)
ZERO: Counts = (0, 0)


Rows = dict[str, Counts]


def add(target: dict[Any, Counts], key: Any, visits: int, visitors: int) -> None:
    old = target.get(key, ZERO)
    target[key] = (old[0] + int(visits or 0), old[1] + int(visitors or 0))


def counted(connection: Connection, query: Any) -> Rows:
    """{code: (visits, visitors)} of a (code, visits, visitors) query."""
    found: Rows = {}
    for code, visits, visitors in connection.execute(query):
        add(found, "" if code is None else str(code), visits, visitors)
    return found


def _triples(connection: Connection, query: Any) -> list[tuple[str, int, int]]:
    return [(str(key), int(v or 0), int(p or 0)) for key, v, p in connection.execute(query)]


def _quads(connection: Connection, query: Any) -> list[tuple[str, str, int, int]]:
    return [(str(a), str(b), int(v or 0), int(p or 0)) for a, b, v, p in connection.execute(query)]


# -- the day summary ---------------------------------------------------------------------------


class SummarySource:
    """Reads ``visit_day_count`` for the local days of an unfiltered period."""

    def __init__(self, connection: Connection, period: Period) -> None:
        self.connection = connection
        self.period = period
        self.start, self.end = period.bounds()
        self.in_days = _day.c.day.between(period.first.isoformat(), period.last.isoformat())

    def close(self) -> None:
        pass

    def per_day(self) -> list[tuple[str, int, int]]:
        """(day, visits, visitors): a day's hours are its total."""
        return _triples(self.connection, self._hours(_day.c.day))

    def heat(self) -> list[tuple[str, str, int, int]]:
        """(weekday 0–6 from Sunday as SQLite's ``%w``, hour, visits, visitors)."""
        return _quads(self.connection, self._hours(func.strftime("%w", _day.c.day), _day.c.code))

    def _hours(self, *keys: Any) -> Any:
        return (
            select(*keys, func.sum(_day.c.visits), func.sum(_day.c.visitors))
            .where(_day.c.dimension == VisitDayDimension.HOUR.value, self.in_days)
            .group_by(*keys)
        )

    def dimensions(self, names: Sequence[str]) -> dict[str, Rows]:
        query = (
            select(
                _day.c.dimension, _day.c.code, func.sum(_day.c.visits), func.sum(_day.c.visitors)
            )
            .where(_day.c.dimension.in_(names), self.in_days)
            .group_by(_day.c.dimension, _day.c.code)
        )
        found: dict[str, Rows] = {name: {} for name in names}
        for dimension, code, visits, visitors in self.connection.execute(query):
            add(found[dimension], code, visits, visitors)
        return found

    def columns(self) -> dict[str, Rows]:
        return self.dimensions([*COLUMNS, VisitDayDimension.PROGRAMME.value])

    def topics(self) -> Rows:
        """{current topic id: counts}: the recorded ids mapped, doubles after merges removed."""
        recorded = self.dimensions([VisitDayDimension.TOPIC.value])[VisitDayDimension.TOPIC]
        current: dict[str, str] = dict(self.connection.execute(select(*current_ids().c)).all())
        found: Rows = {}
        for topic_id, (visits, visitors) in recorded.items():
            if topic_id in current:  # a topic in a (refused) merge circle is not counted
                add(found, current[topic_id], visits, visitors)
        for current_id, (visits, visitors) in self._merged_doubles(current).items():
            add(found, current_id, -visits, -visitors)
        return found

    def _merged_doubles(self, current: Mapping[str, str]) -> Rows:
        """Visits counted twice (or more) under one current topic because two of their topics
        were merged into it: {current id: (extra visits, extra visitors)}."""
        merged_into = {c for t, c in current.items() if t != c}
        group = [t for t, c in current.items() if c in merged_into]
        if not group:
            return {}
        cte = current_topic_cte()
        n = func.count().label("n")
        per_visit = (
            select(cte.c.current_id, n, func.max(_visit.c.visitor_count).label("people"))
            .select_from(_visit_topic)
            .join(cte, cte.c.topic_id == _visit_topic.c.topic_id)
            .join(_visit, _visit.c.id == _visit_topic.c.visit_id)
            .where(
                _visit_topic.c.topic_id.in_(group),
                _visit.c.occurred_at >= self.start,
                _visit.c.occurred_at < self.end,
                _visit.c.deleted_at.is_(None),
            )
            .group_by(_visit_topic.c.visit_id, cte.c.current_id)
            .having(func.count() > 1)
            .subquery()
        )
        extra = per_visit.c.n - 1
        return counted(
            self.connection,
            select(
                per_visit.c.current_id, func.sum(extra), func.sum(extra * per_visit.c.people)
            ).group_by(per_visit.c.current_id),
        )

    def referrals(self) -> Rows:
        dimension = VisitDayDimension.REFERRAL_SERVICE.value
        return self.dimensions([dimension])[dimension]

    def handouts(self) -> Rows:
        dimension = VisitDayDimension.HANDOUT_LANG.value
        return self.dimensions([dimension])[dimension]

    def follow_ups(self, today: dt.date) -> tuple[int, int]:
        counted_visit = exists().where(
            _visit.c.id == _referral.c.visit_id,
            _visit.c.occurred_at >= self.start,
            _visit.c.occurred_at < self.end,
            _visit.c.deleted_at.is_(None),
        )
        return _follow_ups(self.connection, counted_visit, today)


def current_ids() -> Any:
    """(topic id, current topic id) of every topic, from the recursive CTE."""
    cte = current_topic_cte()
    return select(cte.c.topic_id, cte.c.current_id).subquery("topic_now")


def _follow_ups(
    connection: Connection, visit: ColumnElement[bool], today: dt.date, services: Any = None
) -> tuple[int, int]:
    """(open, overdue) follow-ups among the referrals whose visit passes ``visit`` (a
    correlated condition on ``referral.visit_id``).

    Written so SQLite walks ``ix_referral_follow_up`` (only the referrals flagged for follow-up)
    and checks each one's visit, rather than walking a year of visits for their referrals."""
    r = _referral
    overdue = func.sum(case((r.c.follow_up_due < today, 1), else_=0))
    query = (
        select(func.count(), func.coalesce(overdue, 0))
        .select_from(r)
        .where(
            r.c.follow_up == true(),  # "= 1", as ix_referral_follow_up says
            r.c.status.not_in(_CLOSED),
            visit,
        )
    )
    if services is not None:
        query = query.where(r.c.service_id.in_(services))
    row = connection.execute(query).one()
    return int(row[0]), int(row[1])


# -- the visit rows ----------------------------------------------------------------------------

_selection = Table(
    "stats_selection",
    MetaData(),
    Column("id", String(36), primary_key=True),
    Column("day", String(10)),
    Column("hour", String(2)),
    Column("visitor_count", Integer),
    Column("programme_id", String(36)),
    *(Column(name, String(24)) for name in COLUMNS),
    prefixes=["TEMPORARY"],
)
"""The period's visits that pass the filters, with their local day and hour (one connection's
temporary table, gone with its transaction)."""


def local_time(column: Any, changes: Sequence[tuple[dt.datetime, int]]) -> Any:
    """SQL for the local time (``YYYY-MM-DD HH:MM:SS``) of a UTC ``column`` inside a period whose
    offsets are ``changes`` (``utc_offset_changes``): SQLite has no zones, the period has few."""
    offsets = [f"{seconds} seconds" for _when, seconds in changes]
    if len(changes) == 1:
        modifier: Any = literal(offsets[0])
    else:
        modifier = case(
            *(
                (column < literal(when, UtcDateTime()), offsets[n])
                for n, (when, _seconds) in enumerate(changes[1:])
            ),
            else_=offsets[-1],
        )
    return func.datetime(column, modifier, type_=String())


class RowSource:
    """Reads the visit rows of a period that pass the filters (any zone, any filter)."""

    def __init__(
        self,
        connection: Connection,
        period: Period,
        filters: StatsFilter,
        changes: Sequence[tuple[dt.datetime, int]],
        loose_handouts: bool,
    ) -> None:
        self.connection = connection
        self.start, self.end = period.bounds()
        self.loose_handouts = loose_handouts
        v = _visit
        self.actor_services = (
            select(_service.c.id)
            .join(_organisation, _organisation.c.id == _service.c.organisation_id)
            .where(_organisation.c.code.in_(sorted(filters.actors)))
            if filters.actors
            else None
        )
        where = [
            v.c.occurred_at >= self.start,
            v.c.occurred_at < self.end,
            v.c.deleted_at.is_(None),
        ]
        for column, codes in (
            (v.c.channel, filters.channels),
            (v.c.visitor_type, filters.visitor_types),
            (v.c.language, filters.languages),
        ):
            if codes:
                where.append(column.in_(sorted(codes)))
        if filters.programmes:
            where.append(
                v.c.programme_id.in_(
                    select(_programme.c.id).where(_programme.c.code.in_(sorted(filters.programmes)))
                )
            )
        if filters.topics:
            now = current_ids()
            current = _topic.alias("current_topic_row")
            topic_ids = (
                select(now.c.topic_id)
                .join(current, current.c.id == now.c.current_id)
                .where(current.c.code.in_(sorted(filters.topics)))
            )
            where.append(
                exists().where(
                    _visit_topic.c.visit_id == v.c.id, _visit_topic.c.topic_id.in_(topic_ids)
                )
            )
        if self.actor_services is not None:
            where.append(
                exists().where(
                    _referral.c.visit_id == v.c.id, _referral.c.service_id.in_(self.actor_services)
                )
            )
        local = local_time(v.c.occurred_at, changes).label("local")
        chosen = select(
            v.c.id, local, v.c.visitor_count, v.c.programme_id, *(v.c[c] for c in COLUMNS)
        ).where(*where)
        picked = chosen.subquery("picked")
        _selection.drop(connection, checkfirst=True)
        _selection.create(connection)
        connection.execute(
            _selection.insert().from_select(
                ["id", "day", "hour", "visitor_count", "programme_id", *COLUMNS],
                select(
                    picked.c.id,
                    func.substr(picked.c.local, 1, 10),
                    func.substr(picked.c.local, 12, 2),
                    picked.c.visitor_count,
                    picked.c.programme_id,
                    *(picked.c[c] for c in COLUMNS),
                ),
            )
        )
        if connection.dialect.name == "sqlite":
            # Its size, for the planner: walk the selection and look up its referrals and
            # topics, not the other way round.
            connection.exec_driver_sql("ANALYZE temp.stats_selection")

    def close(self) -> None:
        _selection.drop(self.connection, checkfirst=True)

    def per_day(self) -> list[tuple[str, int, int]]:
        return _triples(self.connection, self._grouped(_selection.c.day))

    def heat(self) -> list[tuple[str, str, int, int]]:
        s = _selection
        return _quads(self.connection, self._grouped(func.strftime("%w", s.c.day), s.c.hour))

    def _grouped(self, *keys: Any) -> Any:
        s = _selection
        return select(*keys, func.count(), func.sum(s.c.visitor_count)).group_by(*keys)

    def columns(self) -> dict[str, Rows]:
        s = _selection
        names = [*COLUMNS, VisitDayDimension.PROGRAMME.value]
        parts = [
            select(
                literal(name).label("dimension"),
                func.coalesce(s.c[column], "").label("code"),
                func.count(),
                func.sum(s.c.visitor_count),
            ).group_by(s.c[column])
            for name, column in zip(names, [*COLUMNS, "programme_id"], strict=True)
        ]
        found: dict[str, Rows] = {name: {} for name in names}
        for dimension, code, visits, visitors in self.connection.execute(union_all(*parts)):
            add(found[dimension], code, visits, visitors)
        return found

    def topics(self) -> Rows:
        """{current topic id: counts}, each visit once under each current topic."""
        s, cte = _selection, current_topic_cte()
        pairs = (
            select(s.c.id, cte.c.current_id, s.c.visitor_count)
            .select_from(s)
            .join(_visit_topic, _visit_topic.c.visit_id == s.c.id)
            .join(cte, cte.c.topic_id == _visit_topic.c.topic_id)
            .distinct()
            .subquery()
        )
        return counted(
            self.connection,
            select(pairs.c.current_id, func.count(), func.sum(pairs.c.visitor_count)).group_by(
                pairs.c.current_id
            ),
        )

    def referrals(self) -> Rows:
        s, r = _selection, _referral
        # Grouped by an expression: by the plain column SQLite would walk all the referrals in
        # ``ix_referral_service_id`` order to skip a sort, looking each visit up.
        service = func.coalesce(r.c.service_id, "")
        query = (
            select(service, func.count(), func.sum(s.c.visitor_count))
            .select_from(s)
            .join(r, r.c.visit_id == s.c.id)
            .group_by(service)
        )
        if self.actor_services is not None:
            query = query.where(r.c.service_id.in_(self.actor_services))
        return counted(self.connection, query)

    def handouts(self) -> Rows:
        s, h = _selection, _handout
        found = counted(
            self.connection,
            select(h.c.lang, func.count(), func.sum(s.c.visitor_count))
            .select_from(s)
            .join(h, h.c.visit_id == s.c.id)
            .group_by(h.c.lang),
        )
        if self.loose_handouts:
            loose = counted(
                self.connection,
                select(h.c.lang, func.count(), func.count())
                .where(
                    h.c.visit_id.is_(None),
                    h.c.printed_at >= self.start,
                    h.c.printed_at < self.end,
                )
                .group_by(h.c.lang),
            )
            for code, (visits, visitors) in loose.items():
                add(found, code, visits, visitors)
        return found

    def follow_ups(self, today: dt.date) -> tuple[int, int]:
        chosen = exists().where(_selection.c.id == _referral.c.visit_id)
        return _follow_ups(self.connection, chosen, today, self.actor_services)
