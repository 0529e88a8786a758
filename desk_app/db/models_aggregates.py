"""Monthly counts of visits whose raw rows were removed by the retention purge.

One narrow table holds every dimension the statistics need, so a new dimension needs no schema
change: ``(month, desk, dimension, code) -> visits, visitors``.

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
"""

from __future__ import annotations

from enum import StrEnum

from sqlalchemy import CheckConstraint, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from desk_app.db.base import Base, enum_check


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
