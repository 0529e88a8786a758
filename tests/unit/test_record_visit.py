"""The record_visit use case against in-memory fakes: one write transaction, all or nothing."""

import datetime as dt

import pytest

from desk_app.domain.errors import NotFoundError, ValidationError
from desk_app.domain.visit import VisitDraft
from desk_app.services.visits import day_bounds, record_visit
from tests.unit.fakes import FakeStore

NOW = dt.datetime(2026, 11, 28, 10, 0, tzinfo=dt.UTC)


def test_a_visit_is_stored_with_topic_and_referral_ids_in_one_write():
    store = FakeStore()
    result = record_visit(
        store, VisitDraft(("JOB", "DIGI"), referral_codes=("KELA-X",)), desk="desk-1", now=NOW
    )
    assert store.commits == 1 and store.opened == [True]
    ((draft, kwargs),) = store.visits.stored
    assert draft.topic_codes == ("JOB", "DIGI")
    assert kwargs["topic_ids"] == ["t-job", "t-dig"]
    assert kwargs["service_ids"] == ["s-kela"]
    assert kwargs["desk"] == "desk-1" and kwargs["visit_id"] == result.id
    assert result.referral_count == 1 and result.occurred_at == NOW


def test_ids_are_client_generated_uuids_and_unique():
    store = FakeStore()
    ids = {record_visit(store, VisitDraft(("JOB",)), desk="d", now=NOW).id for _ in range(50)}
    assert len(ids) == 50 and all(len(i) == 36 for i in ids)


def test_unknown_topic_stores_nothing_and_names_the_code():
    store = FakeStore()
    with pytest.raises(ValidationError) as err:
        record_visit(store, VisitDraft(("NOPE",)), desk="d", now=NOW)
    assert "NOPE" in str(err.value)
    assert store.commits == 0 and store.visits.stored == []


def test_unknown_service_stores_nothing_and_names_the_code():
    store = FakeStore()
    with pytest.raises(NotFoundError) as err:
        record_visit(store, VisitDraft(("JOB",), referral_codes=("GONE",)), desk="d", now=NOW)
    assert "GONE" in str(err.value)
    assert store.visits.stored == []


def test_a_service_that_has_ended_cannot_be_referred_to():
    store = FakeStore()
    with pytest.raises(ValidationError) as err:
        record_visit(store, VisitDraft(("JOB",), referral_codes=("ENDED",)), desk="d", now=NOW)
    assert err.value.field == "referrals" and "ENDED" in str(err.value)
    assert store.visits.stored == []


def test_invalid_draft_never_opens_a_transaction():
    store = FakeStore()
    with pytest.raises(ValidationError):
        record_visit(store, VisitDraft(()), desk="d", now=NOW)
    assert store.opened == []


def test_local_day_bounds_follow_helsinki_time_across_dst():
    from zoneinfo import ZoneInfo

    tz = ZoneInfo("Europe/Helsinki")
    start, end = day_bounds(dt.date(2026, 10, 25), tz)  # clocks go back: a 25-hour day
    assert start == dt.datetime(2026, 10, 24, 21, 0, tzinfo=dt.UTC)
    assert end - start == dt.timedelta(hours=25)


def test_follow_up_with_consented_contact_is_attached_to_its_referral():
    from desk_app.domain.followup import ContactDetails, FollowUpRequest

    store = FakeStore()
    contact = ContactDetails(
        purpose="Check the benefit decision",
        expires_on=NOW.date() + dt.timedelta(days=90),
        phone="+358 40 123 4567",
    )
    request = FollowUpRequest("kela-x", NOW.date() + dt.timedelta(days=14), contact)
    record_visit(
        store,
        VisitDraft(("JOB",), referral_codes=("KELA-X",)),
        desk="d",
        now=NOW,
        follow_ups=[request],
    )
    ((_draft, kwargs),) = store.visits.stored
    assert kwargs["follow_up_due"] == {"s-kela": NOW.date() + dt.timedelta(days=14)}
    assert store.followups.contacts["r-s-kela"].phone == "+358 40 123 4567"


def test_follow_up_rules_are_checked_before_anything_is_written():
    from desk_app.domain.followup import ContactDetails, FollowUpRequest

    store = FakeStore()
    soon = NOW.date() + dt.timedelta(days=14)
    no_way_to_reach = ContactDetails(purpose="x", expires_on=soon)
    cases = [
        FollowUpRequest("KELA-X", NOW.date() - dt.timedelta(days=1)),  # due in the past
        FollowUpRequest("JOBS", soon),  # not referred in this visit
        FollowUpRequest("KELA-X", soon, no_way_to_reach),
        FollowUpRequest("KELA-X", soon, ContactDetails("x", soon, email="not-an-email")),
        FollowUpRequest("KELA-X", soon, ContactDetails(" ", soon, phone="040 1234567")),
    ]
    for request in cases:
        with pytest.raises(ValidationError):
            record_visit(
                store,
                VisitDraft(("JOB",), referral_codes=("KELA-X",)),
                desk="d",
                now=NOW,
                follow_ups=[request],
            )
    assert store.opened == [] and store.visits.stored == []


def test_a_group_tally_cannot_carry_one_persons_contact_details():
    from desk_app.domain.followup import ContactDetails, FollowUpRequest

    store = FakeStore()
    soon = NOW.date() + dt.timedelta(days=14)
    contact = ContactDetails("Ask how it went", soon, phone="040 1234567")
    group = VisitDraft(("JOB",), referral_codes=("KELA-X",), visitor_count=3)
    with pytest.raises(ValidationError, match="one visitor") as raised:
        record_visit(
            store, group, desk="d", now=NOW, follow_ups=[FollowUpRequest("KELA-X", soon, contact)]
        )
    assert raised.value.field == "follow_up"
    assert store.opened == [] and store.visits.stored == []
    # A follow-up without anyone's contact details is fine for a group.
    record_visit(store, group, desk="d", now=NOW, follow_ups=[FollowUpRequest("KELA-X", soon)])
    assert len(store.visits.stored) == 1
