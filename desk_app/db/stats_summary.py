"""The day summary ``visit_day_count``: the SQLite triggers that keep it in step with the visit
rows, and the rebuild from those rows.

Why triggers: a visit is written by the desk (Core inserts), corrected and deleted (ORM and Core),
bulk-inserted as demo data, cascaded away with its visit and folded by the retention purge; a
trigger sees every one of those writes, inside the same transaction, so the summary can never
drift from the rows, and no writer has to remember it. Each trigger adds (or subtracts) the
row's contribution with one upsert; a correction subtracts the old visit and adds the new one.

SQLite has no time zones, so a row's local day and hour come from ``stats_utc_offset``: the
offset in force at that instant (``local_time_sql``). ``offset_rows`` fills that table from the
tz database; ``summary_offsets_current`` tells whether it still agrees with it (a later tz
database that changes Finland's rules makes it stale, and the statistics then read the raw rows
until ``rebuild_summary`` is run).

Only SQLite gets triggers (like the audit trail's); on another database the statistics read the
raw rows. Migration 0008 installs ``TRIGGERS`` and runs ``rebuild_summary``; a later change to
either must ship as a new migration that drops and recreates them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import Connection, delete, insert, select

from desk_app.db.base import Base
from desk_app.db.models_aggregates import DAY_COLUMN_DIMENSIONS, SUMMARY_ZONE, VisitDayDimension
from desk_app.domain.stats import utc_offset_changes

D = VisitDayDimension
OFFSET_FIRST = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
OFFSET_END = dt.datetime(2101, 1, 1, tzinfo=dt.UTC)
FAR_BACK = dt.datetime(1, 1, 1, tzinfo=dt.UTC)
"""The first offset row starts here, so the lookup finds a row for any stored instant."""

_COLUMNS = tuple(d.value for d in DAY_COLUMN_DIMENSIONS)
_TARGET = "visit_day_count (dimension, day, desk, code, visits, visitors)"
_ADD = (
    "ON CONFLICT (dimension, day, desk, code) DO UPDATE SET "
    "visits = visits + excluded.visits, visitors = visitors + excluded.visitors"
)


def local_time_sql(column: str) -> str:
    """SQL for the local time (``YYYY-MM-DD HH:MM:SS``) of a stored UTC ``column``."""
    return (
        f"datetime({column}, (SELECT o.offset_seconds FROM stats_utc_offset AS o "
        f"WHERE o.starts_at <= {column} ORDER BY o.starts_at DESC LIMIT 1) || ' seconds')"
    )


def _upsert(select_sql: str) -> str:
    return f"INSERT INTO {_TARGET} {select_sql} {_ADD};"


def _own(row: str, sign: int) -> str:
    """A visit's own rows (hour, its coded columns, programme), if it counts."""
    dims = [f"SELECT '{D.HOUR}' AS dimension, NULL AS code"]
    dims += [f"SELECT '{c}', {row}.{c}" for c in _COLUMNS]
    dims.append(f"SELECT '{D.PROGRAMME}', coalesce({row}.programme_id, '')")
    return _upsert(
        f"SELECT d.dimension, substr(t.l, 1, 10), {row}.desk, "
        f"coalesce(d.code, substr(t.l, 12, 2)), {sign}, {sign} * {row}.visitor_count "
        f"FROM (SELECT {local_time_sql(f'{row}.occurred_at')} AS l) AS t, "
        f"({' UNION ALL '.join(dims)}) AS d WHERE {row}.deleted_at IS NULL"
    )


_LINKS = (
    # (dimension, table, code column)
    (D.TOPIC, "visit_topic", "topic_id"),
    (D.REFERRAL_SERVICE, "referral", "service_id"),
    (D.HANDOUT_LANG, "handout_print", "lang"),
)


def _children(row: str, sign: int) -> str:
    """The rows linked to a visit (topics, referrals, handouts), if it counts."""
    return " ".join(
        _upsert(
            f"SELECT '{dimension}', substr(t.l, 1, 10), {row}.desk, x.{code}, "
            f"{sign}, {sign} * {row}.visitor_count "
            f"FROM {table} AS x, (SELECT {local_time_sql(f'{row}.occurred_at')} AS l) AS t "
            f"WHERE x.visit_id = {row}.id AND {row}.deleted_at IS NULL"
        )
        for dimension, table, code in _LINKS
    )


def _linked(dimension: D, row: str, code: str, sign: int) -> str:
    """One linked row's contribution, counted on its visit's day if the visit counts; a handout
    without a visit counts on the day it was printed, under desk ''."""
    counted = (
        f"SELECT '{dimension}', substr({local_time_sql('v.occurred_at')}, 1, 10), v.desk, "
        f"{row}.{code}, {sign}, {sign} * v.visitor_count FROM visit AS v "
        f"WHERE v.id = {row}.visit_id AND v.deleted_at IS NULL"
    )
    if dimension is D.HANDOUT_LANG:
        counted += (
            f" UNION ALL SELECT '{dimension}', "
            f"substr({local_time_sql(f'{row}.printed_at')}, 1, 10), '', {row}.{code}, "
            f"{sign}, {sign} WHERE {row}.visit_id IS NULL"
        )
    return _upsert(counted)


_VISIT_COLUMNS = ("desk", "occurred_at", "deleted_at", "visitor_count", "programme_id", *_COLUMNS)
_LINK_COLUMNS = {
    "visit_topic": ("visit_id", "topic_id"),
    "referral": ("visit_id", "service_id"),
    "handout_print": ("visit_id", "lang", "printed_at"),
}


