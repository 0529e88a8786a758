"""Opening hours in words: today's status, exceptional days and weekly hours, in en and fi.

The Finnish cases use a small in-test catalogue with the Finnish wording the card should read,
so the formatting (Finnish "klo 16.00", weekdays "torstaina", dates "24.12.") is tested apart
from the state of fi.po; English is the source text.
"""

import datetime as dt
import gettext

import pytest

from desk_app import hours_text
from desk_app.domain.catalogue import Channel, ExceptionalHours, RegularHours
from desk_app.domain.codes import ChannelKind
from desk_app.domain.hours import StatusKind
from desk_app.domain.texts import Texts

T = dt.time
MON = dt.date(2026, 11, 30)  # a Monday
EN = gettext.NullTranslations()

FINNISH = {
    "Always available": "Aina käytettävissä",
    "By appointment only": "Vain ajanvarauksella",
    "Hours not known": "Aukioloajat eivät tiedossa",
    "Open around the clock": "Avoinna ympäri vuorokauden",
    "Open until {time}": "Avoinna klo {time} asti",
    "Open until {weekday} {time}": "Avoinna {weekday} klo {time} asti",
    "Closed now — opens today {time}": "Suljettu nyt — avautuu tänään klo {time}",
    "Closed now — opens tomorrow {time}": "Suljettu nyt — avautuu huomenna klo {time}",
    "Closed today — opens tomorrow {time}": "Suljettu tänään — avautuu huomenna klo {time}",
    "Closed now — opens {weekday} {time}": "Suljettu nyt — avautuu {weekday} klo {time}",
    "Closed today — opens {weekday} {time}": "Suljettu tänään — avautuu {weekday} klo {time}",
    "Closed now — opens {date} {time}": "Suljettu nyt — avautuu {date} klo {time}",
    "Closed today — opens {date} {time}": "Suljettu tänään — avautuu {date} klo {time}",
    "{dates} closed: {note}": "{dates} suljettu: {note}",
    "{dates} closed": "{dates} suljettu",
    "{dates} {hours}: {note}": "{dates} klo {hours}: {note}",
    "{dates} {hours}": "{dates} klo {hours}",
}


class FinnishCatalogue(gettext.NullTranslations):
    def gettext(self, message):
        return FINNISH.get(message, message)


FI = FinnishCatalogue()


def channel(hours=(), exceptions=(), kind=ChannelKind.LOCATION, appointment_only=False):
    return Channel(
        code="X",
        kind=kind,
        name=Texts({"fi": "X"}),
        description=Texts(),
        appointment_only=appointment_only,
        hours=tuple(hours),
        exceptions=tuple(exceptions),
    )


def weekdays(opens, closes, days=range(5)):
    return [RegularHours(d, T(*opens), T(*closes)) for d in days]


def at(day, hour, minute=0, days=0):
    return dt.datetime.combine(day + dt.timedelta(days=days), T(hour, minute))


KELA = channel(weekdays((12, 0), (16, 0), days=(3, 4)))  # Thu–Fri 12–16
OFFICE = channel(weekdays((9, 0), (16, 0)))  # Mon–Fri 9–16
CHRISTMAS = ExceptionalHours(
    dt.date(2026, 12, 24),
    dt.date(2026, 12, 26),
    True,
    None,
    None,
    Texts({"fi": "Joulu", "en": "Christmas"}),
)
NEW_YEARS_EVE = ExceptionalHours(
    dt.date(2026, 12, 31),
    dt.date(2026, 12, 31),
    False,
    T(9),
    T(12),
    Texts({"fi": "Uudenvuodenaatto", "en": "New Year's Eve"}),
)


@pytest.mark.parametrize(
    ("chan", "now", "english", "finnish"),
    [
        (OFFICE, at(MON, 10), "Open until 16:00", "Avoinna klo 16.00 asti"),
        (
            KELA,
            at(MON, 10),
            "Closed today — opens Thursday 12:00",
            "Suljettu tänään — avautuu torstaina klo 12.00",
        ),
        (
            KELA,
            at(MON, 10, days=3),
            "Closed now — opens today 12:00",
            "Suljettu nyt — avautuu tänään klo 12.00",
        ),
        (
            OFFICE,
            at(MON, 17),
            "Closed now — opens tomorrow 09:00",
            "Suljettu nyt — avautuu huomenna klo 9.00",
        ),
        (
            OFFICE,
            at(MON, 11, days=6),  # Sunday
            "Closed today — opens tomorrow 09:00",
            "Suljettu tänään — avautuu huomenna klo 9.00",
        ),
        (
            KELA,
            at(MON, 17, days=4),  # Friday after closing: next Thursday is 6 days away
            "Closed now — opens Thursday 12:00",
            "Suljettu nyt — avautuu torstaina klo 12.00",
        ),
    ],
)
def test_status_in_english_and_finnish(chan, now, english, finnish):
    assert hours_text.status_text(chan, now, "en", EN) == english
    assert hours_text.status_text(chan, now, "fi", FI) == finnish


def test_a_week_or_more_away_names_the_date():
    closed = ExceptionalHours(MON, MON + dt.timedelta(days=9), True, None, None, Texts())
    chan = channel(weekdays((9, 0), (16, 0)), [closed])
    assert (
        hours_text.status_text(chan, at(MON, 10), "en", EN)
        == "Closed today — opens Thu, Dec 10 09:00"
    )
    assert (
        hours_text.status_text(chan, at(MON, 10), "fi", FI)
        == "Suljettu tänään — avautuu to 10.12. klo 9.00"
    )


