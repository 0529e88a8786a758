"""Opening hours in words, in any language: today's status, weekly hours, exceptional days.

Shared by the service card and the printed handouts, so it is Qt-free and takes the language as a
parameter (a handout may be printed in Swedish while the UI is Finnish) with that language's
gettext catalogue from ``desk_app.i18n.translations_for(lang)``. Dates, times and weekday names
come from Babel's CLDR data for the language: Finnish gets "torstaina klo 12.00", English
"Thursday 12:00". The answers themselves come from ``desk_app.domain.hours``; every time given
here is local wall-clock time (Europe/Helsinki for the desk).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_skeleton, get_day_names

from desk_app.domain.catalogue import Channel, ExceptionalHours
from desk_app.domain.hours import (
    LOOKAHEAD_DAYS,
    DayHours,
    StatusKind,
    opening_status,
    upcoming_exceptions,
    week_ahead,
)
from desk_app.i18n import N_

FALLBACK_LOCALE = "en"
ROUND_THE_CLOCK = dt.timedelta(days=7)
"""Open for at least this long without a break reads as "open around the clock"."""


class Translations(Protocol):
    """What this module needs of a gettext catalogue (``gettext.NullTranslations`` fits)."""

    def gettext(self, message: str, /) -> str: ...

    def ngettext(self, singular: str, plural: str, n: int, /) -> str: ...


@dataclass(frozen=True)
class StatusLine:
    """Today's status of one channel in words, with its kind so a screen can style it."""

    kind: StatusKind
    text: str
    appointment_only: bool = False


@lru_cache(maxsize=64)
def babel_locale(lang: str) -> str:
    """The Babel locale for a catalogue or UI language ("fi-x-plain" → "fi"); English if unknown."""
    base = lang.split("-")[0].split("_")[0] or FALLBACK_LOCALE
    try:
        Locale.parse(base)
    except (UnknownLocaleError, ValueError):
        return FALLBACK_LOCALE
    return base


# --- dates and times ---------------------------------------------------------------------------


# Dates and times are formatted with caches: a booklet or a sheet writes the same few clock times
# and days hundreds of times, and each Babel call parses its pattern again.


def format_clock(moment: dt.time | dt.datetime, lang: str) -> str:
    """Hours and minutes on the 24-hour clock: "16.00" in Finnish, "16:00" in English."""
    return _clock(moment.hour, moment.minute, lang)


@lru_cache(maxsize=4096)
def _clock(hour: int, minute: int, lang: str) -> str:
    moment = dt.datetime(2000, 1, 1, hour, minute)
    return str(format_skeleton("Hm", moment, locale=babel_locale(lang)))


@lru_cache(maxsize=1024)
def format_day(day: dt.date, lang: str) -> str:
    """Day and month: "24.12." in Finnish, "Dec 24" in English, "24 dec." in Swedish."""
    return str(format_skeleton("MMMd", day, locale=babel_locale(lang)))


@lru_cache(maxsize=1024)
def format_day_with_weekday(day: dt.date, lang: str) -> str:
    """Weekday, day and month: "to 24.12.", "Thu, Dec 24", "tors 24 dec."."""
    return str(format_skeleton("MMMEd", day, locale=babel_locale(lang)))


@lru_cache(maxsize=1024)
def format_full_date(day: dt.date, lang: str) -> str:
    """A date with the year: "24.12.2026", "Dec 24, 2026", "24 dec. 2026"."""
    return str(format_skeleton("yMMMd", day, locale=babel_locale(lang)))


def weekday_on(day: dt.date, lang: str) -> str:
    """The weekday as used in "opens … 12:00": "torstaina", "Thursday", "torsdag"."""
    return str(format_date(day, "EEEE", locale=babel_locale(lang)))


def short_weekday(weekday: int, lang: str) -> str:
    """Abbreviated weekday name for hour lists (0 is Monday): "ma", "Mon", "mån"."""
    return str(get_day_names("abbreviated", "stand-alone", babel_locale(lang))[weekday])


def format_day_range(first: dt.date, last: dt.date, lang: str) -> str:
    """One day, or a range written with an en dash: "24.12.–26.12."."""
    if first == last:
        return format_day(first, lang)
    return f"{format_day(first, lang)}–{format_day(last, lang)}"


def format_span(opens: dt.time | dt.datetime, closes: dt.time | dt.datetime, lang: str) -> str:
    """An opening period: "9.00–16.00" in Finnish, "09:00–16:00" in English."""
    return f"{format_clock(opens, lang)}–{format_clock(closes, lang)}"


# --- today's status ----------------------------------------------------------------------------


def status_line(channel: Channel, now: dt.datetime, lang: str, tr: Translations) -> StatusLine:
    """Today's status of ``channel`` at ``now`` (local wall-clock time, naive or aware)."""
    local = now.replace(tzinfo=None)
    status = opening_status(channel, local)
    appointment = status.appointment_only
    if status.kind is StatusKind.ALWAYS:
        text = tr.gettext(N_("Always available"))
    elif status.kind is StatusKind.UNKNOWN:
        text = tr.gettext(N_("By appointment only") if appointment else N_("Hours not known"))
    elif status.kind is StatusKind.OPEN and status.until is not None:
        text = _open_text(local, status.until, lang, tr)
    else:
        text = _closed_text(channel, local, status.next_open, lang, tr)
    return StatusLine(status.kind, text, appointment)


def status_text(channel: Channel, now: dt.datetime, lang: str, tr: Translations) -> str:
    """Just the words of ``status_line``: "Open until 16:00", "Closed today — opens …"."""
    return status_line(channel, now, lang, tr).text


