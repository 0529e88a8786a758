"""The day summary stays equal to the rows, and the statistics equal a plain recount.

A seeded random sequence of what the desk and the admin jobs do (record visits and batch
tallies, correct them, add topics and referrals, delete, soft-delete and undo, print handouts
with and without a visit, merge topics, fold old months) runs through the real use cases. Then:

- the summary the triggers kept equals the summary rebuilt from the rows;
- a random period's dashboard equals the same numbers worked out here in plain Python from the
  raw rows (read with ``sqlite3``, local days with ``zoneinfo``), without and with filters.
"""

import contextlib
import datetime as dt
import random
import sqlite3
from collections import Counter, defaultdict
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import text

from desk_app.domain.codes import AgeBand, Gender, Outcome, VisitChannel, VisitorType
from desk_app.domain.errors import NotFoundError
from desk_app.domain.stats import Grouping, Measure, Period, StatsFilter
from desk_app.domain.taxonomy_rules import ProgrammeDraft
from desk_app.domain.texts import Texts
from desk_app.domain.visit import VisitDraft, VisitorBands
from desk_app.services import handouts, visits
from desk_app.services.access import Access
from desk_app.services.stats import StatisticsService
from desk_app.services.taxonomy import TaxonomyAdmin

HEL = ZoneInfo("Europe/Helsinki")
NOW = dt.datetime(2026, 11, 20, 10, 0, tzinfo=dt.UTC)
TOPICS = ("JOB", "JOBSEEKER", "BENEFIT", "DIGI", "HOUSING", "START", "CAREER")
SERVICES = ("STARTTIRAHA", "KELA-HOUSING-ALLOWANCE", "DEBT-ADVICE", "LIBRARY-DIGITUKI")
LANGS = ("fi", "en", "uk", "ar")
HANDOUT_LANGS = ("fi", "selko", "uk", "ar")
FOLD_BEFORE = dt.datetime(2025, 12, 1, tzinfo=HEL)


def _draft(rng, when):
    agreed = rng.random() < 0.4
    return VisitDraft(
        tuple(rng.sample(TOPICS, rng.randint(1, 3))),
        occurred_at=when,
        channel=rng.choice(list(VisitChannel)),
        visitor_type=rng.choice(list(VisitorType)),
        outcome=rng.choice([None, Outcome.RESOLVED_AT_DESK, Outcome.NOT_RESOLVED]),
        language=rng.choice(LANGS),
        referral_codes=tuple(rng.sample(SERVICES, rng.choice([0, 0, 1, 2]))),
        programme_code=rng.choice([None, None, "YRITYS"]),
        visitor_count=rng.choice([1, 1, 1, 1, 2, 5]),
        bands_agreed=agreed,
        bands=VisitorBands(gender=rng.choice(list(Gender)), age_band=rng.choice(list(AgeBand)))
        if agreed
        else VisitorBands(),
    )


def _moment(rng, old=False):
    """A visit time: most within the last ten months, some 12–15 months back (to be folded)."""
    if old:
        start, end = dt.datetime(2025, 8, 1, tzinfo=HEL), FOLD_BEFORE
    else:
        start, end = dt.datetime(2026, 2, 1, tzinfo=HEL), NOW
    seconds = int((end - start).total_seconds())
    return (start + dt.timedelta(seconds=rng.randrange(seconds))).astimezone(dt.UTC)


def play(ctx, seed, steps=160):
    """Run a random sequence of desk and admin actions; the ids of the visits made."""
    rng = random.Random(seed)
    TaxonomyAdmin(ctx.uow, lambda: NOW).save_programme(
        ProgrammeDraft("YRITYS", "KEMI-CITY", Texts({"fi": "Yrityshanke"})), new=True
    )
    made: list[str] = []

    def create(old=False):
        moment = _moment(rng, old)
        # Entered on the spot or back-dated by up to a few days.
        recorded = min(moment + dt.timedelta(minutes=rng.choice([1, 1, 90, 4000])), NOW)
        made.append(
            visits.record_visit(ctx.uow, _draft(rng, moment), desk="desk-1", now=recorded).id
        )

    for _ in range(25):
        create(old=True)
    for _ in range(steps):
        action = rng.random()
        target = rng.choice(made)
        if action < 0.45 or len(made) < 5:
            create()
        elif action < 0.6:  # correct: new day, codes, topics, referrals, tally
            with contextlib.suppress(NotFoundError):  # soft-deleted: not found
                visits.update_visit(ctx.uow, target, _draft(rng, _moment(rng)), now=NOW)
        elif action < 0.68:
            visits.delete_visit(ctx.uow, target)
            made.remove(target)
        elif action < 0.78:  # soft delete, or undo it
            with ctx.engine.begin() as connection:
                connection.execute(
                    text(
                        "UPDATE visit SET deleted_at = CASE WHEN deleted_at IS NULL "
                        "THEN '2026-11-19 10:00:00.000000' ELSE NULL END WHERE id = :id"
                    ),
                    {"id": target},
                )
        elif action < 0.9:
            lang = rng.choice(HANDOUT_LANGS)
            handouts.record_handouts(ctx.uow, target, [rng.choice(SERVICES)], lang=lang, now=NOW)
        else:  # a leaflet printed without a visit
            with ctx.uow(write=True) as uow:
                ids = list(uow.catalogue.service_ids([rng.choice(SERVICES)]).values())
                printed = _moment(rng, old=rng.random() < 0.2)
                uow.visits.add_handouts(
                    None, ids, kind="leaflet", lang=rng.choice(HANDOUT_LANGS), printed_at=printed
                )
                uow.commit()
    admin = TaxonomyAdmin(ctx.uow, lambda: NOW)
    admin.merge_topic("JOBSEEKER", "JOB")
    with ctx.uow(write=True) as uow:
        uow.retention.fold_visits_before(FOLD_BEFORE.astimezone(dt.UTC), HEL)
        uow.commit()
    for _ in range(10):
        create()
    return made


