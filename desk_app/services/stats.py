"""Statistics use cases: the dashboard of one period and filter, one grouping's table (for the
CLI's ``stats --by`` and the exports), and the choices the dashboard's filters offer.

Both desk and admin staff may read statistics (``Permission.VIEW_STATISTICS``); they are counts
only, never a person. Each call is one read-only unit of work: the counts come from SQL
(``desk_app.db.repo_stats``: the day summary, or the filtered rows, plus the months the purge
kept as monthly counts), the labels from the catalogue's names and the code lists
(``stats_tables``). "Today", for the overdue follow-ups, is the desk's local date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Protocol
from zoneinfo import ZoneInfo

from desk_app.domain.codes import SERVICE_LANGUAGES, VisitChannel, VisitorType
from desk_app.domain.staff import Permission
from desk_app.domain.stats import (
    ALL_PARTS,
    CountPart,
    Dashboard,
    Grouping,
    Period,
    StatsCounts,
    StatsFilter,
    StatsNames,
    StatTable,
)
from desk_app.domain.taxonomy_rules import resolve_merges
from desk_app.domain.texts import Texts
from desk_app.i18n import ui_language
from desk_app.labels import label, language_name
from desk_app.services import stats_tables
from desk_app.services.access import Access
from desk_app.services.unit_of_work import UnitOfWork, UnitOfWorkFactory
from desk_app.settings import Settings

_PARTS: dict[Grouping, CountPart] = {
    Grouping.TOPIC: CountPart.TOPICS,
    Grouping.SERVICE: CountPart.REFERRALS,
    Grouping.ACTOR: CountPart.REFERRALS,
    Grouping.HANDOUT_LANGUAGE: CountPart.HANDOUTS,
}


class StatsRepo(Protocol):
    """What these use cases need of the database (desk_app.db's implementation)."""

    def counts(
        self,
        period: Period,
        filters: StatsFilter,
        today: dt.date,
        parts: frozenset[CountPart] = ALL_PARTS,
        *,
        summary: bool = True,
    ) -> StatsCounts: ...
    def names(self) -> StatsNames: ...


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def parts_for(grouping: Grouping) -> frozenset[CountPart]:
    """The counts one grouping's table needs (the days are always counted)."""
    if grouping in stats_tables.TIME_GROUPINGS:
        return frozenset({CountPart.DAYS})
    return frozenset({CountPart.DAYS, _PARTS.get(grouping, CountPart.COLUMNS)})


class StatisticsService:
    def __init__(
        self,
        uow_factory: UnitOfWorkFactory,
        access: Access,
        settings: Settings,
        clock: Callable[[], dt.datetime] = _utcnow,
    ) -> None:
        self._uow = uow_factory
        self._access = access
        self._tz = ZoneInfo(settings.timezone)
        self._clock = clock

    def _today(self) -> dt.date:
        return self._clock().astimezone(self._tz).date()

    def dashboard(self, period: Period, filters: StatsFilter | None = None) -> Dashboard:
        """Tiles and tables of ``period`` (local days, both included) for the visits that pass
        ``filters``; follow-ups open and overdue as of today."""
        self._access.require(Permission.VIEW_STATISTICS)
        filters = filters or StatsFilter()
        today = self._today()
        counts, names = self._read(period, filters, today, ALL_PARTS)
        return stats_tables.dashboard(counts, names, period, filters, today)

    def table(
        self, period: Period, grouping: Grouping, filters: StatsFilter | None = None
    ) -> StatTable:
        """One grouping's counts of ``period`` with labels in Finnish and English."""
        self._access.require(Permission.VIEW_STATISTICS)
        filters = filters or StatsFilter()
        counts, names = self._read(period, filters, self._today(), parts_for(grouping))
        return stats_tables.stat_table(counts, names, period, grouping, filters)

    def filter_choices(self) -> dict[str, list[tuple[str, str]]]:
        """(code, label in the UI language) for each filter of ``StatsFilter``, by field name:
        the actors, programmes and topics of the catalogue (merged topics under the topic they
        became) and the code lists of channels, visitor types and languages."""
        self._access.require(Permission.VIEW_STATISTICS)
        with self._uow() as uow:
            names = uow.stats.names()
        lang = ui_language()

        def named(texts: Mapping[str, Texts]) -> list[tuple[str, str]]:
            found = [(code, t.text(lang) or code) for code, t in texts.items()]
            return sorted(found, key=lambda item: item[1].casefold())

        return {
            "actors": named(names.actors),
            "programmes": named(names.programmes),
            "channels": [(c.value, label(c)) for c in VisitChannel],
            "visitor_types": [(v.value, label(v)) for v in VisitorType],
            "topics": [(code, t.text(lang) or code) for code, t in names.topics.items()],
            "languages": [(code, language_name(code)) for code in SERVICE_LANGUAGES],
        }

    def _read(
        self, period: Period, filters: StatsFilter, today: dt.date, parts: frozenset[CountPart]
    ) -> tuple[StatsCounts, StatsNames]:
        with self._uow() as uow:
            _check_topic_merges(uow)
            return uow.stats.counts(period, filters, today, parts), uow.stats.names()


def _check_topic_merges(uow: UnitOfWork) -> None:
    """Refuse to count when topics are merged in a circle (``DatabaseError`` naming them): the
    SQL would silently leave those topics' visits out."""
    links = uow.taxonomy.merge_links()
    resolve_merges(
        {topic_id: target for topic_id, (_code, target) in links.items()},
        {topic_id: code for topic_id, (code, _target) in links.items()},
    )