def _open_text(local: dt.datetime, until: dt.datetime, lang: str, tr: Translations) -> str:
    left = until - local
    if left >= ROUND_THE_CLOCK:
        return tr.gettext(N_("Open around the clock"))
    time = format_clock(until, lang)
    if left <= dt.timedelta(hours=24):
        # TRANSLATORS: {time} is a bare clock time, "16:00" or "16.00"; Finnish adds "klo".
        return tr.gettext(N_("Open until {time}")).format(time=time)
    # TRANSLATORS: {weekday} as in "on Thursday" (Finnish: "torstaina"), {time} a clock time.
    return tr.gettext(N_("Open until {weekday} {time}")).format(
        weekday=weekday_on(until.date(), lang), time=time
    )


def _closed_text(
    channel: Channel,
    local: dt.datetime,
    next_open: dt.datetime | None,
    lang: str,
    tr: Translations,
) -> str:
    today = local.date()
    # "Closed today" when nothing opens today at all, "Closed now" between or after today's hours.
    opens_today = any(p.start.date() == today for p in week_ahead(channel, today, 1)[0].periods)
    if next_open is None:
        ngettext = tr.ngettext  # the name Babel's extraction looks for
        return ngettext(
            "Closed — not open in the next {n} day",
            "Closed — not open in the next {n} days",
            LOOKAHEAD_DAYS,
        ).format(n=LOOKAHEAD_DAYS)
    time = format_clock(next_open, lang)
    days_ahead = (next_open.date() - today).days
    if days_ahead == 0:
        return tr.gettext(N_("Closed now — opens today {time}")).format(time=time)
    if days_ahead == 1:
        message = (
            N_("Closed now — opens tomorrow {time}")
            if opens_today
            else N_("Closed today — opens tomorrow {time}")
        )
        return tr.gettext(message).format(time=time)
    if days_ahead < 7:
        message = (
            N_("Closed now — opens {weekday} {time}")
            if opens_today
            else N_("Closed today — opens {weekday} {time}")
        )
        return tr.gettext(message).format(weekday=weekday_on(next_open.date(), lang), time=time)
    message = (
        N_("Closed now — opens {date} {time}")
        if opens_today
        else N_("Closed today — opens {date} {time}")
    )
    return tr.gettext(message).format(
        date=format_day_with_weekday(next_open.date(), lang), time=time
    )


# --- hours as lists ----------------------------------------------------------------------------


def _day_line(dates: str, closed: bool, hours: str, note: str, tr: Translations) -> str:
    if closed:
        if note:
            # TRANSLATORS: e.g. "24.12.–26.12. closed: Christmas".
            return tr.gettext(N_("{dates} closed: {note}")).format(dates=dates, note=note)
        return tr.gettext(N_("{dates} closed")).format(dates=dates)
    if note:
        # TRANSLATORS: e.g. "31.12. 09:00–12:00: New Year's Eve"; Finnish adds "klo" before hours.
        return tr.gettext(N_("{dates} {hours}: {note}")).format(dates=dates, hours=hours, note=note)
    # TRANSLATORS: e.g. "Mon, Nov 30 09:00–16:00"; Finnish adds "klo" before the hours.
    return tr.gettext(N_("{dates} {hours}")).format(dates=dates, hours=hours)


def exception_line(exception: ExceptionalHours, lang: str, tr: Translations) -> str:
    """One exceptional entry: "24.12.–26.12. closed: Christmas", "31.12. 09:00–12:00: …"."""
    dates = format_day_range(exception.date_from, exception.date_to, lang)
    note = exception.note.text(lang)
    if exception.closed or exception.opens is None or exception.closes is None:
        return _day_line(dates, True, "", note, tr)
    return _day_line(dates, False, format_span(exception.opens, exception.closes, lang), note, tr)


def upcoming_exception_lines(
    channel: Channel, today: dt.date, lang: str, tr: Translations, days: int = LOOKAHEAD_DAYS
) -> list[str]:
    """Exceptional days and closures touching the next ``days`` days, earliest first."""
    return [exception_line(e, lang, tr) for e in upcoming_exceptions(channel, today, days)]


def weekly_hours_lines(channel: Channel, lang: str) -> list[str]:
    """The regular week, consecutive days with the same hours joined: "ma–pe 9.00–16.00"."""
    spans: list[str] = []
    for weekday in range(7):
        periods = sorted((h for h in channel.hours if h.weekday == weekday), key=lambda h: h.opens)
        spans.append(", ".join(format_span(h.opens, h.closes, lang) for h in periods))
    lines = []
    start = 0
    while start < 7:
        end = start
        while end + 1 < 7 and spans[end + 1] == spans[start]:
            end += 1
        if spans[start]:
            days = short_weekday(start, lang)
            if end > start:
                days = f"{days}–{short_weekday(end, lang)}"
            lines.append(f"{days} {spans[start]}")
        start = end + 1
    return lines


def week_ahead_lines(
    channel: Channel, today: dt.date, lang: str, tr: Translations, days: int = 7
) -> list[str]:
    """Hours for each of the next ``days`` days with exceptions applied, for handouts."""
    return [_week_day_line(day, lang, tr) for day in week_ahead(channel, today, days)]


def _week_day_line(day: DayHours, lang: str, tr: Translations) -> str:
    dates = format_day_with_weekday(day.day, lang)
    note = day.exception.note.text(lang) if day.exception is not None else ""
    hours = ", ".join(format_span(p.start, p.end, lang) for p in day.periods)
    return _day_line(dates, day.closed, hours, note, tr)
