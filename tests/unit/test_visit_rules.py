"""Rules of the visit record, checked without a database."""

import datetime as dt

import pytest

from desk_app.domain.codes import AgeBand, Gender, Outcome
from desk_app.domain.errors import ValidationError
from desk_app.domain.visit import MAX_BATCH, VisitDraft, VisitorBands

NOW = dt.datetime(2026, 11, 28, 10, 0, tzinfo=dt.UTC)


def test_a_visit_needs_a_topic():
    with pytest.raises(ValidationError) as err:
        VisitDraft(topic_codes=()).validated(NOW)
    assert err.value.field == "topics"


def test_topics_and_referrals_are_normalised_and_deduplicated():
    clean = VisitDraft(topic_codes=(" job", "JOB", "digi"), referral_codes=("kela-x", "KELA-X"))
    clean = clean.validated(NOW)
    assert clean.topic_codes == ("JOB", "DIGI")
    assert clean.referral_codes == ("KELA-X",)


def test_outcome_becomes_referred_when_services_were_added():
    assert VisitDraft(("JOB",), referral_codes=("A",)).validated(NOW).outcome is Outcome.REFERRED
    assert VisitDraft(("JOB",)).validated(NOW).outcome is Outcome.RESOLVED_AT_DESK
    chosen = VisitDraft(("JOB",), referral_codes=("A",), outcome=Outcome.APPOINTMENT_BOOKED)
    assert chosen.validated(NOW).outcome is Outcome.APPOINTMENT_BOOKED


def test_time_defaults_to_now_and_back_dating_is_allowed_within_a_year():
    assert VisitDraft(("JOB",)).validated(NOW).occurred_at == NOW
    earlier = NOW - dt.timedelta(days=3)
    assert VisitDraft(("JOB",), occurred_at=earlier).validated(NOW).occurred_at == earlier


@pytest.mark.parametrize(
    "when", [NOW + dt.timedelta(hours=1), NOW - dt.timedelta(days=400)], ids=["future", "old"]
)
def test_implausible_times_are_refused(when):
    with pytest.raises(ValidationError) as err:
        VisitDraft(("JOB",), occurred_at=when).validated(NOW)
    assert err.value.field == "occurred_at"


@pytest.mark.parametrize("count", [0, -1, MAX_BATCH + 1])
def test_batch_tally_must_be_plausible(count):
    with pytest.raises(ValidationError) as err:
        VisitDraft(("JOB",), visitor_count=count).validated(NOW)
    assert err.value.field == "visitor_count"


def test_bands_are_dropped_unless_the_visitor_agreed():
    bands = VisitorBands(gender=Gender.FEMALE, age_band=AgeBand.AGE_25_29)
    not_agreed = VisitDraft(("JOB",), bands=bands, bands_agreed=False).validated(NOW)
    assert not_agreed.bands.gender is Gender.NOT_STATED
    assert not_agreed.bands.age_band is AgeBand.NOT_STATED
    agreed = VisitDraft(("JOB",), bands=bands, bands_agreed=True).validated(NOW)
    assert agreed.bands.gender is Gender.FEMALE


def test_unknown_language_of_service_is_refused():
    with pytest.raises(ValidationError) as err:
        VisitDraft(("JOB",), language="xx").validated(NOW)
    assert err.value.field == "language"


def test_stored_strings_are_accepted_for_coded_fields_and_nonsense_is_named():
    clean = VisitDraft(("JOB",), channel="phone", outcome="referred").validated(NOW)  # type: ignore[arg-type]
    assert clean.channel.name == "PHONE" and clean.outcome is Outcome.REFERRED
    with pytest.raises(ValidationError) as err:
        VisitDraft(("JOB",), visitor_type="alien").validated(NOW)  # type: ignore[arg-type]
    assert err.value.field == "visitor_type"


def test_client_ids_are_version_7_uuids_in_time_order():
    import uuid

    from desk_app.domain.visit import new_id, uuid7

    first = uuid.UUID(new_id())
    assert first.version == 7 and first.variant == uuid.RFC_4122
    later = uuid7(2_000_000_000_000, 0)
    earlier = uuid7(1_000_000_000_000, (1 << 74) - 1)
    assert str(earlier) < str(later)  # text order follows time, whatever the random bits
    assert uuid.UUID(str(later)).version == 7


def test_the_time_check_the_intake_runs_while_typing_matches_the_save_rule():
    from desk_app.domain.visit import MAX_BACKDATE, check_occurred_at

    check_occurred_at(NOW - dt.timedelta(hours=2), NOW)
    check_occurred_at(NOW + dt.timedelta(minutes=4), NOW)  # a clock a little ahead is fine
    for when, message in (
        (NOW + dt.timedelta(hours=1), "The visit time is in the future."),
        (NOW - MAX_BACKDATE - dt.timedelta(minutes=1), "The visit time is more than a year ago."),
    ):
        with pytest.raises(ValidationError) as err:
            check_occurred_at(when, NOW)
        assert err.value.field == "occurred_at"
        assert str(err.value) == message


def test_a_back_dated_batch_tally_keeps_every_field():
    from desk_app.domain.codes import EuraEntry, HomeArea, Interpreter

    draft = VisitDraft(
        ("JOB",),
        interpreter=Interpreter.REMOTE,
        programme_code="ESF-X",
        occurred_at=NOW - dt.timedelta(hours=3),
        visitor_count=7,
        bands_agreed=True,
        bands=VisitorBands(home_area=HomeArea.KEMI),
        eura_entry=EuraEntry.OFFERED,
    )
    clean = draft.validated(NOW)
    assert clean.visitor_count == 7
    assert clean.occurred_at == NOW - dt.timedelta(hours=3)
    assert (clean.interpreter, clean.eura_entry) == (Interpreter.REMOTE, EuraEntry.OFFERED)
    assert clean.programme_code == "ESF-X"
    assert clean.bands.home_area is HomeArea.KEMI
