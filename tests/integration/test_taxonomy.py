"""Topics, organisations and programmes on a real database: add, rename, reorder, retire and
merge topics, and what statistics of earlier visits say afterwards; the admin forms' rules."""

import datetime as dt
import sqlite3

import pytest
from sqlalchemy import select

from desk_app.db.repo_taxonomy import visit_topics_current
from desk_app.domain.errors import DatabaseError, NotFoundError, ValidationError
from desk_app.domain.taxonomy_rules import (
    OrganisationDraft,
    ProgrammeDraft,
    TopicDraft,
    business_id_problem,
    resolve_merges,
)
from desk_app.domain.texts import Texts
from desk_app.domain.visit import VisitDraft
from desk_app.services.taxonomy import TaxonomyAdmin, current_topic_map


@pytest.fixture
def admin(ctx):
    return TaxonomyAdmin(ctx.uow, clock=ctx.desk.now, tz=ctx.desk.tz)


def visit(ctx, *topics, days_ago=0, visitors=1):
    when = ctx.desk.now() - dt.timedelta(days=days_ago, minutes=1)
    return ctx.desk.record_visit(
        VisitDraft(tuple(topics), occurred_at=when, visitor_count=visitors)
    )


def this_year(ctx):
    """From a year back to today: the window every test visit falls in."""
    today = ctx.desk.today()
    return today - dt.timedelta(days=365), today


def topic_rows(ctx):
    with sqlite3.connect(ctx.paths.database) as con:
        return con.execute("SELECT count(*) FROM topic").fetchone()[0]


def entry(admin, code):
    return next(t for t in admin.topics() if t.code == code)


# -- adding and renaming -----------------------------------------------------------------------


def test_a_new_topic_is_offered_last_with_its_labels(ctx, admin):
    code = admin.add_topic(
        TopicDraft(
            " pension ",
            Texts({"fi": "Eläkkeet", "sv": "Pensioner", "en": "Pensions"}),
            ptv_classes=("p10.6",),
        )
    )
    assert code == "PENSION"
    offered = ctx.desk.topics()
    assert offered[-1].code == "PENSION"
    assert offered[-1].label.text("sv") == "Pensioner"
    added = entry(admin, "PENSION")
    assert added.ptv_classes == ("P10.6",) and added.is_active
    visit(ctx, "PENSION")
    assert admin.topic_counts(*this_year(ctx)) == {"PENSION": 1}


@pytest.mark.parametrize(
    ("draft", "field"),
    [
        (TopicDraft("JOB", Texts({"fi": "Työ"})), "code"),  # the code is taken
        (TopicDraft("job", Texts({"fi": "Työ"})), "code"),  # whatever its case
        (TopicDraft("NEW TOPIC", Texts({"fi": "Uusi"})), "code"),
        (TopicDraft("NEW", Texts({"sv": "Ny", "en": "New"})), "label.fi"),
        (TopicDraft("NEW", Texts({"fi": "Uusi"}), ptv_classes=("10.1",)), "ptv_classes"),
        (TopicDraft("NEW", Texts({"fi": "x" * 201})), "label.fi"),
    ],
    ids=["taken", "taken-lower-case", "space", "no-finnish", "bad-ptv-class", "too-long"],
)
def test_a_bad_topic_is_refused_on_its_field_and_nothing_is_written(ctx, admin, draft, field):
    before = topic_rows(ctx)
    with pytest.raises(ValidationError) as error:
        admin.add_topic(draft)
    assert error.value.field == field
    assert topic_rows(ctx) == before


def test_renaming_keeps_the_code_and_the_visits_which_report_the_new_name(ctx, admin):
    visit(ctx, "DIGI", days_ago=300)
    visit(ctx, "DIGI", "JOB", days_ago=3)
    counts = admin.topic_counts(*this_year(ctx))
    assert admin.rename_topic(
        "digi", {"fi": "Digituki", "sv": "Digistöd", "en": ""}, ptv_classes=["P9.4", "P9.5"]
    )
    renamed = next(t for t in ctx.desk.topics() if t.code == "DIGI")
    assert renamed.label.text("fi") == "Digituki"
    assert "en" not in renamed.label  # emptied: removed, so English falls back to Finnish
    assert entry(admin, "DIGI").ptv_classes == ("P9.4", "P9.5")
    assert admin.topic_counts(*this_year(ctx)) == counts == {"DIGI": 2, "JOB": 1}
    assert not admin.rename_topic("DIGI", {"fi": "Digituki", "sv": "Digistöd"})  # no change


