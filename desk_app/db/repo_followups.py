"""Follow-up repository: referrals flagged for follow-up and their consented contact details.

Contact details are read one referral at a time (never listed in bulk), so a later audit trail can
log each view; closing a follow-up can delete them in the same transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from desk_app.db import models as m
from desk_app.db.models_catalogue import ServiceText
from desk_app.domain.codes import ReferralStatus
from desk_app.domain.followup import CLOSED_STATUSES, ContactDetails, FollowUp
from desk_app.domain.texts import Texts
from desk_app.domain.visit import new_id


class FollowUpRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add_contact(
        self, referral_id: str, contact: ContactDetails, agreed_at: dt.datetime
    ) -> None:
        expires = dt.datetime.combine(contact.expires_on, dt.time(23, 59), tzinfo=dt.UTC)
        self.session.add(
            m.FollowUpContact(
                id=new_id(),
                referral_id=referral_id,
                name=contact.name or None,
                phone=contact.phone or None,
                email=contact.email or None,
                purpose=contact.purpose,
                agreed_at=agreed_at,
                expires_at=expires,
                created_at=agreed_at,
            )
        )

    def listing(self, include_closed: bool = False) -> list[FollowUp]:
        query = (
            select(m.Referral, m.Visit.occurred_at, m.Service.code)
            .join(m.Visit, m.Visit.id == m.Referral.visit_id)
            .join(m.Service, m.Service.id == m.Referral.service_id)
            .where(m.Referral.follow_up.is_(True), m.Visit.deleted_at.is_(None))
            .order_by(m.Referral.follow_up_due, m.Referral.created_at)
        )
        if not include_closed:
            query = query.where(m.Referral.status.not_in([s.value for s in CLOSED_STATUSES]))
        rows = self.session.execute(query).all()
        referral_ids = [r.id for r, _, _ in rows]
        with_contact = set(
            self.session.scalars(
                select(m.FollowUpContact.referral_id).where(
                    m.FollowUpContact.referral_id.in_(referral_ids)
                )
            )
        )
        names: dict[str, dict[str, str]] = {}
        service_ids = {r.service_id for r, _, _ in rows}
        for service_id, lang, value in self.session.execute(
            select(ServiceText.service_id, ServiceText.lang, ServiceText.value).where(
                ServiceText.service_id.in_(service_ids), ServiceText.field == "name"
            )
        ):
            names.setdefault(service_id, {})[lang] = value
        return [
            FollowUp(
                referral_id=referral.id,
                visit_id=referral.visit_id,
                visit_day=occurred.date(),
                service_code=code,
                service_name=Texts(names.get(referral.service_id, {})),
                due=referral.follow_up_due or occurred.date(),
                status=ReferralStatus(referral.status),
                note=referral.status_note or "",
                has_contact=referral.id in with_contact,
            )
            for referral, occurred, code in rows
        ]

    def contact(self, referral_id: str) -> ContactDetails | None:
        row = self.session.scalar(
            select(m.FollowUpContact).where(m.FollowUpContact.referral_id == referral_id)
        )
        if row is None:
            return None
        return ContactDetails(
            purpose=row.purpose,
            expires_on=row.expires_at.date(),
            name=row.name or "",
            phone=row.phone or "",
            email=row.email or "",
        )

    def set_status(
        self, referral_id: str, status: ReferralStatus, note: str, when: dt.datetime
    ) -> bool:
        result = self.session.execute(
            update(m.Referral)
            .where(m.Referral.id == referral_id, m.Referral.follow_up.is_(True))
            .values(status=status.value, status_note=note or None, status_changed_at=when)
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]

    def delete_contacts(self, referral_ids: Sequence[str]) -> int:
        result = self.session.execute(
            delete(m.FollowUpContact).where(m.FollowUpContact.referral_id.in_(referral_ids))
        )
        return int(result.rowcount or 0)  # type: ignore[attr-defined]
