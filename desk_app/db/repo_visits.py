"""Visit repository: writes and reads of visits, their topics and referrals.

Single visits use Core inserts (the desk's most frequent write, see bench/save.py); bulk demo data
uses the same tables with executemany.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from desk_app.db import models as m
from desk_app.db.base import Base
from desk_app.domain.codes import (
    AgeBand,
    DurationBand,
    Education,
    EuraEntry,
    FirstVisit,
    Gender,
    HomeArea,
    Interpreter,
    LabourStatus,
    Outcome,
    VisitChannel,
    VisitorType,
)
from desk_app.domain.visit import VisitDraft, VisitorBands, VisitRecord, new_id

_TABLES = Base.metadata.tables
"""Core tables, for inserts that skip the ORM's per-row bookkeeping."""
_INSERT_VISIT = insert(_TABLES["visit"])
_INSERT_VISIT_TOPIC = insert(_TABLES["visit_topic"])
_INSERT_REFERRAL = insert(_TABLES["referral"])


def _visit_values(draft: VisitDraft, programme_id: str | None) -> dict[str, Any]:
    """The visit columns that come from a draft (for inserts and corrections alike)."""
    bands = draft.bands
    assert draft.occurred_at is not None and draft.outcome is not None
    return {
        "occurred_at": draft.occurred_at,
        "channel": draft.channel.value,
        "visitor_type": draft.visitor_type.value,
        "outcome": draft.outcome.value,
        "language": draft.language,
        "interpreter": draft.interpreter.value,
        "duration_band": draft.duration.value,
        "programme_id": programme_id,
        "visitor_count": draft.visitor_count,
        "bands_agreed": draft.bands_agreed,
        "gender": bands.gender.value,
        "age_band": bands.age_band.value,
        "labour_status": bands.labour_status.value,
        "education": bands.education.value,
        "home_area": bands.home_area.value,
        "first_visit": bands.first_visit.value,
        "eura_entry": draft.eura_entry.value,
    }


class VisitRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(
        self,
        draft: VisitDraft,
        *,
        visit_id: str,
        desk: str,
        recorded_at: dt.datetime,
        topic_ids: Sequence[str],
        service_ids: Sequence[str],
        programme_id: str | None,
        follow_up_due: Mapping[str, dt.date] | None = None,
    ) -> dict[str, str]:
        """Insert the visit with its topics and referrals; returns {service id: referral id}.

        ``follow_up_due`` flags referrals (by service id) for follow-up by the given date.
        """
        assert draft.occurred_at is not None and draft.outcome is not None
        due = follow_up_due or {}
        # A Core insert: one statement, without the ORM's unit-of-work bookkeeping (it is the
        # desk's most frequent write; see bench/save.py).
        row = {
            "id": visit_id,
            "desk": desk,
            "recorded_at": recorded_at,
            "updated_at": recorded_at,
            "is_demo": False,
            **_visit_values(draft, programme_id),
        }
        connection = self.session.connection()
        connection.execute(_INSERT_VISIT, row)
        if topic_ids:
            connection.execute(
                _INSERT_VISIT_TOPIC,
                [{"visit_id": visit_id, "topic_id": t} for t in topic_ids],
            )
        referral_ids = {service_id: new_id() for service_id in service_ids}
        if referral_ids:
            connection.execute(
                _INSERT_REFERRAL,
                [
                    {
                        "id": referral_id,
                        "visit_id": visit_id,
                        "service_id": service_id,
                        "created_at": recorded_at,
                        "status": "referred",
                        "follow_up": service_id in due,
                        "follow_up_due": due.get(service_id),
                    }
                    for service_id, referral_id in referral_ids.items()
                ],
            )
        return referral_ids

    def draft_of(self, visit_id: str) -> VisitDraft | None:
        """A stored visit as a draft the intake form can show for editing."""
        visit = self.session.get(m.Visit, visit_id)
        if visit is None or visit.deleted_at is not None:
            return None
        topics = tuple(
            self.session.scalars(
                select(m.Topic.code)
                .join(m.VisitTopic, m.VisitTopic.topic_id == m.Topic.id)
                .where(m.VisitTopic.visit_id == visit_id)
                .order_by(m.Topic.sort_order)
            )
        )
        referrals = tuple(
            self.session.scalars(
                select(m.Service.code)
                .join(m.Referral, m.Referral.service_id == m.Service.id)
                .where(m.Referral.visit_id == visit_id)
                .order_by(m.Referral.created_at, m.Service.code)
            )
        )
        programme = (
            self.session.scalar(
                select(m.Programme.code).where(m.Programme.id == visit.programme_id)
            )
            if visit.programme_id
            else None
        )
        return VisitDraft(
            topic_codes=topics,
            channel=VisitChannel(visit.channel),
            visitor_type=VisitorType(visit.visitor_type),
            outcome=Outcome(visit.outcome),
            language=visit.language,
            interpreter=Interpreter(visit.interpreter),
            duration=DurationBand(visit.duration_band),
            referral_codes=referrals,
            programme_code=programme,
            occurred_at=visit.occurred_at,
            visitor_count=visit.visitor_count,
            bands_agreed=visit.bands_agreed,
            bands=VisitorBands(
                gender=Gender(visit.gender),
                age_band=AgeBand(visit.age_band),
                labour_status=LabourStatus(visit.labour_status),
                education=Education(visit.education),
                home_area=HomeArea(visit.home_area),
                first_visit=FirstVisit(visit.first_visit),
            ),
            eura_entry=EuraEntry(visit.eura_entry),
        )

    def update(
        self,
        visit_id: str,
        draft: VisitDraft,
        *,
        updated_at: dt.datetime,
        topic_ids: Sequence[str],
        service_ids: Sequence[str],
        programme_id: str | None,
    ) -> bool:
        """Replace a visit's facts; referrals still in the visit keep their follow-ups.

        Returns False when the visit does not exist.
        """
        assert draft.occurred_at is not None and draft.outcome is not None
        visit = self.session.get(m.Visit, visit_id)
        if visit is None or visit.deleted_at is not None:
            return False
        values = {"updated_at": updated_at, **_visit_values(draft, programme_id)}
        for key, value in values.items():
            setattr(visit, key, value)
        self.session.execute(delete(m.VisitTopic).where(m.VisitTopic.visit_id == visit_id))
        if topic_ids:
            self.session.execute(
                insert(m.VisitTopic), [{"visit_id": visit_id, "topic_id": t} for t in topic_ids]
            )
        existing = set(
            self.session.scalars(
                select(m.Referral.service_id).where(m.Referral.visit_id == visit_id)
            )
        )
        wanted = list(dict.fromkeys(service_ids))
        removed = existing - set(wanted)
        if removed:
            self.session.execute(
                delete(m.Referral).where(
                    m.Referral.visit_id == visit_id, m.Referral.service_id.in_(removed)
                )
            )
        added = [s for s in wanted if s not in existing]
        if added:
            self.session.execute(
                insert(m.Referral),
                [
                    {
                        "id": new_id(),
                        "visit_id": visit_id,
                        "service_id": service_id,
                        "created_at": updated_at,
                        "status": "referred",
                    }
                    for service_id in added
                ],
            )
        return True

    def request_follow_up(self, visit_id: str, service_id: str, due: dt.date) -> str | None:
        """Flag the visit's referral to ``service_id`` for follow-up by ``due``; its id, or None
        when the visit has no such referral."""
        referral = self.session.scalar(
            select(m.Referral).where(
                m.Referral.visit_id == visit_id, m.Referral.service_id == service_id
            )
        )
        if referral is None:
            return None
        referral.follow_up = True
        referral.follow_up_due = due
        return referral.id

    def between(
        self, start: dt.datetime, end: dt.datetime, limit: int | None = None
    ) -> list[VisitRecord]:
        """Visits with ``start <= occurred_at < end``, newest first (deleted ones left out),
        at most ``limit`` of them."""
        visits = list(
            self.session.scalars(
                select(m.Visit)
                .where(
                    m.Visit.occurred_at >= start,
                    m.Visit.occurred_at < end,
                    m.Visit.deleted_at.is_(None),
                )
                .order_by(m.Visit.occurred_at.desc())
                .limit(limit)
            )
        )
        ids = [v.id for v in visits]
        topics: dict[str, list[str]] = defaultdict(list)
        referrals: dict[str, list[str]] = defaultdict(list)
        if ids:
            for visit_id, code in self.session.execute(
                select(m.VisitTopic.visit_id, m.Topic.code)
                .join(m.Topic, m.Topic.id == m.VisitTopic.topic_id)
                .where(m.VisitTopic.visit_id.in_(ids))
                .order_by(m.Topic.sort_order)
            ):
                topics[visit_id].append(code)
            for visit_id, code in self.session.execute(
                select(m.Referral.visit_id, m.Service.code)
                .join(m.Service, m.Service.id == m.Referral.service_id)
                .where(m.Referral.visit_id.in_(ids))
                .order_by(m.Service.code)
            ):
                referrals[visit_id].append(code)
        return [
            VisitRecord(
                id=v.id,
                occurred_at=v.occurred_at,
                recorded_at=v.recorded_at,
                channel=VisitChannel(v.channel),
                visitor_type=VisitorType(v.visitor_type),
                outcome=Outcome(v.outcome),
                language=v.language,
                duration=DurationBand(v.duration_band),
                visitor_count=v.visitor_count,
                topic_codes=tuple(topics[v.id]),
                referral_codes=tuple(referrals[v.id]),
                desk=v.desk,
                is_demo=v.is_demo,
            )
            for v in visits
        ]

    def add_handouts(
        self,
        visit_id: str | None,
        service_ids: Sequence[str],
        *,
        kind: str,
        lang: str,
        printed_at: dt.datetime,
    ) -> bool:
        """Record one printed or saved handout per service (for statistics); False when the
        visit named does not exist (nothing is written)."""
        if visit_id is not None and self.session.get(m.Visit, visit_id) is None:
            return False
        rows = [
            {
                "id": new_id(),
                "visit_id": visit_id,
                "service_id": service_id,
                "kind": kind,
                "lang": lang,
                "printed_at": printed_at,
            }
            for service_id in service_ids
        ]
        if rows:
            self.session.connection().execute(insert(_TABLES["handout_print"]), rows)
        return True

    def handouts_of(self, visit_id: str) -> list[tuple[str, str, str]]:
        """(service code, kind, language) of every handout recorded on a visit, oldest first."""
        rows = self.session.execute(
            select(m.Service.code, m.HandoutPrint.kind, m.HandoutPrint.lang)
            .join(m.HandoutPrint, m.HandoutPrint.service_id == m.Service.id)
            .where(m.HandoutPrint.visit_id == visit_id)
            .order_by(m.HandoutPrint.printed_at, m.Service.code)
        )
        return [(code, kind, lang) for code, kind, lang in rows]

    def delete(self, visit_id: str) -> bool:
        """Remove a visit with its topics, referrals and handouts (cascade); False if absent."""
        result = self.session.execute(delete(m.Visit).where(m.Visit.id == visit_id))
        return bool(result.rowcount)  # type: ignore[attr-defined]

    def bulk_insert(
        self,
        visits: list[dict[str, Any]],
        topics: list[dict[str, Any]],
        referrals: list[dict[str, Any]],
    ) -> None:
        """Insert prepared rows with Core executemany (demo data, later imports)."""
        # Core inserts on the tables (not ORM bulk inserts, which add per-row ORM bookkeeping).
        connection = self.session.connection()
        for table, rows in (
            (_TABLES["visit"], visits),
            (_TABLES["visit_topic"], topics),
            (_TABLES["referral"], referrals),
        ):
            if rows:
                connection.execute(insert(table), rows)

    def delete_demo(self) -> int:
        result = self.session.execute(delete(m.Visit).where(m.Visit.is_demo.is_(True)))
        return int(result.rowcount or 0)  # type: ignore[attr-defined]