def test_renaming_refuses_an_empty_finnish_label_and_an_unknown_topic(admin):
    with pytest.raises(ValidationError) as error:
        admin.rename_topic("JOB", {"fi": "  ", "sv": "Jobb"})
    assert error.value.field == "label.fi"
    assert entry(admin, "JOB").label.text("fi") == "Työnhaku ja työpaikat"
    with pytest.raises(NotFoundError):
        admin.rename_topic("NO-SUCH", {"fi": "Ei"})


def test_reordering_changes_the_intake_order(ctx, admin):
    assert admin.move_topic("OTHER", -100)
    assert [t.code for t in ctx.desk.topics()][:2] == ["OTHER", "JOB"]
    assert not admin.move_topic("OTHER", -1)  # already first
    assert admin.move_topic("JOB", 1)
    assert [t.code for t in ctx.desk.topics()][:3] == ["OTHER", "JOBSEEKER", "JOB"]
    admin.reorder_topics(["YOUTH", "JOB"])
    assert [t.code for t in ctx.desk.topics()][:3] == ["YOUTH", "JOB", "OTHER"]
    with pytest.raises(NotFoundError):
        admin.reorder_topics(["NO-SUCH"])


# -- retiring ----------------------------------------------------------------------------------


def test_a_retired_topic_leaves_the_intake_but_old_visits_keep_it(ctx, admin):
    visit(ctx, "HOUSING", days_ago=40)
    visit(ctx, "HOUSING")
    assert admin.retire_topic("HOUSING")
    assert not admin.retire_topic("HOUSING")  # already retired
    assert "HOUSING" not in {t.code for t in ctx.desk.topics()}
    retired = entry(admin, "HOUSING")
    assert retired.retired_on == ctx.desk.today() and not retired.is_active
    assert ctx.desk.visits_today()[0].topic_codes == ("HOUSING",)
    assert admin.topic_counts(*this_year(ctx)) == {"HOUSING": 2}
    assert admin.unretire_topic("HOUSING")
    assert "HOUSING" in {t.code for t in ctx.desk.topics()}
    assert entry(admin, "HOUSING").retired_on is None


# -- merging -----------------------------------------------------------------------------------


def test_merging_counts_earlier_visits_under_the_target_and_keeps_totals(ctx, admin):
    visit(ctx, "JOBSEEKER", days_ago=350)  # last year
    visit(ctx, "JOBSEEKER", days_ago=200, visitors=3)  # a tally of three
    visit(ctx, "JOB", days_ago=100)
    visit(ctx, "JOB", "JOBSEEKER", days_ago=10)  # both: counted once under JOB after
    visit(ctx, "BENEFIT")
    before = admin.topic_counts(*this_year(ctx))
    assert before == {"JOBSEEKER": 5, "JOB": 2, "BENEFIT": 1}
    seeker_services = {s.code for s in ctx.desk.services() if "JOBSEEKER" in s.topic_codes}
    assert seeker_services

    preview = admin.merge_preview("JOBSEEKER", "JOB")
    assert preview.visits == 3  # visit rows about JOBSEEKER (a tally is one row)
    assert preview.services_moved + preview.services_already_linked == len(seeker_services)
    done = admin.merge_topic("JOBSEEKER", "JOB")
    assert done == preview

    after = admin.topic_counts(*this_year(ctx))
    assert after == {"JOB": 6, "BENEFIT": 1}
    # Every visit is still counted (the JOB+JOBSEEKER visit is one visit about one topic now).
    assert sum(after.values()) == sum(before.values()) - 1
    merged = entry(admin, "JOBSEEKER")
    assert merged.merged_into == "JOB" and merged.current_code == "JOB"
    assert merged.retired_on == ctx.desk.today() and merged.service_count == 0
    assert "JOBSEEKER" not in {t.code for t in ctx.desk.topics()}
    # Services moved to the target; visits kept what was recorded.
    for service in ctx.desk.services():
        assert "JOBSEEKER" not in service.topic_codes
        if service.code in seeker_services:
            assert "JOB" in service.topic_codes
    assert ctx.desk.visits_today()[0].topic_codes == ("BENEFIT",)
    with sqlite3.connect(ctx.paths.database) as con:
        (kept,) = con.execute(
            "SELECT count(*) FROM visit_topic JOIN topic ON topic.id = topic_id "
            "WHERE topic.code = 'JOBSEEKER'"
        ).fetchone()
    assert kept == 3


def test_renaming_and_merging_then_statistics_of_earlier_visits(ctx, admin):
    """The issue's check: rename a topic, merge another into it, count last year's visits."""
    visit(ctx, "START", days_ago=330)
    visit(ctx, "BUSDEV", days_ago=300)
    visit(ctx, "FUNDING", days_ago=250, visitors=2)
    admin.rename_topic("BUSDEV", {"fi": "Yrityspalvelut", "sv": "Företagstjänster"})
    admin.merge_topic("FUNDING", "BUSDEV")
    counts = admin.topic_counts(*this_year(ctx))
    assert counts == {"START": 1, "BUSDEV": 3}
    label = next(t for t in ctx.desk.topics() if t.code == "BUSDEV").label
    assert label.text("fi") == "Yrityspalvelut"