def _triggers() -> tuple[str, ...]:
    made = [
        "CREATE TRIGGER visit_day_count_visit_insert AFTER INSERT ON visit BEGIN "
        f"{_own('NEW', 1)} {_children('NEW', 1)} END",
        f"CREATE TRIGGER visit_day_count_visit_update AFTER UPDATE OF "
        f"{', '.join(_VISIT_COLUMNS)} ON visit BEGIN "
        f"{_own('OLD', -1)} {_children('OLD', -1)} {_own('NEW', 1)} {_children('NEW', 1)} END",
        # BEFORE: the cascade removes the linked rows after the visit, when their own triggers
        # no longer find it (and so add nothing); here they are still there to subtract.
        "CREATE TRIGGER visit_day_count_visit_delete BEFORE DELETE ON visit BEGIN "
        f"{_own('OLD', -1)} {_children('OLD', -1)} END",
    ]
    for dimension, table, code in _LINKS:
        name = f"visit_day_count_{table}"
        made += [
            f"CREATE TRIGGER {name}_insert AFTER INSERT ON {table} BEGIN "
            f"{_linked(dimension, 'NEW', code, 1)} END",
            f"CREATE TRIGGER {name}_update AFTER UPDATE OF {', '.join(_LINK_COLUMNS[table])} "
            f"ON {table} BEGIN "
            f"{_linked(dimension, 'OLD', code, -1)} {_linked(dimension, 'NEW', code, 1)} END",
            f"CREATE TRIGGER {name}_delete AFTER DELETE ON {table} BEGIN "
            f"{_linked(dimension, 'OLD', code, -1)} END",
        ]
    return tuple(made)


TRIGGERS: tuple[str, ...] = _triggers()
TRIGGER_NAMES: tuple[str, ...] = tuple(t.split()[2] for t in TRIGGERS)


def _rebuild_statements() -> tuple[str, ...]:
    columns = ", ".join(f"v.{c} AS {c}" for c in _COLUMNS)
    statements = [
        "DELETE FROM visit_day_count",
        "DROP TABLE IF EXISTS temp.stats_rebuild",
        # One pass over the visits works out every local time; the groupings read it back.
        "CREATE TEMP TABLE stats_rebuild AS SELECT v.id AS id, v.desk AS desk, "
        f"v.visitor_count AS visitor_count, {columns}, "
        "coalesce(v.programme_id, '') AS programme, "
        f"{local_time_sql('v.occurred_at')} AS l FROM visit AS v WHERE v.deleted_at IS NULL",
        "CREATE INDEX temp.stats_rebuild_id ON stats_rebuild (id)",
    ]
    own = [(D.HOUR.value, "substr(l, 12, 2)")]
    own += [(c, c) for c in _COLUMNS] + [(D.PROGRAMME.value, "programme")]
    for dimension, code in own:
        statements.append(
            f"INSERT INTO {_TARGET} SELECT '{dimension}', substr(l, 1, 10), desk, {code}, "
            "count(*), sum(visitor_count) FROM stats_rebuild GROUP BY 2, 3, 4"
        )
    for dimension, table, code in _LINKS:
        statements.append(
            f"INSERT INTO {_TARGET} SELECT '{dimension}', substr(s.l, 1, 10), s.desk, "
            f"x.{code}, count(*), sum(s.visitor_count) FROM {table} AS x "
            "JOIN stats_rebuild AS s ON s.id = x.visit_id GROUP BY 2, 3, 4"
        )
    statements += [
        _upsert(
            f"SELECT '{D.HANDOUT_LANG}', substr({local_time_sql('h.printed_at')}, 1, 10), '', "
            "h.lang, count(*), count(*) FROM handout_print AS h WHERE h.visit_id IS NULL "
            "GROUP BY 2, 4"
        ).rstrip(";"),
        "DROP TABLE temp.stats_rebuild",
    ]
    return tuple(statements)


REBUILD: tuple[str, ...] = _rebuild_statements()


def offset_rows(zone: str = SUMMARY_ZONE) -> list[dict[str, object]]:
    """The rows of ``stats_utc_offset`` for ``zone`` (1970–2100, plus one far back)."""
    changes = utc_offset_changes(zone, OFFSET_FIRST, OFFSET_END)
    rows = [{"starts_at": FAR_BACK, "offset_seconds": changes[0][1]}]
    rows += [{"starts_at": when, "offset_seconds": offset} for when, offset in changes]
    return rows


def summary_offsets_current(
    connection: Connection, changes: Sequence[tuple[dt.datetime, int]], end: dt.datetime
) -> bool:
    """Whether ``stats_utc_offset`` gives the offsets ``changes`` lists (``utc_offset_changes``
    over ``[changes[0][0], end)``): the same offset at the start and the same changes inside."""
    if not changes:
        return True
    first = changes[0][0]
    table = Base.metadata.tables["stats_utc_offset"]
    start_row = connection.execute(
        select(table.c.offset_seconds)
        .where(table.c.starts_at <= first)
        .order_by(table.c.starts_at.desc())
        .limit(1)
    ).scalar()
    inside = connection.execute(
        select(table.c.starts_at, table.c.offset_seconds)
        .where(table.c.starts_at > first, table.c.starts_at < end)
        .order_by(table.c.starts_at)
    ).all()
    return start_row == changes[0][1] and [(w, o) for w, o in inside] == list(changes[1:])


def rebuild_summary(connection: Connection, zone: str = SUMMARY_ZONE) -> None:
    """Refill ``stats_utc_offset`` from the tz database and recompute ``visit_day_count`` from
    the visit rows (SQLite; in the caller's transaction). Used by migration 0008 for existing
    databases and by tests that check the triggers against it."""
    table = Base.metadata.tables["stats_utc_offset"]
    connection.execute(delete(table))
    connection.execute(insert(table), offset_rows(zone))
    for statement in REBUILD:
        connection.exec_driver_sql(statement)
