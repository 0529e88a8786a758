"""Statistics on constructed data with known answers: local days and hours (midnight, both DST
days), batch tallies, back-dated entries, merged / renamed / retired topics, deleted visits,
months kept only as monthly counts, filters, follow-ups and handouts.

Every figure is read through ``StatisticsService`` as the dashboard and the CLI do. Unfiltered
figures come from the day summary the triggers keep; ``counts_both_ways`` also reads the visit
rows for the same period and insists on the same answer.
"""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import text

from desk_app.domain.codes import AgeBand, Gender, Outcome, VisitChannel, VisitorType
from desk_app.domain.errors import PermissionDeniedError
from desk_app.domain.staff import Role, StaffSession
from desk_app.domain.stats import Grouping, Measure, Period, StatsFilter
from desk_app.domain.taxonomy_rules import ProgrammeDraft
from desk_app.domain.texts import Texts
from desk_app.domain.visit import VisitDraft, VisitorBands
from desk_app.services import handouts, visits
from desk_app.services.access import Access
from desk_app.services.stats import StatisticsService
from desk_app.services.taxonomy import TaxonomyAdmin

HEL = ZoneInfo("Europe/Helsinki")
NOW = dt.datetime(2026, 11, 20, 10, 0, tzinfo=dt.UTC)  # "today" is Friday 20 Nov 2026
PHONE = VisitChannel.PHONE


def local(*args):
    return dt.datetime(*args, tzinfo=HEL)


def record(ctx, when, topics=("JOB",), *, now=None, **fields):
    """Record one visit at ``when`` through the desk's own use case; its id."""
    draft = VisitDraft(tuple(topics), occurred_at=when, **fields)
    now = now or max(NOW, when + dt.timedelta(minutes=1))
    return visits.record_visit(ctx.uow, draft, desk="desk-1", now=now).id


@pytest.fixture
def stats(ctx):
    return StatisticsService(ctx.uow, Access.system(), ctx.settings, clock=lambda: NOW)


def counts_both_ways(ctx, period, filters=None):
    """The counts from the summary (or the rows, with filters) and from the rows: equal."""
    filters = filters or StatsFilter()
    with ctx.uow() as uow:
        first = uow.stats.counts(period, filters, NOW.date())
        rows = uow.stats.counts(period, filters, NOW.date(), summary=False)
    assert first == rows
    return first


def values(table, measure=Measure.VISITS):
    return dict(zip([r.code for r in table.rows], table.column(measure), strict=True))


def test_a_visit_just_after_local_midnight_counts_on_the_local_day(ctx, stats):
    record(ctx, local(2026, 3, 1, 0, 30))  # 28 Feb 22:30 UTC
    record(ctx, local(2026, 2, 28, 23, 30))  # 28 Feb 21:30 UTC
    period = Period(dt.date(2026, 2, 27), dt.date(2026, 3, 2))

    days = values(stats.table(period, Grouping.DAY))
    assert days == {"2026-02-27": 0, "2026-02-28": 1, "2026-03-01": 1, "2026-03-02": 0}
    hours = values(stats.table(period, Grouping.HOUR))
    assert hours["00"] == 1 and hours["23"] == 1 and sum(hours.values()) == 2
    weekdays = values(stats.table(period, Grouping.WEEKDAY))
    assert weekdays == {"1": 0, "2": 0, "3": 0, "4": 0, "5": 0, "6": 1, "7": 1}  # Sat, Sun
    months = values(stats.table(period, Grouping.MONTH))
    assert months == {"2026-02": 1, "2026-03": 1}
    only_march = Period(dt.date(2026, 3, 1), dt.date(2026, 3, 1))
    assert stats.dashboard(only_march).tiles.visits == 1
    counts_both_ways(ctx, period)


