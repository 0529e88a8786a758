"""A person's consented contact records, found by name, phone or email, for a subject request.

Contact records are few (only with the visitor's agreement, and each expires within a year), so
the finder reads the small index of every record and matches in Python: names are compared
without diacritics, which SQLite cannot do. Reading one person's records gathers what is stored
with them: the referral they were left for, its service and visit day. The access history is
read straight from ``audit_log``: the moment, action, record kind and result, never who acted.
Erasing deletes the records and the free-text note of their referrals in the caller's
transaction; the visit, the referral and their counts stay."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from desk_app.db import models as m
from desk_app.db.models_audit import AuditLog
from desk_app.db.models_catalogue import ServiceText

ContactIndexRow = tuple[str, str, str | None, str | None, str | None, dt.datetime, dt.datetime]
"""(record id, referral id, name, phone, email, agreed at, expires at)"""


class SubjectRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def contact_index(self) -> list[ContactIndexRow]:
        rows = self.session.execute(
            select(
                m.FollowUpContact.id,
                m.FollowUpContact.referral_id,
                m.FollowUpContact.name,
                m.FollowUpContact.phone,
                m.FollowUpContact.email,
                m.FollowUpContact.agreed_at,
                m.FollowUpContact.expires_at,
            ).order_by(m.FollowUpContact.agreed_at, m.FollowUpContact.id)
        ).all()
        return [(r[0], r[1], r[2], r[3], r[4], r[5], r[6]) for r in rows]

    def records(self, record_ids: Sequence[str]) -> list[dict[str, Any]]:
        """Everything stored with these contact records, one dict each, oldest first."""
        rows = self.session.execute(
            select(m.FollowUpContact, m.Referral, m.Service.code, m.Visit.occurred_at)
            .join(m.Referral, m.Referral.id == m.FollowUpContact.referral_id)
            .join(m.Service, m.Service.id == m.Referral.service_id)
            .join(m.Visit, m.Visit.id == m.Referral.visit_id)
            .where(m.FollowUpContact.id.in_(list(record_ids)))
            .order_by(m.FollowUpContact.agreed_at, m.FollowUpContact.id)
        ).all()
        service_ids = {referral.service_id for _, referral, _, _ in rows}
        names: dict[str, dict[str, str]] = {}
        for service_id, lang, value in self.session.execute(
            select(ServiceText.service_id, ServiceText.lang, ServiceText.value).where(
                ServiceText.service_id.in_(service_ids), ServiceText.field == "name"
            )
        ):
            names.setdefault(service_id, {})[lang] = value
        return [
            {
                "id": contact.id,
                "name": contact.name,
                "phone": contact.phone,
                "email": contact.email,
                "purpose": contact.purpose,
                "agreed_at": contact.agreed_at,
                "expires_at": contact.expires_at,
                "created_at": contact.created_at,
                "referral_id": referral.id,
                "service_code": code,
                "service_name": names.get(referral.service_id, {}),
                "visit_day": occurred_at,
                "referred_at": referral.created_at,
                "follow_up_due": referral.follow_up_due,
                "status": referral.status,
                "status_changed_at": referral.status_changed_at,
                "status_note": referral.status_note,
            }
            for contact, referral, code, occurred_at in rows
        ]

    def access_rows(self, record_ids: Sequence[str]) -> list[dict[str, Any]]:
        """Audit rows about these ids (contact or referral records), oldest first, without who
        acted: their moment, action, record kind and result."""
        if not record_ids:
            return []
        rows = self.session.execute(
            select(AuditLog.at, AuditLog.action, AuditLog.record_kind, AuditLog.result)
            .where(AuditLog.record_id.in_(list(record_ids)))
            .order_by(AuditLog.seq)
        ).all()
        return [
            {"at": at, "action": action, "record_kind": kind, "result": result}
            for at, action, kind, result in rows
        ]

    def erase(self, record_ids: Sequence[str]) -> list[str]:
        """Delete these contact records and their referrals' notes; returns the referral ids
        whose contact records were deleted."""
        ids = list(record_ids)
        referral_ids = list(
            self.session.scalars(
                select(m.FollowUpContact.referral_id).where(m.FollowUpContact.id.in_(ids))
            )
        )
        if referral_ids:
            self.session.execute(
                update(m.Referral).where(m.Referral.id.in_(referral_ids)).values(status_note=None)
            )
            self.session.execute(delete(m.FollowUpContact).where(m.FollowUpContact.id.in_(ids)))
        return referral_ids