def summary_rows(ctx):
    with sqlite3.connect(ctx.paths.database) as con:
        return sorted(
            con.execute("SELECT * FROM visit_day_count WHERE visits != 0 OR visitors != 0")
        )


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_summary_kept_by_the_triggers_equals_one_rebuilt_from_the_rows(ctx, seed):
    play(ctx, seed)
    kept = summary_rows(ctx)
    with ctx.uow(write=True) as uow:
        uow.stats.rebuild_summary()
        uow.commit()
    rebuilt = summary_rows(ctx)
    assert kept == rebuilt
    assert len(rebuilt) > 200  # something was counted, of every kind
    assert {row[0] for row in rebuilt} >= {"hour", "topic", "referral_service", "handout_lang"}


# -- the plain recount -------------------------------------------------------------------------


def _instant(stored):
    return dt.datetime.fromisoformat(stored).replace(tzinfo=dt.UTC)


def recount(database, period, channels=None, topic=None):
    """The dashboard's numbers from the raw rows, in plain Python."""
    con = sqlite3.connect(database)
    topic_row = {
        i: (code, merged)
        for i, code, merged in con.execute("SELECT id, code, merged_into_id FROM topic")
    }

    def current(topic_id):
        while topic_row[topic_id][1] is not None:
            topic_id = topic_row[topic_id][1]
        return topic_row[topic_id][0]

    services = {
        i: (code, org)
        for i, code, org in con.execute(
            "SELECT s.id, s.code, o.code FROM service s JOIN organisation o "
            "ON o.id = s.organisation_id"
        )
    }
    chosen = {}
    for row in con.execute(
        "SELECT id, occurred_at, visitor_count, channel, outcome, gender FROM visit "
        "WHERE deleted_at IS NULL"
    ):
        visit_id, occurred, people, channel, outcome, gender = row
        moment = _instant(occurred).astimezone(HEL)
        if not period.first <= moment.date() <= period.last:
            continue
        if channels and channel not in channels:
            continue
        chosen[visit_id] = (moment, people, channel, outcome, gender)
    topics_of = defaultdict(set)
    for visit_id, topic_id in con.execute("SELECT visit_id, topic_id FROM visit_topic"):
        topics_of[visit_id].add(current(topic_id))
    if topic:
        chosen = {k: v for k, v in chosen.items() if topic in topics_of[k]}
    found = {
        "visits": len(chosen),
        "visitors": sum(v[1] for v in chosen.values()),
        "days": Counter(),
        "heat": Counter(),
        "channels": Counter(),
        "outcomes": Counter(),
        "gender": Counter(),
        "topics": Counter(),
        "services": Counter(),
        "actors": Counter(),
        "handouts": Counter(),
    }
    for visit_id, (moment, _people, channel, outcome, gender) in chosen.items():
        found["days"][moment.date().isoformat()] += 1
        found["heat"][(moment.isoweekday(), moment.hour)] += 1
        found["channels"][channel] += 1
        found["outcomes"][outcome] += 1
        found["gender"][gender] += 1
        for code in topics_of[visit_id]:
            found["topics"][code] += 1
    for visit_id, service_id in con.execute("SELECT visit_id, service_id FROM referral"):
        if visit_id in chosen:
            code, org = services[service_id]
            found["services"][code] += 1
            found["actors"][org] += 1
    for visit_id, lang, printed in con.execute(
        "SELECT visit_id, lang, printed_at FROM handout_print"
    ):
        if visit_id in chosen:
            found["handouts"][lang] += 1
        elif visit_id is None and not channels and not topic:  # filters pass no loose one
            day = _instant(printed).astimezone(HEL).date()
            found["handouts"][lang] += period.first <= day <= period.last
    if not channels and not topic:  # months kept only as counts, whole months of the period
        for month, dimension, code, n, people in con.execute(
            "SELECT month, dimension, code, visits, visitors FROM visit_month_count"
        ):
            first = dt.date(int(month[:4]), int(month[5:]), 1)
            last = (first + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
            if not (period.first <= first and last <= period.last):
                continue
            if dimension == "total":
                found["visits"] += n
                found["visitors"] += people
            elif dimension in ("channel", "outcome", "gender"):
                found[{"channel": "channels", "outcome": "outcomes"}.get(dimension, dimension)][
                    code
                ] += n
            elif dimension == "topic":
                found["topics"][current(code)] += n
            elif dimension == "referral_service":
                found["services"][services[code][0]] += n
                found["actors"][services[code][1]] += n
            elif dimension == "handout_lang":
                found["handouts"][code] += n
    con.close()
    return found


def _nonzero(table, measure=Measure.VISITS):
    return Counter({r.code: v for r, v in zip(table.rows, table.column(measure), strict=True) if v})


@pytest.mark.parametrize("seed", [4, 5])
def test_a_random_period_matches_a_plain_recount_of_the_rows(ctx, seed):
    play(ctx, seed)
    rng = random.Random(seed)
    first = dt.date(2025, 8, 1) + dt.timedelta(days=rng.randrange(200))
    if rng.random() < 0.5:
        first = first.replace(day=1)  # sometimes a whole folded month, sometimes part of one
    period = Period(first, first + dt.timedelta(days=rng.randrange(60, 420)))
    service = StatisticsService(ctx.uow, Access.system(), ctx.settings, clock=lambda: NOW)
    for channels, topic in [(None, None), ({"walk_in", "phone"}, None), (None, "JOB")]:
        filters = StatsFilter(
            channels=frozenset(channels or ()), topics=frozenset({topic} if topic else ())
        )
        board = service.dashboard(period, filters)
        expected = recount(ctx.paths.database, period, channels, topic)
        assert (board.tiles.visits, board.tiles.visitors) == (
            expected["visits"],
            expected["visitors"],
        )
        assert board.tiles.referrals == sum(expected["services"].values())
        assert board.tiles.handouts == sum(expected["handouts"].values())
        assert _nonzero(board.tables[Grouping.DAY]) == expected["days"]
        heat = Counter(
            {
                (day, hour): board.week_hours.values[day - 1][hour]
                for day in range(1, 8)
                for hour in range(24)
                if board.week_hours.values[day - 1][hour]
            }
        )
        assert heat == expected["heat"]
        assert _nonzero(board.tables[Grouping.OUTCOME]) == expected["outcomes"]
        assert _nonzero(board.tables[Grouping.GENDER]) == expected["gender"]
        assert _nonzero(board.tables[Grouping.TOPIC]) == expected["topics"]
        assert _nonzero(board.tables[Grouping.SERVICE], Measure.REFERRALS) == expected["services"]
        assert _nonzero(board.tables[Grouping.ACTOR], Measure.REFERRALS) == expected["actors"]
        handouts = board.tables[Grouping.HANDOUT_LANGUAGE]
        assert _nonzero(handouts, Measure.HANDOUTS) == expected["handouts"]
        assert expected["visits"] > 0


def test_a_stale_offset_table_is_not_trusted(ctx):
    """If the tz database disagrees with the summary's offsets (a rule change shipped after the
    summary was built), the statistics read the rows and stay right."""
    service = StatisticsService(ctx.uow, Access.system(), ctx.settings, clock=lambda: NOW)
    moment = dt.datetime(2026, 7, 1, 0, 30, tzinfo=HEL)
    visits.record_visit(ctx.uow, VisitDraft(("JOB",), occurred_at=moment), desk="d", now=NOW)
    with ctx.engine.begin() as connection:  # as if summer time had been +2 when it was built
        connection.execute(text("UPDATE stats_utc_offset SET offset_seconds = 7200"))
        connection.execute(text("DELETE FROM visit_day_count"))
        connection.execute(
            text("INSERT INTO visit_day_count VALUES ('hour', '2026-06-30', 'd', '23', 1, 1)")
        )
    period = Period(dt.date(2026, 6, 30), dt.date(2026, 7, 1))
    days = _nonzero(service.dashboard(period).tables[Grouping.DAY])
    assert days == Counter({"2026-07-01": 1})
