"""Retention on a real database: what is purged and what is kept at each boundary, monthly
aggregates that equal the raw counts, a dry run that changes nothing, and the CLI."""

import datetime as dt
import os
import random
import sqlite3
import subprocess
import sys
from collections import Counter
from zoneinfo import ZoneInfo

import pytest

from desk_app.domain.codes import ReferralStatus, VisitChannel, VisitorType
from desk_app.domain.followup import ContactDetails, FollowUpRequest
from desk_app.domain.visit import VisitDraft
from desk_app.services.retention import (
    month_start,
    plan_purge,
    purge,
    seconds_until_next_daily_purge,
)
from desk_app.settings import Settings

HELSINKI = ZoneInfo("Europe/Helsinki")


def _sql_time(when):
    """A time as the app stores it (naive UTC, always with microseconds)."""
    return when.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


def _follow_up(ctx, *, contact=True):
    """A visit with one referral flagged for follow-up (and contact details); its referral id."""
    code = ctx.desk.active_services()[0].code
    details = ContactDetails(
        purpose="Ask how it went",
        expires_on=ctx.desk.default_contact_expiry(),
        name="Testi",
        phone="040 1234567",
    )
    ctx.desk.record_visit(
        VisitDraft(("JOB",), referral_codes=(code,)),
        follow_ups=[
            FollowUpRequest(code, ctx.desk.default_follow_up_due(), details if contact else None)
        ],
    )
    with sqlite3.connect(ctx.paths.database) as con:
        (referral_id,) = con.execute(
            "SELECT id FROM referral ORDER BY rowid DESC LIMIT 1"
        ).fetchone()
    return referral_id


def _set(ctx, sql, *params):
    with sqlite3.connect(ctx.paths.database) as con:
        con.execute(sql, params)


def _expire_at(ctx, referral_id, when):
    _set(
        ctx,
        "UPDATE follow_up_contact SET agreed_at = ?, expires_at = ? WHERE referral_id = ?",
        _sql_time(when - dt.timedelta(days=30)),
        _sql_time(when),
        referral_id,
    )


def _contact_referrals(ctx):
    with sqlite3.connect(ctx.paths.database) as con:
        return {row[0] for row in con.execute("SELECT referral_id FROM follow_up_contact")}


def test_contacts_go_90_days_after_closing_or_at_expiry(ctx):
    now = ctx.desk.now()
    closed = {days: _follow_up(ctx) for days in (89, 90, 91)}
    for days, referral_id in closed.items():
        ctx.desk.set_follow_up_status(referral_id, ReferralStatus.GOT_SERVICE)
        _set(
            ctx,
            "UPDATE referral SET status_changed_at = ? WHERE id = ?",
            _sql_time(now - dt.timedelta(days=days)),
            referral_id,
        )
    open_old = _follow_up(ctx)  # open, 200 days old, not expired: kept
    _set(
        ctx,
        "UPDATE referral SET created_at = ? WHERE id = ?",
        _sql_time(now - dt.timedelta(days=200)),
        open_old,
    )
    expired, not_yet = _follow_up(ctx), _follow_up(ctx)  # open ones: only the expiry counts
    _expire_at(ctx, expired, now - dt.timedelta(minutes=1))
    _expire_at(ctx, not_yet, now + dt.timedelta(minutes=1))

    plan = plan_purge(ctx.uow, now, ctx.settings, paths=ctx.paths)
    assert plan.dry_run and plan.contacts == 3
    report = purge(ctx.uow, now, ctx.settings, paths=ctx.paths)
    assert report.contacts == 3
    assert _contact_referrals(ctx) == {closed[89], open_old, not_yet}
    # The follow-ups themselves (and their statuses) stay for the statistics.
    assert len(ctx.desk.follow_ups(include_closed=True)) == 6


def test_notes_are_cleared_after_30_days(ctx):
    now = ctx.desk.now()
    notes = {}
    for days in (29, 30, 31):
        referral_id = _follow_up(ctx, contact=False)
        ctx.desk.set_follow_up_status(referral_id, ReferralStatus.CONTACTED, f"note {days}")
        _set(
            ctx,
            "UPDATE referral SET status_changed_at = ? WHERE id = ?",
            _sql_time(now - dt.timedelta(days=days)),
            referral_id,
        )
        notes[days] = referral_id
    report = purge(ctx.uow, now, ctx.settings)
    assert report.notes == 2 and report.contacts == 0
    with sqlite3.connect(ctx.paths.database) as con:
        kept = dict(con.execute("SELECT id, status_note FROM referral"))
    assert kept == {notes[29]: "note 29", notes[30]: None, notes[31]: None}
    # The status itself stays.
    assert {f.status for f in ctx.desk.follow_ups()} == {ReferralStatus.CONTACTED}


