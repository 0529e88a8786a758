"""Opening-hours answers: weekdays, weekends, exceptions, over midnight and DST change days."""

import datetime as dt
from zoneinfo import ZoneInfo

from desk_app.domain.catalogue import Channel, ExceptionalHours, RegularHours
from desk_app.domain.codes import ChannelKind
from desk_app.domain.hours import (
    StatusKind,
    next_opening,
    opening_status,
    upcoming_exceptions,
    week_ahead,
)
from desk_app.domain.texts import Texts

HELSINKI = ZoneInfo("Europe/Helsinki")
T = dt.time


def place(hours=(), exceptions=(), kind=ChannelKind.LOCATION):
    return Channel(
        code="X",
        kind=kind,
        name=Texts({"fi": "X"}),
        description=Texts(),
        hours=tuple(hours),
        exceptions=tuple(exceptions),
    )


def weekdays(opens, closes, days=range(5)):
    return [RegularHours(d, T(*opens), T(*closes)) for d in days]


KELA = place(weekdays((12, 0), (16, 0), days=(3, 4)))  # Thu–Fri 12–16
OFFICE = place(weekdays((9, 0), (16, 0)))
# 2026-11-30 is a Monday.
MON = dt.date(2026, 11, 30)


def at(day, hour, minute=0):
    return dt.datetime.combine(day, T(hour, minute))


def test_open_until_closing_time():
    status = opening_status(OFFICE, at(MON, 10))
    assert status.kind is StatusKind.OPEN and status.until == at(MON, 16)


def test_closing_time_itself_is_closed_and_next_opening_is_tomorrow():
    status = opening_status(OFFICE, at(MON, 16))
    assert status.kind is StatusKind.CLOSED
    assert status.next_open == at(MON + dt.timedelta(days=1), 9)


def test_closed_today_opens_thursday_noon():
    status = opening_status(KELA, at(MON, 10))
    assert status.kind is StatusKind.CLOSED
    assert status.next_open == at(MON + dt.timedelta(days=3), 12)


def test_weekend_points_to_monday():
    saturday = MON + dt.timedelta(days=5)
    assert opening_status(OFFICE, at(saturday, 11)).next_open == at(
        saturday + dt.timedelta(days=2), 9
    )


def test_exceptional_closed_days_override_the_week():
    christmas = ExceptionalHours(
        dt.date(2026, 12, 24), dt.date(2026, 12, 26), True, None, None, Texts({"fi": "Joulu"})
    )
    channel = place(weekdays((9, 0), (16, 0)), [christmas])
    status = opening_status(channel, at(dt.date(2026, 12, 24), 10))  # a Thursday
    assert status.kind is StatusKind.CLOSED and status.exception is christmas
    assert status.next_open == at(dt.date(2026, 12, 28), 9)  # Fri 25, Sat, Sun skipped


def test_exceptional_short_day():
    eve = ExceptionalHours(
        dt.date(2026, 12, 31), dt.date(2026, 12, 31), False, T(9), T(12), Texts()
    )
    channel = place(weekdays((9, 0), (16, 0)), [eve])
    assert opening_status(channel, at(dt.date(2026, 12, 31), 11)).until == at(
        dt.date(2026, 12, 31), 12
    )
    assert opening_status(channel, at(dt.date(2026, 12, 31), 13)).kind is StatusKind.CLOSED


def test_exceptional_opening_on_a_normally_closed_day():
    saturday = MON + dt.timedelta(days=5)
    fair = ExceptionalHours(saturday, saturday, False, T(10), T(14), Texts({"fi": "Messut"}))
    channel = place(weekdays((9, 0), (16, 0)), [fair])
    assert opening_status(channel, at(saturday, 11)).until == at(saturday, 14)
    assert opening_status(channel, at(MON + dt.timedelta(days=4), 17)).next_open == at(saturday, 10)


def test_over_midnight_period_is_open_after_midnight():
    night = place([RegularHours(4, T(22), T(2))])  # Fri 22:00 – Sat 02:00
    friday = MON + dt.timedelta(days=4)
    saturday = friday + dt.timedelta(days=1)
    status = opening_status(night, at(saturday, 1, 30))
    assert status.kind is StatusKind.OPEN and status.until == at(saturday, 2)
    assert opening_status(night, at(saturday, 2, 30)).kind is StatusKind.CLOSED
    assert opening_status(night, at(friday, 23)).until == at(saturday, 2)


def test_round_the_clock_days_merge_into_one_closing_time():
    always = place([RegularHours(d, T(0), T(0)) for d in range(7)])
    assert opening_status(always, at(MON, 12)).kind is StatusKind.OPEN


def test_dst_spring_forward_uses_local_wall_clock():
    # 2026-03-29: clocks jump from 03:00 to 04:00 in Helsinki.
    sunday = dt.date(2026, 3, 29)
    early = place([RegularHours(6, T(2), T(5))])
    before = dt.datetime(2026, 3, 29, 0, 30, tzinfo=dt.UTC).astimezone(HELSINKI)  # 02:30 EET
    after = dt.datetime(2026, 3, 29, 1, 30, tzinfo=dt.UTC).astimezone(HELSINKI)  # 04:30 EEST
    assert opening_status(early, before).until == at(sunday, 5)
    assert opening_status(early, after).until == at(sunday, 5)
    late = dt.datetime(2026, 3, 29, 2, 30, tzinfo=dt.UTC).astimezone(HELSINKI)  # 05:30 EEST
    assert opening_status(early, late).kind is StatusKind.CLOSED


def test_dst_fall_back_hour_happens_twice_and_is_open_both_times():
    sunday = dt.date(2026, 10, 25)  # 04:00 EEST -> 03:00 EET
    early = place([RegularHours(6, T(2), T(5))])
    for utc_hour in (0, 1):  # 03:30 EEST and 03:30 EET
        local = dt.datetime(2026, 10, 25, utc_hour, 30, tzinfo=dt.UTC).astimezone(HELSINKI)
        assert local.time() == T(3, 30)
        assert opening_status(early, local).until == at(sunday, 5)
    office_next = next_opening(OFFICE, at(sunday, 12))
    assert office_next == at(sunday + dt.timedelta(days=1), 9)


def test_channels_without_hours():
    web = place(kind=ChannelKind.WEBPAGE)
    assert opening_status(web, at(MON, 3)).kind is StatusKind.ALWAYS
    assert opening_status(place(), at(MON, 3)).kind is StatusKind.UNKNOWN


def test_nothing_in_the_next_two_weeks_gives_no_next_opening():
    closed = ExceptionalHours(MON, MON + dt.timedelta(days=30), True, None, None, Texts())
    channel = place(weekdays((9, 0), (16, 0)), [closed])
    status = opening_status(channel, at(MON, 10))
    assert status.kind is StatusKind.CLOSED and status.next_open is None


def test_week_ahead_and_upcoming_exceptions():
    christmas = ExceptionalHours(
        dt.date(2026, 12, 24), dt.date(2026, 12, 26), True, None, None, Texts()
    )
    channel = place(weekdays((9, 0), (16, 0)), [christmas])
    days = week_ahead(channel, dt.date(2026, 12, 21))
    assert [d.closed for d in days] == [False, False, False, True, True, True, True]
    assert upcoming_exceptions(channel, dt.date(2026, 12, 11)) == [christmas]
    assert upcoming_exceptions(channel, dt.date(2026, 12, 10)) == []
    assert upcoming_exceptions(channel, dt.date(2026, 12, 27)) == []
