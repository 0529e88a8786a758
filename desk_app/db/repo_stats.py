"""Statistics in SQL: the counts of one period and filter, and the names to label them.

The counts come from three sources, added up and never overlapping:

- the day summary ``visit_day_count`` when no filter is set, or the visit rows themselves
  (``desk_app.db.stats_sources``): each knows the days, hours and codes of the visits stored
  row by row;
- ``visit_month_count`` for the months the retention purge folded, when no filter is set (a
  monthly count cannot be narrowed by another dimension): only months the period covers whole,
  and they have no days or hours. ``StatsCounts`` names the months left out and why.

Topics count under the topic they are now (``current_topic_cte``), services and actors by their
codes (a referral counts for the organisation that offers the service now). Deleted visits never
count; demo visits do, as on the rows (``pointti-desk demo-data --remove`` takes them away).
Nothing here loads ORM objects or writes: a temporary table at most, gone with the transaction.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import TypeVar

from sqlalchemy import Connection, Table, func, select
from sqlalchemy.orm import Session

from desk_app.db.base import Base
from desk_app.db.models_aggregates import SUMMARY_ZONE, VisitDayDimension, VisitMonthDimension
from desk_app.db.stats_sources import (
    COLUMNS,
    Rows,
    RowSource,
    SummarySource,
    add,
    current_ids,
)
from desk_app.db.stats_summary import rebuild_summary, summary_offsets_current
from desk_app.domain.stats import (
    ALL_PARTS,
    CountPart,
    Counts,
    Grouping,
    Period,
    StatsCounts,
    StatsFilter,
    StatsNames,
    utc_offset_changes,
)
from desk_app.domain.texts import Texts

_T = Base.metadata.tables
K = TypeVar("K")
_month, _topic, _service = _T["visit_month_count"], _T["topic"], _T["service"]
_organisation, _programme = _T["organisation"], _T["programme"]


# -- months kept only as counts ----------------------------------------------------------------


def _month_span(first: dt.date, last: dt.date) -> tuple[str, str]:
    return first.strftime("%Y-%m"), last.strftime("%Y-%m")


def _nonzero(cells: Mapping[K, Counts]) -> dict[K, Counts]:
    return {key: cell for key, cell in cells.items() if cell != (0, 0)}


def _whole_months(period: Period, months: Iterable[str]) -> tuple[list[str], list[str]]:
    """(months the period covers whole, months it covers in part) among ``months``."""
    whole, partial = [], []
    for month in sorted(months):
        year, number = int(month[:4]), int(month[5:7])
        first = dt.date(year, number, 1)
        following = dt.date(year + number // 12, number % 12 + 1, 1)
        if period.first <= first and following - dt.timedelta(days=1) <= period.last:
            whole.append(month)
        else:
            partial.append(month)
    return whole, partial


class StatsRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def counts(
        self,
        period: Period,
        filters: StatsFilter,
        today: dt.date,
        parts: frozenset[CountPart] = ALL_PARTS,
        *,
        summary: bool = True,
    ) -> StatsCounts:
        """Everything counted for ``period`` and ``filters`` (only ``parts`` of it; the days and
        the total always). Read-only: a temporary table at most, gone with the transaction.
        ``summary=False`` reads the rows even where the summary could answer (tests compare)."""
        connection = self.session.connection()
        start, end = period.bounds()
        changes = utc_offset_changes(period.timezone, start, end)
        source: SummarySource | RowSource
        if (
            summary
            and filters.is_empty
            and connection.dialect.name == "sqlite"
            and period.timezone == SUMMARY_ZONE
            and summary_offsets_current(connection, changes, end)
        ):
            source = SummarySource(connection, period)
        else:
            source = RowSource(
                connection, period, filters, changes, loose_handouts=filters.is_empty
            )
        try:
            return self._counts(connection, source, period, filters, today, parts)
        finally:
            source.close()

    def _counts(
        self,
        connection: Connection,
        source: SummarySource | RowSource,
        period: Period,
        filters: StatsFilter,
        today: dt.date,
        parts: frozenset[CountPart],
    ) -> StatsCounts:
        per_day: dict[dt.date, Counts] = {}
        for day_text, visits, visitors in source.per_day():
            add(per_day, dt.date.fromisoformat(day_text), visits, visitors)
        heat: dict[tuple[int, int], Counts] = {}
        for sunday_first, hour, visits, visitors in source.heat():
            add(heat, ((int(sunday_first) + 6) % 7 + 1, int(hour)), visits, visitors)
        total = (sum(v for v, _p in per_day.values()), sum(p for _v, p in per_day.values()))
        by: dict[Grouping, dict[str, Counts]] = {}
        ids = _Ids(connection)
        if CountPart.COLUMNS in parts:
            columns = source.columns()
            for name in COLUMNS:
                by[Grouping(name)] = columns[name]
            by[Grouping.PROGRAMME] = ids.programmes(columns[VisitDayDimension.PROGRAMME])
        if CountPart.TOPICS in parts:
            by[Grouping.TOPIC] = ids.topics(source.topics(), current=True)
        if CountPart.REFERRALS in parts:
            by[Grouping.SERVICE], by[Grouping.ACTOR] = ids.services(source.referrals())
        if CountPart.HANDOUTS in parts:
            by[Grouping.HANDOUT_LANGUAGE] = source.handouts()
        open_, overdue = source.follow_ups(today) if CountPart.FOLLOW_UPS in parts else (0, 0)

        span = _month_span(period.first, period.last)
        stored = list(
            connection.execute(
                select(_month.c.month).where(_month.c.month.between(*span)).distinct()
            ).scalars()
        )
        whole, partial = _whole_months(period, stored)
        if not filters.is_empty:
            folded: dict[str, Counts] = {}
            partial, left_out = [], sorted(stored)
        else:
            folded, left_out = self._folded(connection, whole, parts, by, ids), []
        for visits, visitors in folded.values():
            total = (total[0] + visits, total[1] + visitors)
        # The summary keeps rows whose visits went away at zero: not a count, leave them out.
        return StatsCounts(
            total=total,
            per_day=_nonzero(per_day),
            heat=_nonzero(heat),
            by={grouping: _nonzero(rows) for grouping, rows in by.items()},
            folded_months=folded,
            partial_months=tuple(partial),
            follow_ups_open=open_,
            follow_ups_overdue=overdue,
            filtered_out_months=tuple(left_out),
        )

    def _folded(
        self,
        connection: Connection,
        months: Sequence[str],
        parts: frozenset[CountPart],
        by: dict[Grouping, dict[str, Counts]],
        ids: _Ids,
    ) -> dict[str, Counts]:
        """Add the whole folded ``months`` into ``by``; returns their totals by month."""
        if not months:
            return {}
        M = VisitMonthDimension  # noqa: N806
        dimensions = [M.TOTAL.value]
        if CountPart.COLUMNS in parts:
            dimensions += [*COLUMNS, M.PROGRAMME.value]
        if CountPart.TOPICS in parts:
            dimensions.append(M.TOPIC.value)
        if CountPart.REFERRALS in parts:
            dimensions.append(M.REFERRAL_SERVICE.value)
        if CountPart.HANDOUTS in parts:
            dimensions.append(M.HANDOUT_LANG.value)
        query = (
            select(
                _month.c.month,
                _month.c.dimension,
                _month.c.code,
                func.sum(_month.c.visits),
                func.sum(_month.c.visitors),
            )
            .where(_month.c.month.in_(months), _month.c.dimension.in_(dimensions))
            .group_by(_month.c.month, _month.c.dimension, _month.c.code)
        )
        totals: dict[str, Counts] = {}
        found: dict[str, Rows] = defaultdict(dict)
        for month, dimension, code, visits, visitors in connection.execute(query):
            if dimension == M.TOTAL:
                add(totals, month, visits, visitors)
            else:
                add(found[dimension], code, visits, visitors)
        extra: dict[Grouping, Rows] = {}
        for name in COLUMNS:
            if name in found:
                extra[Grouping(name)] = found[name]
        if M.PROGRAMME in found:
            extra[Grouping.PROGRAMME] = ids.programmes(found[M.PROGRAMME])
        if M.TOPIC in found:
            extra[Grouping.TOPIC] = ids.topics(found[M.TOPIC], current=False)
        if M.REFERRAL_SERVICE in found:
            extra[Grouping.SERVICE], extra[Grouping.ACTOR] = ids.services(found[M.REFERRAL_SERVICE])
        if M.HANDOUT_LANG in found:
            extra[Grouping.HANDOUT_LANGUAGE] = found[M.HANDOUT_LANG]
        for grouping, rows in extra.items():
            target = by.setdefault(grouping, {})
            for code, (visits, visitors) in rows.items():
                add(target, code, visits, visitors)
        return totals

    def names(self) -> StatsNames:
        """The catalogue's names of topics (in use, taxonomy order), services, actors and
        programmes, by code."""
        connection = self.session.connection()

        def texts(table: Table, owner: str, field: str) -> dict[str, dict[str, str]]:
            found: dict[str, dict[str, str]] = defaultdict(dict)
            for owner_id, lang, value in connection.execute(
                select(table.c[owner], table.c.lang, table.c.value).where(table.c.field == field)
            ):
                found[owner_id][lang] = value
            return found

        topic_texts = texts(_T["topic_text"], "topic_id", "label")
        topics: dict[str, Texts] = {}
        retired = set()
        for topic_id, code, merged, retired_on in connection.execute(
            select(
                _topic.c.id, _topic.c.code, _topic.c.merged_into_id, _topic.c.retired_on
            ).order_by(_topic.c.sort_order, _topic.c.code)
        ):
            if merged is None:
                topics[code] = Texts(topic_texts.get(topic_id, {}))
                if retired_on is not None:
                    retired.add(code)

        def named(table: Table, text_table: str, owner: str) -> dict[str, Texts]:
            found = texts(_T[text_table], owner, "name")
            return {
                code: Texts(found.get(row_id, {}))
                for row_id, code in connection.execute(
                    select(table.c.id, table.c.code).order_by(table.c.code)
                )
            }

        return StatsNames(
            topics=topics,
            retired_topics=frozenset(retired),
            services=named(_service, "service_text", "service_id"),
            actors=named(_organisation, "organisation_text", "organisation_id"),
            programmes=named(_programme, "programme_text", "programme_id"),
        )

    def rebuild_summary(self) -> None:
        """Recompute the day summary from the rows (a repair; the triggers keep it otherwise)."""
        rebuild_summary(self.session.connection())


class _Ids:
    """Ids in the counts turned into the codes the tables show (read once per use)."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self._topics: dict[str, str] | None = None
        self._current: dict[str, str] | None = None

    def programmes(self, rows: Mapping[str, Counts]) -> Rows:
        codes = dict(self.connection.execute(select(_programme.c.id, _programme.c.code)).all())
        found: Rows = {}
        for programme_id, (visits, visitors) in rows.items():
            add(
                found,
                codes.get(programme_id, programme_id) if programme_id else "",
                visits,
                visitors,
            )
        return found

    def topics(self, rows: Mapping[str, Counts], *, current: bool) -> Rows:
        """By current topic code; ``rows`` are keyed by current ids, or (``current=False``) by
        recorded ids that are resolved here first."""
        if self._topics is None:
            self._topics = dict(self.connection.execute(select(_topic.c.id, _topic.c.code)).all())
            self._current = dict(self.connection.execute(select(*current_ids().c)).all())
        assert self._current is not None
        found: Rows = {}
        for topic_id, (visits, visitors) in rows.items():
            now = topic_id if current else self._current.get(topic_id)
            if now is not None:
                add(found, self._topics.get(now, now), visits, visitors)
        return found

    def services(self, rows: Mapping[str, Counts]) -> tuple[Rows, Rows]:
        """(by service code, by actor code) of rows keyed by service id."""
        known = {
            service_id: (code, actor)
            for service_id, code, actor in self.connection.execute(
                select(_service.c.id, _service.c.code, _organisation.c.code).join(
                    _organisation, _organisation.c.id == _service.c.organisation_id
                )
            )
        }
        services: Rows = {}
        actors: Rows = {}
        for service_id, (visits, visitors) in rows.items():
            code, actor = known.get(service_id, (service_id, ""))
            add(services, code, visits, visitors)
            add(actors, actor, visits, visitors)
        return services, actors
