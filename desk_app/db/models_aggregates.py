"""Counts kept apart from the visit rows: the months the retention purge folded
(``visit_month_count``), and the day summary the statistics read (``visit_day_count``, with the
zone offsets its triggers use).

``visit_month_count``: monthly counts of visits whose raw rows were removed by the retention
purge. One narrow table holds every dimension the statistics need, so a new dimension needs no
schema change: ``(month, desk, dimension, code) -> visits, visitors``.

- ``month`` is the calendar month in local time (Europe/Helsinki), ``YYYY-MM``; the purge folds
  only whole months, so a month is either all raw rows or all aggregates.
- ``dimension`` names what ``code`` is (``VisitMonthDimension``): ``total`` (code ``""``), one of
  the visit's own coded columns (``channel``, ``visitor_type``, ``outcome``, ``language`` …),
  ``programme`` (programme id, ``""`` for none), ``topic`` (topic id, resolved to a code when
  reported), ``referral_service`` (service id), ``referral_status`` (follow-up status),
  ``handout_lang`` and ``handout_service``.
- For a visit's own columns every visit counts once, so each dimension's rows sum to the
  ``total`` row. For ``topic``, ``referral_*`` and ``handout_*`` ``visits`` counts the linked rows
  (a visit about two topics counts once under each), as the raw tables do.
- ``visitors`` sums ``visitor_count`` (a batch tally of five walk-ins is one visit, five visitors).

Handouts printed without a visit are folded under desk ``""`` by the month they were printed.
Months kept only here have no days or hours: the statistics count them in totals and in every
grouping by code or month, and say so where a table is by day, week, weekday or hour.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from sqlalchemy import CheckConstraint, Index, Integer, String, true
from sqlalchemy.orm import Mapped, mapped_column

from desk_app.db.base import Base, UtcDateTime, enum_check
from desk_app.db.models_visits import Referral


class VisitMonthDimension(StrEnum):
    TOTAL = "total"
    CHANNEL = "channel"
    VISITOR_TYPE = "visitor_type"
    OUTCOME = "outcome"
    LANGUAGE = "language"
    INTERPRETER = "interpreter"
    DURATION_BAND = "duration_band"
    GENDER = "gender"
    AGE_BAND = "age_band"
    LABOUR_STATUS = "labour_status"
    EDUCATION = "education"
    HOME_AREA = "home_area"
    FIRST_VISIT = "first_visit"
    EURA_ENTRY = "eura_entry"
    PROGRAMME = "programme"
    TOPIC = "topic"
    REFERRAL_SERVICE = "referral_service"
    REFERRAL_STATUS = "referral_status"
    HANDOUT_LANG = "handout_lang"
    HANDOUT_SERVICE = "handout_service"


VISIT_COLUMN_DIMENSIONS: tuple[VisitMonthDimension, ...] = (
    VisitMonthDimension.CHANNEL,
    VisitMonthDimension.VISITOR_TYPE,
    VisitMonthDimension.OUTCOME,
    VisitMonthDimension.LANGUAGE,
    VisitMonthDimension.INTERPRETER,
    VisitMonthDimension.DURATION_BAND,
    VisitMonthDimension.GENDER,
    VisitMonthDimension.AGE_BAND,
    VisitMonthDimension.LABOUR_STATUS,
    VisitMonthDimension.EDUCATION,
    VisitMonthDimension.HOME_AREA,
    VisitMonthDimension.FIRST_VISIT,
    VisitMonthDimension.EURA_ENTRY,
)
"""Dimensions that are a column of ``visit`` with the same name: one value per visit."""


class VisitMonthCount(Base):
    __tablename__ = "visit_month_count"
    __table_args__ = (
        enum_check("dimension", VisitMonthDimension),
        CheckConstraint("visits >= 0 AND visitors >= 0", name="counts_not_negative"),
    )

    month: Mapped[str] = mapped_column(String(7), primary_key=True)
    desk: Mapped[str] = mapped_column(String(60), primary_key=True)
    dimension: Mapped[str] = mapped_column(String(20), primary_key=True)
    code: Mapped[str] = mapped_column(String(60), primary_key=True)
    visits: Mapped[int] = mapped_column(Integer)
    visitors: Mapped[int] = mapped_column(Integer)


# -- the day summary the statistics read -------------------------------------------------------

SUMMARY_ZONE = "Europe/Helsinki"
"""The time zone whose local days and hours ``visit_day_count`` is kept in."""


class VisitDayDimension(StrEnum):
    """What ``visit_day_count.code`` is: only what the statistics screen and reports group by."""

    HOUR = "hour"  # code "00" … "23", local hour; a day's hours sum to its visits
    CHANNEL = "channel"
    VISITOR_TYPE = "visitor_type"
    OUTCOME = "outcome"
    LANGUAGE = "language"
    PROGRAMME = "programme"  # programme id, "" for none
    GENDER = "gender"
    AGE_BAND = "age_band"
    LABOUR_STATUS = "labour_status"
    EDUCATION = "education"
    TOPIC = "topic"  # topic id as recorded (resolved to the current topic when read)
    REFERRAL_SERVICE = "referral_service"  # service id; visits = referrals
    HANDOUT_LANG = "handout_lang"  # handout language; visits = handouts


DAY_COLUMN_DIMENSIONS: tuple[VisitDayDimension, ...] = (
    VisitDayDimension.CHANNEL,
    VisitDayDimension.VISITOR_TYPE,
    VisitDayDimension.OUTCOME,
    VisitDayDimension.LANGUAGE,
    VisitDayDimension.GENDER,
    VisitDayDimension.AGE_BAND,
    VisitDayDimension.LABOUR_STATUS,
    VisitDayDimension.EDUCATION,
)
"""Day dimensions that are a column of ``visit`` with the same name."""


class VisitDayCount(Base):
    """Counts per local day of the visits stored row by row: ``(dimension, day, desk, code) ->
    visits, visitors``, the same narrow shape as ``visit_month_count``.

    SQLite triggers on ``visit``, ``visit_topic``, ``referral`` and ``handout_print`` keep it in
    step with those rows in the same transaction as every write, whoever writes (the desk, bulk
    demo data, the purge, a repair in the sqlite3 shell); see ``desk_app.db.stats_summary``.
    Deleted visits (``deleted_at`` set) are not counted; demo visits are, like on the raw rows.
    ``day`` is the local calendar day (``SUMMARY_ZONE``) of ``occurred_at``, or of ``printed_at``
    for a handout printed without a visit (desk ``""``). There is no ``total`` row: a day's
    ``hour`` rows are its total (one row fewer to write for every visit), and so are its rows of
    any of the visit's own columns; ``topic``, ``referral_service`` and ``handout_lang`` count the
    linked rows, with ``visitors`` summing their visits' tallies.
    Rows whose visits went away stay at zero until the next rebuild.

    Keyed by dimension first, so a year's rows of one dimension are one index range; without a
    rowid, the key is the table.
    """

    __tablename__ = "visit_day_count"
    __table_args__ = (
        enum_check("dimension", VisitDayDimension),
        {"sqlite_with_rowid": False},
    )

    dimension: Mapped[str] = mapped_column(String(20), primary_key=True)
    day: Mapped[str] = mapped_column(String(10), primary_key=True)
    desk: Mapped[str] = mapped_column(String(60), primary_key=True)
    code: Mapped[str] = mapped_column(String(60), primary_key=True)
    visits: Mapped[int] = mapped_column(Integer)
    visitors: Mapped[int] = mapped_column(Integer)


class StatsUtcOffset(Base):
    """``SUMMARY_ZONE``'s offset from UTC (seconds) from each ``starts_at`` on: SQLite has no
    time zones, so the triggers look a row's local day up here. Filled from the tz database
    (1970–2100, and one row far back so every instant finds one); the statistics compare it with
    the tz database before trusting the summary, and ``rebuild_summary`` refreshes it."""

    __tablename__ = "stats_utc_offset"

    starts_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, primary_key=True)
    offset_seconds: Mapped[int] = mapped_column(Integer)


FOLLOW_UP_INDEX = Index(
    "ix_referral_follow_up",
    Referral.follow_up_due,
    sqlite_where=Referral.follow_up == true(),
    postgresql_where=Referral.follow_up == true(),
)
"""Just the referrals flagged for follow-up (a few among hundreds of thousands), so the
dashboard's open and overdue follow-ups of a period are found without walking its visits.
Declared here, with the statistics' other tables, although it indexes ``referral``."""
