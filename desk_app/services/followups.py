"""Follow-up use cases: the open list (overdue first), status changes with a reason, and the
consented contact details, which closing a follow-up can delete at once.

Every view, change and deletion of contact details writes an audit row in the same transaction
(``desk_app.services.audit``); when that row cannot be written the access is refused.
"""

from __future__ import annotations

import datetime as dt
import logging

from desk_app.domain.codes import ReferralStatus
from desk_app.domain.errors import NotFoundError
from desk_app.domain.followup import CLOSED_STATUSES, ContactDetails, FollowUp
from desk_app.domain.staff import StaffSession
from desk_app.i18n import _
from desk_app.services import audit
from desk_app.services.unit_of_work import UnitOfWorkFactory

log = logging.getLogger(__name__)


def list_follow_ups(
    uow_factory: UnitOfWorkFactory, today: dt.date, include_closed: bool = False
) -> list[FollowUp]:
    """Follow-ups, overdue ones first, then by due date; closed ones last when included."""
    with uow_factory() as uow:
        items = uow.followups.listing(include_closed)
    return sorted(items, key=lambda f: (not f.is_open, not f.overdue(today), f.due))


def contact_for(
    uow_factory: UnitOfWorkFactory, referral_id: str, session: StaffSession | None = None
) -> ContactDetails | None:
    """A referral's contact details; the view is recorded in the audit trail before they are
    returned (a write transaction, so the read and its audit row are one unit)."""
    with uow_factory(write=True) as uow:
        contact = uow.followups.contact(referral_id)
        if contact is None:
            return None
        audit.record(uow, session, "contact.view", audit.CONTACT, referral_id)
        uow.commit()
    return contact


def set_follow_up_status(
    uow_factory: UnitOfWorkFactory,
    referral_id: str,
    status: ReferralStatus,
    note: str = "",
    *,
    delete_contact: bool = False,
    now: dt.datetime | None = None,
    session: StaffSession | None = None,
) -> bool:
    """Record what came of a referral; returns whether contact details were deleted."""
    now = now or dt.datetime.now(dt.UTC)
    deleted = 0
    with uow_factory(write=True) as uow:
        if not uow.followups.set_status(referral_id, status, note.strip(), now):
            raise NotFoundError(_("The follow-up no longer exists."))
        has_contact = uow.followups.contact(referral_id) is not None
        if delete_contact and status in CLOSED_STATUSES:
            deleted = uow.followups.delete_contacts([referral_id])
        if has_contact:  # the follow-up of a person who can be identified
            action = "contact.delete" if deleted else "contact.update"
            audit.record(uow, session, action, audit.CONTACT, referral_id)
        uow.commit()
    log.info("follow-up %s set to %s (contact deleted: %s)", referral_id, status, bool(deleted))
    return bool(deleted)