@pytest.mark.parametrize(
    ("day", "hours", "hour_3"),
    [(dt.date(2026, 3, 29), 23, 0), (dt.date(2026, 10, 25), 25, 2)],
    ids=["spring-23h", "autumn-25h"],
)
def test_each_hour_of_a_dst_day_counts_once_on_that_day(ctx, stats, day, hours, hour_3):
    """One visit every UTC hour from local midnight to local midnight: 23 on the spring day
    (03:00–04:00 does not exist), 25 on the autumn day (03:00–04:00 happens twice)."""
    start = dt.datetime.combine(day, dt.time(), tzinfo=HEL).astimezone(dt.UTC)
    end = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), tzinfo=HEL)
    moment = start
    while moment < end:
        record(ctx, moment + dt.timedelta(minutes=10))
        moment += dt.timedelta(hours=1)
    record(ctx, start - dt.timedelta(minutes=5))  # 23:55 the evening before
    record(ctx, end.astimezone(dt.UTC) + dt.timedelta(minutes=5))  # 00:05 the morning after

    period = Period(day - dt.timedelta(days=1), day + dt.timedelta(days=1))
    days = values(stats.table(period, Grouping.DAY))
    assert days[day.isoformat()] == hours
    assert days[(day - dt.timedelta(days=1)).isoformat()] == 1
    assert days[(day + dt.timedelta(days=1)).isoformat()] == 1
    only = values(stats.table(Period(day, day), Grouping.HOUR))
    assert only["03"] == hour_3 and sum(only.values()) == hours
    assert all(only[f"{h:02d}"] == 1 for h in range(24) if h != 3)
    counts_both_ways(ctx, period)
    counts_both_ways(ctx, period, StatsFilter(channels=frozenset({"walk_in"})))


def test_a_batch_tally_is_one_visit_and_its_visitors(ctx, stats):
    record(ctx, local(2026, 11, 2, 10), visitor_count=5, referral_codes=("STARTTIRAHA",))
    record(ctx, local(2026, 11, 2, 11), channel=PHONE)
    period = Period(dt.date(2026, 11, 1), dt.date(2026, 11, 30))

    board = stats.dashboard(period)
    assert (board.tiles.visits, board.tiles.visitors, board.tiles.referrals) == (2, 6, 1)
    channels = stats.table(period, Grouping.CHANNEL)
    assert values(channels) == {
        "walk_in": 1,
        "phone": 1,
        "email_chat": 0,
        "outreach": 0,
        "event": 0,
    }
    assert values(channels, Measure.VISITORS)["walk_in"] == 5
    assert channels.total == (2, 6)
    assert values(board.tables[Grouping.DAY], Measure.VISITORS)["2026-11-02"] == 6
    assert board.week_hours.values[0][10] == 1  # Monday 10–11: one visit (of five visitors)
    assert values(board.tables[Grouping.ACTOR], Measure.REFERRALS)["TYO-MERILAPPI"] == 1


def test_a_back_dated_entry_counts_on_the_day_it_happened(ctx, stats):
    record(ctx, local(2026, 11, 16, 9, 15), now=local(2026, 11, 19, 15, 0))
    days = values(stats.table(Period(dt.date(2026, 11, 16), dt.date(2026, 11, 19)), Grouping.DAY))
    assert days == {"2026-11-16": 1, "2026-11-17": 0, "2026-11-18": 0, "2026-11-19": 0}


def test_merged_renamed_and_retired_topics_count_under_the_current_topic(ctx, stats):
    day = local(2026, 11, 3, 12)
    record(ctx, day, ("JOBSEEKER",))
    record(ctx, day, ("JOB",), visitor_count=3)
    record(ctx, day, ("JOB", "JOBSEEKER"))  # both merge into JOB: once there
    record(ctx, day, ("CAREER", "DIGI"))
    period = Period(dt.date(2026, 11, 1), dt.date(2026, 11, 20))
    before = stats.dashboard(period)

    admin = TaxonomyAdmin(ctx.uow, lambda: NOW)
    admin.merge_topic("JOBSEEKER", "JOB")
    admin.rename_topic("JOB", {"fi": "Työt ja työnhaku", "en": "Jobs"})
    admin.retire_topic("CAREER")
    after = stats.dashboard(period)

    topics = {r.code: (r.values, r.label_fi, r.label_en) for r in after.tables[Grouping.TOPIC].rows}
    assert topics["JOB"] == ((3, 5), "Työt ja työnhaku", "Jobs")
    assert "JOBSEEKER" not in topics
    assert topics["CAREER"][0] == (1, 1)  # retired, still counted and listed
    assert topics["DIGI"][0] == (1, 1)
    assert after.tables[Grouping.TOPIC].total is None  # a visit may have several topics
    assert after.tiles == before.tiles
    assert values(after.tables[Grouping.DAY]) == values(before.tables[Grouping.DAY])
    filtered = stats.dashboard(period, StatsFilter(topics=frozenset({"JOB"})))
    assert (filtered.tiles.visits, filtered.tiles.visitors) == (3, 5)
    counts_both_ways(ctx, period)
    # A retired topic without visits in the period is not listed; one in use always is.
    quiet = Period(dt.date(2026, 10, 1), dt.date(2026, 10, 2))
    codes = [r.code for r in stats.table(quiet, Grouping.TOPIC).rows]
    assert "CAREER" not in codes and "HOUSING" in codes


