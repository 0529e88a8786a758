"""Visit use cases: record a visit (the desk's main write) and list the visits of a day.

Storing, replacing or removing a visitor's follow-up contact details writes an audit row in the
same transaction; when it cannot be written the visit with contact details is refused, while a
visit without them (the anonymous tally) never touches the audit trail.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from zoneinfo import ZoneInfo

from desk_app.domain.errors import NotFoundError, ValidationError
from desk_app.domain.followup import FollowUpRequest
from desk_app.domain.staff import StaffSession
from desk_app.domain.visit import VisitDraft, VisitRecord, new_id
from desk_app.i18n import _, ui_language
from desk_app.services import audit
from desk_app.services.dto import RecordedVisit
from desk_app.services.unit_of_work import UnitOfWork, UnitOfWorkFactory

log = logging.getLogger(__name__)

HELSINKI = ZoneInfo("Europe/Helsinki")


def record_visit(
    uow_factory: UnitOfWorkFactory,
    draft: VisitDraft,
    *,
    desk: str,
    now: dt.datetime | None = None,
    visit_id: str | None = None,
    tz: ZoneInfo = HELSINKI,
    follow_ups: Sequence[FollowUpRequest] = (),
    session: StaffSession | None = None,
) -> RecordedVisit:
    """Validate and store one visit (or a batch tally) with its topics and referrals, and the
    follow-ups (with consented contact details) asked for on some of those referrals.

    One short write transaction; on any error nothing is stored and the caller keeps its draft.
    """
    now = now or dt.datetime.now(dt.UTC)
    clean = draft.validated(now)
    assert clean.occurred_at is not None
    requests = _follow_up_requests(follow_ups, clean, now.astimezone(tz).date())
    visit_id = visit_id or new_id()
    with uow_factory(write=True) as uow:
        topic_ids, service_ids, programme_id = _resolve_codes(uow, clean, tz)
        referral_ids = uow.visits.add(
            clean,
            visit_id=visit_id,
            desk=desk,
            recorded_at=now,
            topic_ids=topic_ids,
            service_ids=list(service_ids.values()),
            programme_id=programme_id,
            follow_up_due={service_ids[code]: r.due for code, r in requests.items()},
        )
        for code, request in requests.items():
            if request.contact is not None:
                referral_id = referral_ids[service_ids[code]]
                uow.followups.add_contact(referral_id, request.contact, now)
                audit.record(uow, session, "contact.create", audit.CONTACT, referral_id)
        uow.commit()
    log.info("visit %s recorded (%d visitor(s))", visit_id, clean.visitor_count)
    return RecordedVisit(
        id=visit_id,
        occurred_at=clean.occurred_at,
        visitor_count=clean.visitor_count,
        referral_count=len(clean.referral_codes),
    )


def _follow_up_requests(
    follow_ups: Sequence[FollowUpRequest], clean: VisitDraft, today: dt.date
) -> dict[str, FollowUpRequest]:
    """The validated follow-up requests by service code; each needs a referral in the visit."""
    requests = {r.service_code: r for r in (f.validated(today) for f in follow_ups)}
    if clean.visitor_count > 1 and any(r.contact is not None for r in requests.values()):
        raise ValidationError(
            _(
                "Contact details belong to one visitor: record that visitor on their own, "
                "not in a group of {count}."
            ).format(count=clean.visitor_count),
            field="follow_up",
        )
    stray = [code for code in requests if code not in clean.referral_codes]
    if stray:
        raise ValidationError(
            _("A follow-up needs a referral to {code} in this visit.").format(
                code=", ".join(stray)
            ),
            field="follow_up",
        )
    return requests


def _resolve_codes(
    uow: UnitOfWork, clean: VisitDraft, tz: ZoneInfo
) -> tuple[list[str], dict[str, str], str | None]:
    """Topic ids, {service code: id} and the programme id of a validated draft.

    Unknown codes and services that are not available on the visit's day raise, naming them.
    """
    assert clean.occurred_at is not None
    visit_day = clean.occurred_at.astimezone(tz).date()
    programme_codes = [clean.programme_code] if clean.programme_code else []
    found = uow.catalogue.visit_codes(
        clean.topic_codes, clean.referral_codes, programme_codes, visit_day
    )
    unknown = [code for code in clean.topic_codes if code not in found.topic_ids]
    if unknown:
        raise ValidationError(
            _("Unknown topic: {codes}").format(codes=", ".join(unknown)), field="topics"
        )
    missing = [code for code in clean.referral_codes if code not in found.service_ids]
    if missing:
        raise NotFoundError(_("No service with the code {code}.").format(code=", ".join(missing)))
    if found.unavailable:
        (service,) = uow.catalogue.service_summaries(found.unavailable[:1])  # for the message
        raise ValidationError(
            _("{name} is not available (ended or not yet started); refer elsewhere.").format(
                name=service.name.text(ui_language())
            ),
            field="referrals",
        )
    programme_id = None
    if clean.programme_code:
        programme_id = found.programme_ids.get(clean.programme_code)
        if programme_id is None:
            raise ValidationError(
                _("Unknown programme: {code}").format(code=clean.programme_code),
                field="programme",
            )
    service_ids = {code: found.service_ids[code] for code in clean.referral_codes}
    return [found.topic_ids[c] for c in clean.topic_codes], service_ids, programme_id


def visit_draft(uow_factory: UnitOfWorkFactory, visit_id: str) -> VisitDraft:
    with uow_factory() as uow:
        draft = uow.visits.draft_of(visit_id)
    if draft is None:
        raise NotFoundError(_("The visit no longer exists."))
    return draft


def update_visit(
    uow_factory: UnitOfWorkFactory,
    visit_id: str,
    draft: VisitDraft,
    *,
    now: dt.datetime | None = None,
    tz: ZoneInfo = HELSINKI,
    follow_ups: Sequence[FollowUpRequest] = (),
    session: StaffSession | None = None,
) -> RecordedVisit:
    """Correct a stored visit (Today → Edit) in one write transaction; the entry time stays.

    Referrals that remain keep their follow-ups; removed ones go, with any contact details.
    ``follow_ups`` asks for (new) follow-ups on referrals of the corrected visit; a request with
    contact details replaces the referral's earlier ones.
    """
    now = now or dt.datetime.now(dt.UTC)
    clean = draft.validated(now)
    assert clean.occurred_at is not None
    requests = _follow_up_requests(follow_ups, clean, now.astimezone(tz).date())
    with uow_factory(write=True) as uow:
        topic_ids, service_ids, programme_id = _resolve_codes(uow, clean, tz)
        had_contact = _contact_referrals(uow, visit_id)
        if not uow.visits.update(
            visit_id,
            clean,
            updated_at=now,
            topic_ids=topic_ids,
            service_ids=list(service_ids.values()),
            programme_id=programme_id,
        ):
            raise NotFoundError(_("The visit no longer exists."))
        for code, request in requests.items():
            referral_id = uow.visits.request_follow_up(visit_id, service_ids[code], request.due)
            assert referral_id is not None  # the update just made sure the referral is there
            if request.contact is not None:
                uow.followups.delete_contacts([referral_id])
                uow.followups.add_contact(referral_id, request.contact, now)
                action = "contact.update" if referral_id in had_contact else "contact.create"
                audit.record(uow, session, action, audit.CONTACT, referral_id)
        for referral_id in sorted(had_contact - _contact_referrals(uow, visit_id)):
            audit.record(uow, session, "contact.delete", audit.CONTACT, referral_id)
        uow.commit()
    log.info("visit %s updated", visit_id)
    return RecordedVisit(
        id=visit_id,
        occurred_at=clean.occurred_at,
        visitor_count=clean.visitor_count,
        referral_count=len(clean.referral_codes),
    )


def delete_visit(
    uow_factory: UnitOfWorkFactory, visit_id: str, session: StaffSession | None = None
) -> None:
    """Remove one visit for good (its topics, referrals and any contact details go with it)."""
    with uow_factory(write=True) as uow:
        had_contact = _contact_referrals(uow, visit_id)
        if not uow.visits.delete(visit_id):
            raise NotFoundError(_("The visit no longer exists."))
        for referral_id in sorted(had_contact):
            audit.record(uow, session, "contact.delete", audit.CONTACT, referral_id)
        uow.commit()
    log.info("visit %s deleted", visit_id)


def _contact_referrals(uow: UnitOfWork, visit_id: str) -> set[str]:
    """The referrals of a visit that hold contact details (whose removal is audited)."""
    return {
        f.referral_id
        for f in uow.followups.listing(include_closed=True)
        if f.visit_id == visit_id and f.has_contact
    }


def day_bounds(day: dt.date, tz: ZoneInfo) -> tuple[dt.datetime, dt.datetime]:
    """The UTC instants where a local calendar day starts and ends (DST-safe)."""
    start = dt.datetime.combine(day, dt.time(0), tzinfo=tz)
    end = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(0), tzinfo=tz)
    return start.astimezone(dt.UTC), end.astimezone(dt.UTC)


TODAY_LIMIT = 1000
"""The Today list shows at most this many (newest) visits; a real day at Pointti sees tens."""


def visits_on(
    uow_factory: UnitOfWorkFactory, day: dt.date, tz: ZoneInfo, limit: int | None = TODAY_LIMIT
) -> list[VisitRecord]:
    start, end = day_bounds(day, tz)
    with uow_factory() as uow:
        return uow.visits.between(start, end, limit)