def test_chains_resolve_to_their_end(ctx, admin):
    visit(ctx, "MONEY", days_ago=90)
    visit(ctx, "HOUSING", days_ago=60)
    visit(ctx, "SOCIAL-HEALTH", days_ago=30)
    admin.merge_topic("MONEY", "HOUSING")
    admin.merge_topic("HOUSING", "SOCIAL-HEALTH")  # MONEY → HOUSING → SOCIAL-HEALTH
    assert admin.topic_counts(*this_year(ctx)) == {"SOCIAL-HEALTH": 3}
    assert entry(admin, "MONEY").merged_into == "HOUSING"
    assert entry(admin, "MONEY").current_code == "SOCIAL-HEALTH"
    with ctx.uow() as uow:
        mapping = current_topic_map(uow)
        ids = uow.catalogue.topic_ids(["MONEY", "HOUSING", "SOCIAL-HEALTH", "JOB"])
    assert mapping[ids["MONEY"]] == mapping[ids["HOUSING"]] == ids["SOCIAL-HEALTH"]
    assert mapping[ids["JOB"]] == ids["JOB"]


def test_the_sql_helper_maps_each_visit_topic_row_to_its_current_topic(ctx, admin):
    first = visit(ctx, "MONEY", days_ago=5)
    second = visit(ctx, "MONEY", "HOUSING", days_ago=4)
    admin.merge_topic("MONEY", "HOUSING")
    with ctx.uow() as uow:
        ids = uow.catalogue.topic_ids(["HOUSING"])
    pairs = visit_topics_current().subquery()
    with ctx.engine.connect() as con:
        rows = set(con.execute(select(pairs.c.visit_id, pairs.c.current_id)))
    assert rows == {(first.id, ids["HOUSING"]), (second.id, ids["HOUSING"])}


@pytest.mark.parametrize(
    ("source", "target", "prepare"),
    [
        ("JOB", "JOB", None),
        ("JOB", "DIGI", "retire DIGI"),
        ("JOB", "MONEY", "merge MONEY HOUSING"),
        ("MONEY", "JOB", "merge MONEY HOUSING"),
    ],
    ids=["into-itself", "into-retired", "into-merged", "merged-twice"],
)
def test_merges_that_make_no_sense_are_refused(ctx, admin, source, target, prepare):
    if prepare == "retire DIGI":
        admin.retire_topic("DIGI")
    elif prepare:
        admin.merge_topic("MONEY", "HOUSING")
    before = admin.topics()
    with pytest.raises(ValidationError) as error:
        admin.merge_topic(source, target)
    assert error.value.field == "merge_target"
    with pytest.raises(ValidationError):
        admin.merge_preview(source, target)
    assert admin.topics() == before


def test_a_merged_topic_cannot_be_brought_back(admin):
    admin.merge_topic("MONEY", "HOUSING")
    with pytest.raises(ValidationError):
        admin.unretire_topic("MONEY")
    assert entry(admin, "MONEY").merged_into == "HOUSING"


def test_a_cycle_in_the_data_is_reported_not_counted_silently(ctx, admin):
    visit(ctx, "MONEY")
    with sqlite3.connect(ctx.paths.database) as con:  # as a broken import might leave it
        con.execute(
            "UPDATE topic SET merged_into_id = (SELECT id FROM topic WHERE code = 'HOUSING') "
            "WHERE code = 'MONEY'"
        )
        con.execute(
            "UPDATE topic SET merged_into_id = (SELECT id FROM topic WHERE code = 'MONEY') "
            "WHERE code = 'HOUSING'"
        )
    with pytest.raises(DatabaseError, match=r"circle: (MONEY|HOUSING)"):
        admin.topic_counts(*this_year(ctx))
    with pytest.raises(DatabaseError), ctx.uow() as uow:
        current_topic_map(uow)
    # The admin list still opens, to show what happened.
    assert entry(admin, "MONEY").merged_into == "HOUSING"
    assert entry(admin, "MONEY").current_code == ""


def test_resolving_merges_follows_chains_and_refuses_cycles():
    assert resolve_merges({"a": "b", "b": "c", "c": None, "d": None}) == {
        "a": "c",
        "b": "c",
        "c": "c",
        "d": "d",
    }
    with pytest.raises(DatabaseError):
        resolve_merges({"a": "b", "b": "a"})
    with pytest.raises(DatabaseError):
        resolve_merges({"a": "gone"})


# -- organisations -----------------------------------------------------------------------------