def test_deleted_visits_never_count_and_come_back_when_restored(ctx, stats):
    kept = record(ctx, local(2026, 11, 4, 9), referral_codes=("DEBT-ADVICE",))
    gone = record(ctx, local(2026, 11, 4, 10), ("MONEY",), referral_codes=("DEBT-ADVICE",))
    handouts.record_handouts(ctx.uow, gone, ["DEBT-ADVICE"], lang="uk", now=NOW)
    removed = record(ctx, local(2026, 11, 4, 11), ("HOUSING",))
    period = Period(dt.date(2026, 11, 4), dt.date(2026, 11, 4))
    assert stats.dashboard(period).tiles.visits == 3

    visits.delete_visit(ctx.uow, removed)
    with ctx.engine.begin() as connection:  # soft delete, as an undoable removal writes it
        connection.execute(
            text("UPDATE visit SET deleted_at = '2026-11-04 12:00:00.000000' WHERE id = :id"),
            {"id": gone},
        )
    board = stats.dashboard(period)
    assert (board.tiles.visits, board.tiles.referrals, board.tiles.handouts) == (1, 1, 0)
    topics = values(board.tables[Grouping.TOPIC])
    assert topics["MONEY"] == 0 and topics["HOUSING"] == 0
    counts_both_ways(ctx, period)

    with ctx.engine.begin() as connection:  # undo
        connection.execute(text("UPDATE visit SET deleted_at = NULL WHERE id = :id"), {"id": gone})
    board = stats.dashboard(period)
    assert (board.tiles.visits, board.tiles.referrals, board.tiles.handouts) == (2, 2, 1)
    assert values(board.tables[Grouping.HANDOUT_LANGUAGE], Measure.HANDOUTS)["uk"] == 1
    assert kept


def test_a_corrected_visit_moves_to_its_new_day_and_codes(ctx, stats):
    visit = record(ctx, local(2026, 11, 5, 9), ("JOB",), referral_codes=("STARTTIRAHA",))
    draft = VisitDraft(
        ("DIGI",),
        occurred_at=local(2026, 11, 6, 14),
        channel=PHONE,
        referral_codes=("LIBRARY-DIGITUKI",),
        visitor_count=2,
    )
    visits.update_visit(ctx.uow, visit, draft, now=NOW)
    period = Period(dt.date(2026, 11, 5), dt.date(2026, 11, 6))
    board = stats.dashboard(period)
    assert values(board.tables[Grouping.DAY]) == {"2026-11-05": 0, "2026-11-06": 1}
    topics = values(board.tables[Grouping.TOPIC])
    assert topics["JOB"] == 0 and topics["DIGI"] == 1
    assert values(board.tables[Grouping.SERVICE], Measure.REFERRALS) == {"LIBRARY-DIGITUKI": 1}
    assert board.tiles.visitors == 2 and board.week_hours.values[4][14] == 1  # Friday 14–15
    counts_both_ways(ctx, period)


