"""The staleness report on a real database: services not checked in N months (the
``stale_after_months`` setting) and translations written before their Finnish text changed."""

import datetime as dt
import json
import sqlite3

import pytest

from desk_app.domain.errors import ValidationError
from desk_app.domain.taxonomy_rules import OrganisationDraft
from desk_app.domain.texts import Texts
from desk_app.services.staleness import months_before, staleness_report
from desk_app.services.taxonomy import TaxonomyAdmin
from desk_app.settings import Settings, load_settings


def set_checked(ctx, values):
    """{service code: checked_on}; the code None sets every service."""
    with sqlite3.connect(ctx.paths.database) as con:
        for code, day in values.items():
            where, params = ("", ()) if code is None else (" WHERE code = ?", (code,))
            con.execute(f"UPDATE service SET checked_on = ?{where}", (day, *params))


def report(ctx, months=None):
    months = ctx.settings.stale_after_months if months is None else months
    return staleness_report(ctx.uow, ctx.desk.today(), months)


def active_codes(ctx):
    return [s.code for s in ctx.desk.active_services()]


def later_admin(ctx, minutes):
    """An admin whose clock runs ``minutes`` ahead, so its writes are clearly later."""
    return TaxonomyAdmin(
        ctx.uow, clock=lambda: ctx.desk.now() + dt.timedelta(minutes=minutes), tz=ctx.desk.tz
    )


def test_months_before_counts_calendar_months():
    assert months_before(dt.date(2026, 11, 28), 12) == dt.date(2025, 11, 28)
    assert months_before(dt.date(2026, 3, 31), 1) == dt.date(2026, 2, 28)
    assert months_before(dt.date(2026, 1, 15), 13) == dt.date(2024, 12, 15)


def test_a_service_checked_13_months_ago_is_listed_11_months_not(ctx):
    today = ctx.desk.today()
    old, recent, never, *_ = active_codes(ctx)
    set_checked(
        ctx,
        {
            None: today,
            old: months_before(today, 13),
            recent: months_before(today, 11),
            never: None,
        },
    )
    assert ctx.settings.stale_after_months == 12
    listed = report(ctx)
    assert [s.code for s in listed.services] == [never, old]  # never checked first
    assert listed.services[0].checked_on is None
    assert listed.services[1].checked_on == months_before(today, 13)
    assert listed.services[1].name.text("fi")
    assert listed.cutoff == months_before(today, 12)
    # The setting decides: ten months lists the eleven-month-old check as well.
    assert {s.code for s in report(ctx, months=10).services} == {never, old, recent}
    assert {s.code for s in report(ctx, months=24).services} == {never}


def test_ended_and_retired_services_need_no_check(ctx):
    set_checked(ctx, {None: None})
    listed = {s.code for s in report(ctx).services}
    today = ctx.desk.today()
    ended = {s.code for s in ctx.desk.services() if s.has_ended(today)}
    assert ended and not listed & ended
    assert listed == set(active_codes(ctx))


def test_the_example_catalogue_has_no_stale_translations(ctx):
    assert report(ctx).translations == ()


def test_a_finnish_label_changed_after_its_translations_makes_them_stale(ctx):
    later_admin(ctx, 5).rename_topic(
        "JOB",
        {"fi": "Työnhaku", "sv": "Jobbsökning och lediga jobb", "en": "Job search and vacancies"},
    )
    stale = report(ctx).translations
    assert [(t.owner_kind, t.code, t.field, t.lang) for t in stale] == [
        ("topic", "JOB", "label", "en"),
        ("topic", "JOB", "label", "sv"),
    ]
    assert all(t.finnish_updated > t.translation_updated for t in stale)
    assert stale[0].service_code is None
    # Updating the Swedish translation clears it; English stays stale.
    later_admin(ctx, 10).rename_topic(
        "JOB", {"fi": "Työnhaku", "sv": "Jobbsökning", "en": "Job search and vacancies"}
    )
    assert [(t.code, t.lang) for t in report(ctx).translations] == [("JOB", "en")]


def test_a_service_text_changed_in_finnish_only_is_listed_with_its_code(ctx):
    code = active_codes(ctx)[0]
    later = (dt.datetime.now(dt.UTC) + dt.timedelta(hours=1)).replace(tzinfo=None)
    with sqlite3.connect(ctx.paths.database) as con:  # as the service editor saves it
        con.execute(
            "UPDATE service_text SET value = value || ' Uutta.', updated_at = ? "
            "WHERE field = 'summary' AND lang = 'fi' "
            "AND service_id = (SELECT id FROM service WHERE code = ?)",
            (later.isoformat(sep=" "), code),
        )
    stale = report(ctx).translations
    assert {(t.owner_kind, t.code, t.field) for t in stale} == {("service", code, "summary")}
    assert {t.service_code for t in stale} == {code}
    assert {t.lang for t in stale} >= {"en"}
    with sqlite3.connect(ctx.paths.database) as con:
        con.execute(
            "UPDATE service_text SET updated_at = ? WHERE field = 'summary' AND lang != 'fi' "
            "AND service_id = (SELECT id FROM service WHERE code = ?)",
            ((later + dt.timedelta(minutes=1)).isoformat(sep=" "), code),
        )
    assert report(ctx).translations == ()


def test_an_organisation_name_edited_in_finnish_only_is_stale_in_swedish(ctx):
    kela = next(o for o in later_admin(ctx, 0).organisations() if o.code == "KELA")
    draft = OrganisationDraft(
        code="KELA",
        kind=kela.kind,
        name=Texts({**kela.name, "fi": "Kansaneläkelaitos Kela"}),
        description=kela.description,
        business_id=kela.business_id,
        url=kela.url,
        checked_on=kela.checked_on,
    )
    later_admin(ctx, 5).save_organisation(draft, new=False)
    stale = report(ctx).translations
    assert {(t.owner_kind, t.code, t.field) for t in stale} == {("organisation", "KELA", "name")}
    assert {t.lang for t in stale} == set(kela.name) - {"fi"}


def test_report_lines_name_both_lists(ctx):
    set_checked(ctx, {None: ctx.desk.today(), active_codes(ctx)[0]: None})
    later_admin(ctx, 5).rename_topic("DIGI", {"fi": "Digituki", "sv": "Digistöd och e-tjänster"})
    lines = report(ctx).report_lines()
    assert lines[0].startswith("Services not checked in 12 months")
    assert any(active_codes(ctx)[0] in line and "never checked" in line for line in lines)
    assert any(line.startswith("Translations older") and line.endswith(": 1") for line in lines)
    assert any("Topic DIGI, label, sv" in line for line in lines)


def test_months_out_of_range_are_refused(ctx):
    with pytest.raises(ValidationError):
        report(ctx, months=0)


# -- the setting -------------------------------------------------------------------------------


def test_the_setting_defaults_to_12_and_is_read_from_the_file(tmp_path):
    assert Settings().stale_after_months == 12
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"stale_after_months": 6}), encoding="utf-8")
    assert load_settings(path).stale_after_months == 6


@pytest.mark.parametrize("bad", [0, 121, True, "12"])
def test_an_unusable_setting_falls_back_to_the_default(tmp_path, bad):
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"stale_after_months": bad}), encoding="utf-8")
    assert load_settings(path).stale_after_months == 12
    assert len(list(tmp_path.glob("settings.json.broken-*"))) == 1
