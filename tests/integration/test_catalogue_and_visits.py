"""The vertical path on a real database: example catalogue → queries → record_visit → Today."""

import dataclasses
import datetime as dt
import sqlite3

import pytest

from desk_app.bootstrap import bootstrap
from desk_app.domain.codes import Outcome
from desk_app.domain.errors import NotFoundError, ValidationError
from desk_app.domain.visit import VisitDraft


def _count(db, table):
    with sqlite3.connect(db) as con:
        return con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def test_example_catalogue_is_loaded_once(data_dir):
    first = bootstrap(data_dir)
    first.close()
    assert first.seed.loaded and first.seed.counts["services"] >= 12
    db = data_dir / "pointti-desk.sqlite3"
    counts = {t: _count(db, t) for t in ("service", "service_text", "channel", "topic")}
    second = bootstrap(data_dir)
    second.close()
    assert not second.seed.loaded
    assert {t: _count(db, t) for t in counts} == counts


def test_every_service_has_finnish_texts_and_is_marked_as_example(ctx):
    services = ctx.desk.services()
    assert len(services) >= 12
    for service in services:
        assert (
            "fi" in service.name and "fi" in service.summary and "fi" in service.organisation_name
        )
        assert service.is_example


def test_ended_project_services_are_not_active(ctx):
    today = ctx.desk.today()
    ended = [s for s in ctx.desk.services() if s.has_ended(today)]
    assert ended, "the example keeps the ended ESF project"
    active_codes = {s.code for s in ctx.desk.active_services()}
    assert not active_codes & {s.code for s in ended}


def test_service_detail_has_channels_hours_and_programme(ctx):
    kela = next(s for s in ctx.desk.active_services() if s.organisation_code == "KELA")
    detail = ctx.desk.service(kela.code)
    assert detail.description.text("fi")
    assert detail.channels
    assert any(ch.hours for ch in detail.channels)
    assert detail.checked_on is not None
    ended = next(s for s in ctx.desk.services() if s.has_ended(ctx.desk.today()))
    assert ctx.desk.service(ended.code).programme.eura_code == "S22513"


def test_unknown_service_code(ctx):
    with pytest.raises(NotFoundError, match="NO-SUCH"):
        ctx.desk.service("NO-SUCH")


def test_record_visit_stores_topics_and_referrals(ctx):
    services = ctx.desk.active_services()[:2]
    recorded = ctx.desk.record_visit(
        VisitDraft(("JOB", "BENEFIT"), referral_codes=tuple(s.code for s in services))
    )
    (visit,) = ctx.desk.visits_today()
    assert visit.id == recorded.id
    assert visit.topic_codes == ("JOB", "BENEFIT")
    assert set(visit.referral_codes) == {s.code for s in services}
    assert visit.outcome is Outcome.REFERRED
    assert visit.desk == ctx.settings.desk_name
    db = ctx.paths.database
    assert _count(db, "referral") == 2 and _count(db, "visit_topic") == 2


def test_a_failed_save_writes_nothing(ctx):
    with pytest.raises(ValidationError):
        ctx.desk.record_visit(VisitDraft(("JOB", "NOT-A-TOPIC")))
    with pytest.raises(NotFoundError):
        ctx.desk.record_visit(VisitDraft(("JOB",), referral_codes=("NOT-A-SERVICE",)))
    assert _count(ctx.paths.database, "visit") == 0


def test_back_dated_visit_keeps_its_entry_time_and_leaves_today(ctx):
    yesterday = ctx.desk.now() - dt.timedelta(days=1, hours=1)
    ctx.desk.record_visit(VisitDraft(("JOB",), occurred_at=yesterday))
    assert ctx.desk.visits_today() == []
    with sqlite3.connect(ctx.paths.database) as con:
        occurred, recorded = con.execute("SELECT occurred_at, recorded_at FROM visit").fetchone()
    assert occurred < recorded


def test_batch_tally_counts_visitors(ctx):
    ctx.desk.record_visit(VisitDraft(("JOB",), visitor_count=7))
    (visit,) = ctx.desk.visits_today()
    assert visit.visitor_count == 7


def test_referring_to_an_ended_service_is_refused(ctx):
    ended = next(s for s in ctx.desk.services() if s.has_ended(ctx.desk.today()))
    with pytest.raises(ValidationError, match="not available"):
        ctx.desk.record_visit(VisitDraft(("JOB",), referral_codes=(ended.code,)))
    assert _count(ctx.paths.database, "visit") == 0


def test_a_failure_after_the_visit_row_is_written_rolls_everything_back(ctx, monkeypatch):
    from desk_app.db.repositories import CatalogueRepository

    real = CatalogueRepository.visit_codes
    service = ctx.desk.active_services()[0]

    def dangling_ids(self, *args):
        found = real(self, *args)
        dangling = {code: "no-such-service-id" for code in found.service_ids}
        return dataclasses.replace(found, service_ids=dangling)

    monkeypatch.setattr(CatalogueRepository, "visit_codes", dangling_ids)
    with pytest.raises(Exception, match="FOREIGN KEY"):
        ctx.desk.record_visit(VisitDraft(("JOB",), referral_codes=(service.code,)))
    db = ctx.paths.database
    assert (_count(db, "visit"), _count(db, "visit_topic"), _count(db, "referral")) == (0, 0, 0)


def test_a_visit_can_be_corrected_and_keeps_its_follow_ups(ctx):
    from desk_app.domain.codes import VisitChannel
    from desk_app.domain.followup import FollowUpRequest

    first, second, third = (s.code for s in ctx.desk.active_services()[:3])
    recorded = ctx.desk.record_visit(
        VisitDraft(("JOB",), referral_codes=(first, second)),
        follow_ups=[FollowUpRequest(first, ctx.desk.default_follow_up_due())],
    )
    draft = ctx.desk.visit_draft(recorded.id)
    assert draft.referral_codes == (first, second) and draft.topic_codes == ("JOB",)
    corrected = dataclasses.replace(
        draft,
        topic_codes=("BENEFIT", "HOUSING"),
        referral_codes=(first, third),
        channel=VisitChannel.PHONE,
        visitor_count=2,
    )
    ctx.desk.update_visit(recorded.id, corrected)
    (visit,) = ctx.desk.visits_today()
    assert visit.id == recorded.id
    assert visit.topic_codes == ("BENEFIT", "HOUSING")
    assert set(visit.referral_codes) == {first, third}
    assert visit.channel is VisitChannel.PHONE and visit.visitor_count == 2
    assert [f.service_code for f in ctx.desk.follow_ups()] == [first]  # kept


def test_correcting_a_deleted_visit_says_so(ctx):
    recorded = ctx.desk.record_visit(VisitDraft(("JOB",)))
    draft = ctx.desk.visit_draft(recorded.id)
    ctx.desk.delete_visit(recorded.id)
    with pytest.raises(NotFoundError):
        ctx.desk.update_visit(recorded.id, draft)
