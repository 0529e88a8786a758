"""Follow-ups on a real database: stored with the referral, overdue first, closed with a reason,
and the consented contact details kept apart and deletable at once."""

import datetime as dt
import sqlite3

import pytest

from desk_app.domain.codes import ReferralStatus
from desk_app.domain.errors import NotFoundError
from desk_app.domain.followup import ContactDetails, FollowUpRequest
from desk_app.domain.visit import VisitDraft


def _refer(ctx, code, due, contact=None):
    ctx.desk.record_visit(
        VisitDraft(("JOB",), referral_codes=(code,)),
        follow_ups=[FollowUpRequest(code, due, contact)],
    )


def test_follow_ups_are_listed_overdue_first_and_closed_ones_leave_the_list(ctx):
    today = ctx.desk.today()
    first, second = (s.code for s in ctx.desk.active_services()[:2])
    _refer(ctx, first, today + dt.timedelta(days=14))
    # A back-dated visit whose follow-up is already due yesterday.
    ctx.desk.record_visit(
        VisitDraft(
            ("JOB",), referral_codes=(second,), occurred_at=ctx.desk.now() - dt.timedelta(days=20)
        ),
        follow_ups=[FollowUpRequest(second, today)],
    )
    items = ctx.desk.follow_ups()
    assert [f.service_code for f in items] == [second, first]
    assert items[0].status is ReferralStatus.REFERRED

    ctx.desk.set_follow_up_status(items[0].referral_id, ReferralStatus.CONTACTED, "left a message")
    assert ctx.desk.follow_ups()[0].note == "left a message"
    ctx.desk.set_follow_up_status(items[0].referral_id, ReferralStatus.GOT_SERVICE, "started")
    assert [f.service_code for f in ctx.desk.follow_ups()] == [first]
    closed = [f for f in ctx.desk.follow_ups(include_closed=True) if not f.is_open]
    assert [(f.service_code, f.status) for f in closed] == [(second, ReferralStatus.GOT_SERVICE)]


def test_contact_details_are_stored_apart_and_deleted_when_closing(ctx):
    today = ctx.desk.today()
    code = ctx.desk.active_services()[0].code
    contact = ContactDetails(
        purpose="Ask whether the appointment happened",
        expires_on=ctx.desk.default_contact_expiry(),
        name="Maija",
        phone="040 1234567",
    )
    _refer(ctx, code, ctx.desk.default_follow_up_due(), contact)
    (item,) = ctx.desk.follow_ups()
    assert item.has_contact and item.due == today + dt.timedelta(days=14)
    assert ctx.desk.follow_up_contact(item.referral_id).phone == "040 1234567"
    with sqlite3.connect(ctx.paths.database) as con:
        visit_columns = " ".join(row[1] for row in con.execute("PRAGMA table_info(visit)"))
        assert "phone" not in visit_columns and "name" not in visit_columns
        assert con.execute("SELECT count(*) FROM follow_up_contact").fetchone() == (1,)

    deleted = ctx.desk.set_follow_up_status(
        item.referral_id, ReferralStatus.DID_NOT, "no time", delete_contact=True
    )
    assert deleted
    assert ctx.desk.follow_up_contact(item.referral_id) is None
    with sqlite3.connect(ctx.paths.database) as con:
        assert con.execute("SELECT count(*) FROM follow_up_contact").fetchone() == (0,)
        assert con.execute("SELECT count(*) FROM referral").fetchone() == (1,)  # counts stay


def test_unknown_follow_up(ctx):
    with pytest.raises(NotFoundError):
        ctx.desk.set_follow_up_status("nope", ReferralStatus.UNKNOWN)