def test_months_kept_only_as_monthly_counts_are_in_the_totals(ctx, stats):
    old = local(2025, 1, 15, 10)
    record(ctx, old, ("JOB",), now=old, channel=PHONE, referral_codes=("STARTTIRAHA",))
    record(ctx, local(2025, 2, 3, 10), ("DIGI",), now=local(2025, 2, 3, 11), visitor_count=4)
    record(ctx, local(2025, 3, 2, 10), ("JOB",), now=local(2025, 3, 2, 11))  # stays row by row
    with ctx.uow(write=True) as uow:
        folded, _rows = uow.retention.fold_visits_before(local(2025, 3, 1).astimezone(dt.UTC), HEL)
        uow.commit()
    assert folded == 2

    period = Period(dt.date(2025, 1, 1), dt.date(2025, 3, 31))
    board = stats.dashboard(period)
    assert (board.tiles.visits, board.tiles.visitors, board.tiles.referrals) == (3, 6, 1)
    assert values(board.tables[Grouping.MONTH]) == {"2025-01": 1, "2025-02": 1, "2025-03": 1}
    topics = values(board.tables[Grouping.TOPIC])
    assert topics["JOB"] == 2 and topics["DIGI"] == 1
    assert values(stats.table(period, Grouping.CHANNEL))["phone"] == 1
    assert values(board.tables[Grouping.ACTOR], Measure.REFERRALS)["TYO-MERILAPPI"] == 1
    # No days or hours for those months: the day table shows March only, and says why.
    assert sum(values(board.tables[Grouping.DAY]).values()) == 1
    assert "2025-01-01" not in values(board.tables[Grouping.DAY])
    assert any("2025-01, 2025-02" in note and "2 visits" in note for note in board.notes)
    assert any("2 visits" in note for note in board.tables[Grouping.DAY].notes)
    assert board.tables[Grouping.MONTH].notes == ()  # the month table has them all
    # A period covering part of a kept month cannot split it: that month is left out, noted.
    partial = stats.dashboard(Period(dt.date(2025, 1, 20), dt.date(2025, 3, 31)))
    assert partial.tiles.visits == 2
    assert any("2025-01" in note for note in partial.notes)
    # Monthly counts cannot be filtered: with a filter they are left out, noted.
    phone = stats.dashboard(period, StatsFilter(channels=frozenset({"phone"})))
    assert phone.tiles.visits == 0 and any("2025-01" in note for note in phone.notes)


def test_filters_narrow_the_visits_counted(ctx, stats):
    admin = TaxonomyAdmin(ctx.uow, lambda: NOW)
    draft = ProgrammeDraft("YRITYS", "KEMI-CITY", Texts({"fi": "Yrityshanke"}))
    admin.save_programme(draft, new=True)
    day = local(2026, 11, 9, 10)
    record(ctx, day, ("JOB",), referral_codes=("KELA-HOUSING-ALLOWANCE", "DEBT-ADVICE"))
    record(ctx, day, ("START",), channel=PHONE, programme_code="YRITYS", language="en")
    record(ctx, day, ("START",), visitor_type=VisitorType.ENTREPRENEUR, programme_code="YRITYS")
    record(ctx, day, ("HOUSING",), referral_codes=("KELA-HOUSING-ALLOWANCE",), language="uk")
    period = Period(dt.date(2026, 11, 9), dt.date(2026, 11, 9))

    def tiles(**kwargs):
        board = stats.dashboard(period, StatsFilter(**{k: frozenset(v) for k, v in kwargs.items()}))
        return board.tiles.visits, board.tiles.referrals

    assert tiles() == (4, 3)
    assert tiles(actors={"KELA"}) == (2, 2)  # the referrals to Kela's services only
    assert tiles(programmes={"YRITYS"}) == (2, 0)
    assert tiles(channels={"phone"}) == (1, 0)
    assert tiles(visitor_types={"entrepreneur"}) == (1, 0)
    assert tiles(topics={"START"}) == (2, 0)
    assert tiles(languages={"en", "uk"}) == (2, 1)
    assert tiles(programmes={"YRITYS"}, channels={"walk_in"}) == (1, 0)
    programmes = stats.table(period, Grouping.PROGRAMME)
    assert values(programmes) == {"": 2, "KORONASTA-KASVUUN": 0, "YRITYS": 2}
    assert programmes.rows[0].label_en == "No programme"
    kela = stats.table(period, Grouping.SERVICE, StatsFilter(actors=frozenset({"KELA"})))
    assert values(kela, Measure.REFERRALS) == {"KELA-HOUSING-ALLOWANCE": 2}


