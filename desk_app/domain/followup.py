"""Follow-ups of referrals, and the contact details a visitor may agree to leave for one.

A follow-up is a referral flagged to be checked later, with a due date. Contact details are the
exception in a system of anonymous visits: only with the visitor's explicit agreement, with a
purpose, and with an expiry date after which they are purged (the counts stay).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from desk_app.domain.codes import ReferralStatus
from desk_app.domain.errors import ValidationError
from desk_app.domain.text_input import clean_text
from desk_app.domain.texts import Texts
from desk_app.i18n import _

DEFAULT_DUE_DAYS = 14
DEFAULT_CONTACT_DAYS = 90
MAX_CONTACT_DAYS = 365
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PHONE = re.compile(r"^\+?[0-9][0-9 ()-]{4,19}$")

CLOSED_STATUSES = frozenset(
    {ReferralStatus.GOT_SERVICE, ReferralStatus.DID_NOT, ReferralStatus.UNKNOWN}
)


@dataclass(frozen=True)
class ContactDetails:
    """What the visitor agreed to leave; at least a phone number or an email address."""

    purpose: str
    expires_on: dt.date
    name: str = ""
    phone: str = ""
    email: str = ""

    def validated(self, today: dt.date) -> ContactDetails:
        clean = ContactDetails(
            purpose=clean_text(self.purpose, "purpose", multiline=True),
            expires_on=self.expires_on,
            name=clean_text(self.name, "name"),
            phone=clean_text(self.phone, "phone"),
            email=clean_text(self.email, "email"),
        )
        if not clean.phone and not clean.email:
            raise ValidationError(_("Give a phone number or an email address."), field="phone")
        if clean.phone and not _PHONE.match(clean.phone):
            raise ValidationError(_("The phone number does not look right."), field="phone")
        if clean.email and not _EMAIL.match(clean.email):
            raise ValidationError(_("The email address does not look right."), field="email")
        if not clean.purpose:
            raise ValidationError(_("Say what the contact details are for."), field="purpose")
        if not today < clean.expires_on <= today + dt.timedelta(days=MAX_CONTACT_DAYS):
            raise ValidationError(
                _("The contact details must expire within {days} days.").format(
                    days=MAX_CONTACT_DAYS
                ),
                field="expires_on",
            )
        return clean


@dataclass(frozen=True)
class FollowUpRequest:
    """Asked for when referring: check on this referral by ``due``."""

    service_code: str
    due: dt.date
    contact: ContactDetails | None = None

    def validated(self, today: dt.date) -> FollowUpRequest:
        if self.due < today:
            raise ValidationError(_("The follow-up date is in the past."), field="follow_up_due")
        contact = self.contact.validated(today) if self.contact is not None else None
        return FollowUpRequest(self.service_code.strip().upper(), self.due, contact)


@dataclass(frozen=True)
class FollowUp:
    """An open or closed follow-up as the Follow-ups list shows it."""

    referral_id: str
    visit_id: str
    visit_day: dt.date
    service_code: str
    service_name: Texts
    due: dt.date
    status: ReferralStatus
    note: str
    has_contact: bool

    def overdue(self, today: dt.date) -> bool:
        return self.status not in CLOSED_STATUSES and self.due < today

    @property
    def is_open(self) -> bool:
        return self.status not in CLOSED_STATUSES