def _visit(
    ctx,
    occurred,
    *,
    topics=("JOB",),
    services=0,
    channel=VisitChannel.WALK_IN,
    visitor_type=VisitorType.INDIVIDUAL,
    count=1,
    language="fi",
):
    codes = tuple(s.code for s in ctx.desk.active_services()[:services])
    recorded = ctx.desk.record_visit(
        VisitDraft(
            topics,
            referral_codes=codes,
            channel=channel,
            visitor_type=visitor_type,
            visitor_count=count,
            language=language,
        )
    )
    _set(ctx, "UPDATE visit SET occurred_at = ? WHERE id = ?", _sql_time(occurred), recorded.id)
    return recorded.id


def test_visits_older_than_24_whole_months_are_folded(ctx):
    now = dt.datetime(2026, 11, 15, 10, 0, tzinfo=dt.UTC)
    young = _visit(ctx, dt.datetime(2024, 12, 20, 9, 0, tzinfo=dt.UTC))  # 23 months old
    old = _visit(ctx, dt.datetime(2024, 10, 10, 9, 0, tzinfo=dt.UTC), services=1)  # 25 months
    # The cutoff is the start of November 2024 in Helsinki, which is 22:00 UTC the day before.
    cutoff = month_start(now, HELSINKI, -24)
    assert cutoff == dt.datetime(2024, 10, 31, 22, 0, tzinfo=dt.UTC)
    _visit(ctx, cutoff - dt.timedelta(minutes=1))  # local 31 Oct 23:59: folded
    edge_out = _visit(ctx, cutoff)  # local 1 Nov 00:00: kept
    with ctx.uow(write=True) as uow:
        service_id = uow.catalogue.service_ids([ctx.desk.active_services()[0].code])
        sid = next(iter(service_id.values()))
        uow.visits.add_handouts(old, [sid], kind="referral", lang="ar", printed_at=now)
        uow.commit()

    plan = plan_purge(ctx.uow, now, ctx.settings)
    assert plan.visits == 2
    report = purge(ctx.uow, now, ctx.settings)
    assert report.visits == 2 and report.aggregate_rows > 0
    with sqlite3.connect(ctx.paths.database) as con:
        assert {r[0] for r in con.execute("SELECT id FROM visit")} == {young, edge_out}
        assert con.execute("SELECT count(*) FROM referral").fetchone() == (0,)
        assert con.execute("SELECT count(*) FROM handout_print").fetchone() == (0,)
        totals = dict(
            con.execute(
                "SELECT month, visits FROM visit_month_count WHERE dimension = 'total'"
            ).fetchall()
        )
        langs = con.execute(
            "SELECT code, visits FROM visit_month_count WHERE dimension = 'handout_lang'"
        ).fetchall()
    # 23:59 local on 31 October is October (in UTC it is already 1 November).
    assert totals == {"2024-10": 2}
    assert langs == [("ar", 1)]
    # A second purge finds nothing more and leaves the counts as they are.
    again = purge(ctx.uow, now, ctx.settings)
    assert again.visits == 0


VISIT_DIMENSIONS = (
    "channel",
    "visitor_type",
    "outcome",
    "language",
    "interpreter",
    "duration_band",
    "gender",
    "age_band",
    "labour_status",
    "education",
    "home_area",
    "first_visit",
    "eura_entry",
)


def _raw_counts(con):
    """{(dimension, month, desk, code): (visits, visitors)} computed from the raw rows."""
    counts: Counter = Counter()
    people: Counter = Counter()
    visits = {}
    columns = ", ".join(VISIT_DIMENSIONS)
    for row in con.execute(
        f"SELECT id, occurred_at, desk, visitor_count, programme_id, {columns} FROM visit"
    ):
        vid, occurred, desk, n, programme, *values = row
        month = (
            dt.datetime.fromisoformat(occurred).replace(tzinfo=dt.UTC).astimezone(HELSINKI)
        ).strftime("%Y-%m")
        visits[vid] = (month, desk, n)
        pairs = [("total", ""), ("programme", programme or "")]
        for dim, code in [*pairs, *zip(VISIT_DIMENSIONS, values, strict=True)]:
            counts[(dim, month, desk, code)] += 1
            people[(dim, month, desk, code)] += n
    linked = [
        ("topic", "SELECT visit_id, topic_id FROM visit_topic"),
        ("referral_service", "SELECT visit_id, service_id FROM referral"),
        ("referral_status", "SELECT visit_id, status FROM referral"),
        ("handout_lang", "SELECT visit_id, lang FROM handout_print"),
        ("handout_service", "SELECT visit_id, service_id FROM handout_print"),
    ]
    for dim, sql in linked:
        for vid, code in con.execute(sql):
            month, desk, n = visits[vid]
            counts[(dim, month, desk, code)] += 1
            people[(dim, month, desk, code)] += n
    return {key: (counts[key], people[key]) for key in counts}