def test_every_code_of_a_band_is_a_row_even_at_zero(ctx, stats):
    bands = VisitorBands(gender=Gender.FEMALE, age_band=AgeBand.AGE_25_29)
    record(ctx, local(2026, 11, 10, 10), bands_agreed=True, bands=bands)
    record(ctx, local(2026, 11, 10, 11))
    board = stats.dashboard(Period(dt.date(2026, 11, 10), dt.date(2026, 11, 10)))
    bands = (Grouping.GENDER, Grouping.AGE_BAND, Grouping.LABOUR_STATUS, Grouping.EDUCATION)
    gender, age, labour, education = (board.tables[g] for g in bands)
    assert values(gender) == {"female": 1, "male": 0, "other": 0, "not_stated": 1}
    assert values(age)["25_29"] == 1 and values(age)["not_stated"] == 1 and len(age.rows) == 7
    assert [r.code for r in labour.rows][-1] == "not_stated" and sum(values(labour).values()) == 2
    assert values(education)["not_stated"] == 2
    assert {r.code: r.label_fi for r in gender.rows}["not_stated"] == "Ei ilmoitettu"
    outcomes = values(board.tables[Grouping.OUTCOME])
    assert outcomes[Outcome.RESOLVED_AT_DESK] == 2 and board.tiles.resolved_share == 1.0


def test_follow_ups_open_and_overdue_as_of_today(ctx, stats):
    from desk_app.domain.followup import FollowUpRequest

    def refer(when, due):
        draft = VisitDraft(("BENEFIT",), occurred_at=when, referral_codes=("DEBT-ADVICE",))
        request = FollowUpRequest("DEBT-ADVICE", due)
        now = when + dt.timedelta(minutes=5)  # asked for then, with a due date ahead
        return visits.record_visit(ctx.uow, draft, desk="d", now=now, follow_ups=[request])

    refer(local(2026, 11, 2, 10), dt.date(2026, 11, 10))  # overdue
    refer(local(2026, 11, 3, 10), dt.date(2026, 11, 30))  # open
    closed = refer(local(2026, 11, 4, 10), dt.date(2026, 11, 5))
    refer(local(2026, 10, 1, 10), dt.date(2026, 10, 15))  # overdue, but before the period
    with ctx.engine.begin() as connection:
        connection.execute(
            text("UPDATE referral SET status = 'got_service' WHERE visit_id = :id"),
            {"id": closed.id},
        )
    board = stats.dashboard(Period(dt.date(2026, 11, 1), dt.date(2026, 11, 20)))
    assert (board.tiles.follow_ups_open, board.tiles.follow_ups_overdue) == (2, 1)
    assert board.as_of == dt.date(2026, 11, 20)


def test_handouts_per_language_with_and_without_a_visit(ctx, stats):
    visit = record(ctx, local(2026, 11, 11, 10), referral_codes=("STARTTIRAHA",))
    handouts.record_handouts(ctx.uow, visit, ["STARTTIRAHA"], lang="ar", now=NOW)
    handouts.record_handouts(ctx.uow, visit, ["STARTTIRAHA"], lang="fi-x-plain", now=NOW)
    with ctx.uow(write=True) as uow:  # a leaflet printed for nobody in particular
        services = uow.catalogue.service_ids(["DEBT-ADVICE"])
        printed = local(2026, 11, 11, 0, 20).astimezone(dt.UTC)
        uow.visits.add_handouts(
            None, list(services.values()), kind="leaflet", lang="ar", printed_at=printed
        )
        uow.commit()
    period = Period(dt.date(2026, 11, 11), dt.date(2026, 11, 11))
    table = stats.table(period, Grouping.HANDOUT_LANGUAGE)
    assert (
        values(table, Measure.HANDOUTS)["ar"] == 2 and values(table, Measure.HANDOUTS)["selko"] == 1
    )
    assert table.total == (3,)
    assert {r.code: r.label_en for r in table.rows}["selko"] == "Plain Finnish"
    assert stats.dashboard(period).tiles.handouts == 3
    assert stats.dashboard(Period(dt.date(2026, 11, 10), dt.date(2026, 11, 10))).tiles.handouts == 0
    counts_both_ways(ctx, period)
    # Filters select visits; a handout without a visit passes none.
    filtered = stats.dashboard(period, StatsFilter(channels=frozenset({"walk_in"})))
    assert filtered.tiles.handouts == 2


def test_statistics_need_a_signed_in_staff_member(ctx):
    access = Access()
    service = StatisticsService(ctx.uow, access, ctx.settings, clock=lambda: NOW)
    period = Period(dt.date(2026, 11, 1), dt.date(2026, 11, 1))
    with pytest.raises(PermissionDeniedError):
        service.dashboard(period)
    access.sign_in(StaffSession("u", "desk.user", "Dana", Role.DESK, "desk-1"))
    assert service.table(period, Grouping.DAY).rows[0].values == (0, 0)