def test_open_past_midnight_and_around_the_clock():
    night = channel([RegularHours(4, T(22), T(2))])  # Fri 22:00 – Sat 02:00
    assert hours_text.status_text(night, at(MON, 23, days=4), "fi", FI) == "Avoinna klo 2.00 asti"
    always = channel([RegularHours(d, T(0), T(0)) for d in range(7)])
    assert hours_text.status_text(always, at(MON, 12), "en", EN) == "Open around the clock"
    weekend = channel([RegularHours(d, T(0), T(0)) for d in (5, 6)])
    assert (
        hours_text.status_text(weekend, at(MON, 12, days=5), "fi", FI)
        == "Avoinna maanantaina klo 0.00 asti"
    )


def test_channels_without_hours_and_by_appointment():
    web = channel(kind=ChannelKind.WEBPAGE)
    line = hours_text.status_line(web, at(MON, 3), "en", EN)
    assert (line.kind, line.text) == (StatusKind.ALWAYS, "Always available")
    assert hours_text.status_text(channel(), at(MON, 3), "en", EN) == "Hours not known"
    booked = channel(appointment_only=True)
    assert hours_text.status_text(booked, at(MON, 3), "fi", FI) == "Vain ajanvarauksella"
    booked_office = channel(weekdays((8, 0), (16, 0)), appointment_only=True)
    line = hours_text.status_line(booked_office, at(MON, 9), "en", EN)
    assert line.appointment_only and line.text == "Open until 16:00"


def test_no_opening_in_the_look_ahead():
    closed = ExceptionalHours(MON, MON + dt.timedelta(days=30), True, None, None, Texts())
    chan = channel(weekdays((9, 0), (16, 0)), [closed])
    assert (
        hours_text.status_text(chan, at(MON, 10), "en", EN)
        == "Closed — not open in the next 14 days"
    )


def test_exceptions_in_the_next_two_weeks_with_their_notes():
    chan = channel(weekdays((9, 0), (16, 0)), [NEW_YEARS_EVE, CHRISTMAS])
    today = dt.date(2026, 12, 20)
    assert hours_text.upcoming_exception_lines(chan, today, "en", EN) == [
        "Dec 24–Dec 26 closed: Christmas",
        "Dec 31 09:00–12:00: New Year's Eve",
    ]
    assert hours_text.upcoming_exception_lines(chan, today, "fi", FI) == [
        "24.12.–26.12. suljettu: Joulu",
        "31.12. klo 9.00–12.00: Uudenvuodenaatto",
    ]
    # 14 days from 11.12. end on 24.12.: Christmas is in, New Year's Eve is not.
    assert hours_text.upcoming_exception_lines(chan, dt.date(2026, 12, 11), "en", EN) == [
        "Dec 24–Dec 26 closed: Christmas"
    ]
    assert hours_text.upcoming_exception_lines(chan, dt.date(2026, 12, 10), "en", EN) == []


def test_a_note_missing_in_the_language_falls_back_and_no_note_is_fine():
    sv_only = ExceptionalHours(MON, MON, True, None, None, Texts({"fi": "Koulutuspäivä"}))
    assert hours_text.exception_line(sv_only, "en", EN) == "Nov 30 closed: Koulutuspäivä"
    bare = ExceptionalHours(MON, MON, True, None, None, Texts())
    assert hours_text.exception_line(bare, "fi", FI) == "30.11. suljettu"


def test_weekly_hours_join_days_with_the_same_hours():
    chan = channel([*weekdays((10, 0), (15, 0), days=range(4)), RegularHours(4, T(10), T(14))])
    assert hours_text.weekly_hours_lines(chan, "fi") == ["ma–to 10.00–15.00", "pe 10.00–14.00"]
    assert hours_text.weekly_hours_lines(chan, "en") == ["Mon–Thu 10:00–15:00", "Fri 10:00–14:00"]
    split = channel([RegularHours(1, T(8), T(11)), RegularHours(1, T(12), T(16))])
    assert hours_text.weekly_hours_lines(split, "sv") == ["tis 08:00–11:00, 12:00–16:00"]
    assert hours_text.weekly_hours_lines(channel(kind=ChannelKind.WEBPAGE), "fi") == []


def test_week_ahead_lines_for_handouts():
    chan = channel(weekdays((9, 0), (16, 0)), [CHRISTMAS])
    lines = hours_text.week_ahead_lines(chan, dt.date(2026, 12, 21), "fi", FI)
    assert lines == [
        "ma 21.12. klo 9.00–16.00",
        "ti 22.12. klo 9.00–16.00",
        "ke 23.12. klo 9.00–16.00",
        "to 24.12. suljettu: Joulu",
        "pe 25.12. suljettu: Joulu",
        "la 26.12. suljettu: Joulu",
        "su 27.12. suljettu",
    ]
    assert hours_text.week_ahead_lines(chan, dt.date(2026, 12, 21), "en", EN, days=1) == [
        "Mon, Dec 21 09:00–16:00"
    ]


def test_aware_local_times_and_unknown_languages():
    from zoneinfo import ZoneInfo

    helsinki = at(MON, 10).replace(tzinfo=ZoneInfo("Europe/Helsinki"))
    assert hours_text.status_text(OFFICE, helsinki, "en", EN) == "Open until 16:00"
    assert hours_text.babel_locale("fi-x-plain") == "fi"
    assert hours_text.babel_locale("zz") == "en"
    assert hours_text.format_full_date(MON, "sv") == "30 nov. 2026"