def test_aggregates_equal_the_raw_counts_per_month_and_dimension(ctx):
    rng = random.Random(7)
    now = ctx.desk.now()
    services = ctx.desk.active_services()
    topics = [t.code for t in ctx.desk.topics()]
    for i in range(40):
        occurred = now - dt.timedelta(days=rng.randint(800, 1300), minutes=rng.randint(0, 1440))
        vid = _visit(
            ctx,
            occurred,
            topics=tuple(rng.sample(topics, rng.randint(1, 3))),
            services=rng.randint(0, 2),
            channel=rng.choice(list(VisitChannel)),
            visitor_type=rng.choice(list(VisitorType)),
            count=rng.choice([1, 1, 1, 4]),
            language=rng.choice(["fi", "en", "sv"]),
        )
        if i % 5 == 0:
            with ctx.uow(write=True) as uow:
                ids = uow.catalogue.service_ids([services[i % len(services)].code])
                uow.visits.add_handouts(
                    vid,
                    list(ids.values()),
                    kind="referral",
                    lang=rng.choice(["fi", "uk"]),
                    printed_at=now,
                )
                uow.commit()
    with sqlite3.connect(ctx.paths.database) as con:
        raw = _raw_counts(con)
    report = purge(ctx.uow, now, ctx.settings)
    assert report.visits == 40
    with sqlite3.connect(ctx.paths.database) as con:
        assert con.execute("SELECT count(*) FROM visit").fetchone() == (0,)
        folded = {
            (dim, month, desk, code): (n, people)
            for month, desk, dim, code, n, people in con.execute(
                "SELECT month, desk, dimension, code, visits, visitors FROM visit_month_count"
            )
        }
    assert folded == raw
    # Every single-valued dimension sums to the total, month by month.
    totals = {k[1:3]: v for k, v in folded.items() if k[0] == "total"}
    for dim in (*VISIT_DIMENSIONS, "programme"):
        sums: Counter = Counter()
        for (d, month, desk, _), (n, _people) in folded.items():
            if d == dim:
                sums[(month, desk)] += n
        assert sums == Counter({k: v[0] for k, v in totals.items()}), dim


def test_dry_run_changes_nothing(ctx):
    now = ctx.desk.now()
    referral_id = _follow_up(ctx)
    ctx.desk.set_follow_up_status(referral_id, ReferralStatus.DID_NOT, "no time")
    _visit(ctx, now - dt.timedelta(days=900))
    before = ctx.paths.database.read_bytes()
    later = now + dt.timedelta(days=800)
    plan = plan_purge(ctx.uow, later, ctx.settings, paths=ctx.paths)
    assert (plan.contacts, plan.notes, plan.visits) == (1, 1, 2)
    assert plan.report_lines() and all(
        "Testi" not in line and "040" not in line for line in plan.report_lines()
    )
    with sqlite3.connect(ctx.paths.database) as con:
        assert con.execute("SELECT count(*) FROM follow_up_contact").fetchone() == (1,)
        assert con.execute("SELECT count(*) FROM visit").fetchone() == (2,)
        assert con.execute("SELECT count(*) FROM visit_month_count").fetchone() == (0,)
    assert len(before) > 0


def test_retention_settings_are_validated():
    assert Settings().retention_contact_days_after_close == 90
    assert Settings().retention_visit_months == 24
    with pytest.raises(Exception, match="retention_note_days"):
        Settings(retention_note_days=0).validated()
    with pytest.raises(Exception, match="retention_visit_months"):
        Settings(retention_visit_months=0).validated()


def test_next_daily_purge():
    tz = ZoneInfo("Europe/Helsinki")
    at_noon = dt.datetime(2026, 11, 15, 12, 0, tzinfo=tz)
    assert seconds_until_next_daily_purge(at_noon, tz) == (12 * 60 + 5) * 60
    just_before = dt.datetime(2026, 11, 15, 0, 4, tzinfo=tz)
    assert seconds_until_next_daily_purge(just_before, "Europe/Helsinki") == 60


def _cli(data_dir, *args):
    env = {**os.environ, "POINTTI_DESK_LANG": "en"}
    return subprocess.run(
        [sys.executable, "-m", "desk_app", *args, "--data-dir", str(data_dir)],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
        check=False,
    )


def test_cli_purge_dry_run_and_purge(ctx):
    referral_id = _follow_up(ctx)
    _expire_at(ctx, referral_id, ctx.desk.now() - dt.timedelta(days=1))
    ctx.close()
    dry = _cli(ctx.paths.root, "purge", "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert "dry run" in dry.stdout and "Contact details of 1 follow-up" in dry.stdout
    assert _contact_referrals(ctx) == {referral_id}
    done = _cli(ctx.paths.root, "purge")
    assert done.returncode == 0, done.stderr
    assert "Contact details of 1 follow-up: removed" in done.stdout
    assert _contact_referrals(ctx) == set()
    again = _cli(ctx.paths.root, "purge")
    assert "Contact details of 0 follow-ups" in again.stdout


def test_purge_on_start_purges_and_never_raises(ctx, monkeypatch):
    from desk_app.services import retention

    referral_id = _follow_up(ctx)
    _expire_at(ctx, referral_id, ctx.desk.now() - dt.timedelta(days=1))
    report = retention.purge_on_start(ctx)
    assert report is not None and report.contacts == 1 and _contact_referrals(ctx) == set()

    def broken(*args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(retention, "purge", broken)
    assert retention.purge_on_start(ctx) is None