def organisation(**changes):
    values = {
        "code": "YRITYS-KEMI",
        "kind": "association",
        "name": Texts({"fi": "Kemin Yrittäjät", "sv": "Kemi Företagare"}),
        "business_id": "0246246-0",
        "url": "https://www.example.fi/",
        "checked_on": dt.date(2026, 1, 5),
    }
    values.update(changes)
    return OrganisationDraft(**values)


def test_an_organisation_is_added_and_edited_with_its_code_kept(admin):
    assert admin.save_organisation(organisation(code="yritys-kemi"), new=True) == "YRITYS-KEMI"
    saved = next(o for o in admin.organisations() if o.code == "YRITYS-KEMI")
    assert saved.name.text("sv") == "Kemi Företagare" and saved.business_id == "0246246-0"
    admin.save_organisation(organisation(url=None, business_id="123456-2"), new=False)
    edited = next(o for o in admin.organisations() if o.code == "YRITYS-KEMI")
    assert edited.url is None and edited.business_id == "0123456-2"
    kela = next(o for o in admin.organisations() if o.code == "KELA")
    assert kela.service_count > 0


@pytest.mark.parametrize(
    ("changes", "new", "field"),
    [
        ({"code": "KELA"}, True, "code"),
        ({"name": Texts({"sv": "Bara svenska"})}, True, "name.fi"),
        ({"business_id": "0246246-1"}, True, "business_id"),
        ({"business_id": "246246"}, True, "business_id"),
        ({"url": "www.example.fi"}, True, "url"),
        ({"url": "ftp://example.fi"}, True, "url"),
        ({"kind": "club"}, True, "kind"),
        ({"checked_on": dt.date(2099, 1, 1)}, True, "checked_on"),
    ],
    ids=[
        "taken-code",
        "no-finnish",
        "check-digit",
        "business-id-format",
        "url-no-scheme",
        "url-ftp",
        "kind",
        "future-check",
    ],
)
def test_a_bad_organisation_is_refused_on_its_field(admin, changes, new, field):
    before = admin.organisations()
    with pytest.raises(ValidationError) as error:
        admin.save_organisation(organisation(**changes), new=new)
    assert error.value.field == field
    assert admin.organisations() == before


def test_editing_an_unknown_organisation_is_refused(admin):
    with pytest.raises(NotFoundError):
        admin.save_organisation(organisation(code="NO-SUCH"), new=False)


@pytest.mark.parametrize("good", ["0246246-0", "0210117-1", "0112038-9", "123456-2"])
def test_business_ids_with_a_right_check_digit_pass(good):
    assert business_id_problem(good) is None


# -- programmes --------------------------------------------------------------------------------


def programme(**changes):
    values = {
        "code": "YHDESSA",
        "organisation_code": "KEMI-CITY",
        "name": Texts({"fi": "Yhdessä eteenpäin", "en": "Forward together"}),
        "funding_source": "ESF+",
        "eura_code": "s30123",
        "valid_from": dt.date(2025, 1, 1),
        "valid_to": dt.date(2027, 12, 31),
    }
    values.update(changes)
    return ProgrammeDraft(**values)


def test_a_programme_is_added_and_edited(ctx, admin):
    admin.save_programme(programme(), new=True)
    saved = next(p for p in admin.programmes() if p.code == "YHDESSA")
    assert saved.eura_code == "S30123" and saved.organisation_code == "KEMI-CITY"
    assert "YHDESSA" in {p.code for p in ctx.desk.programmes()}  # running: offered for visits
    admin.save_programme(programme(valid_to=dt.date(2025, 6, 30)), new=False)
    assert "YHDESSA" not in {p.code for p in ctx.desk.programmes()}  # ended
    ended = next(p for p in admin.programmes() if p.code == "KORONASTA-KASVUUN")
    assert ended.valid_to == dt.date(2023, 7, 31)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"valid_to": dt.date(2024, 12, 31)}, "valid_to"),
        ({"code": "KORONASTA-KASVUUN"}, "code"),
        ({"name": Texts({"en": "Only English"})}, "name.fi"),
        ({"organisation_code": "NO-SUCH"}, "organisation"),
        ({"organisation_code": ""}, "organisation"),
        ({"eura_code": "ESF-123"}, "eura_code"),
        ({"funding_source": "x" * 121}, "funding_source"),
    ],
    ids=["end-before-start", "taken-code", "no-finnish", "unknown-org", "no-org", "eura", "long"],
)
def test_a_bad_programme_is_refused_on_its_field(admin, changes, field):
    before = admin.programmes()
    with pytest.raises(ValidationError) as error:
        admin.save_programme(programme(**changes), new=True)
    assert error.value.field == field
    assert admin.programmes() == before
