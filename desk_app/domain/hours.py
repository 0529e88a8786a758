"""Opening hours: is a channel open at a moment, until when, and when does it open next.

Pure functions over the catalogue's weekly hours and exceptional days, in local wall-clock time
(Europe/Helsinki for the desk). A weekly period whose closing time is not after its opening time
runs over midnight into the next day. An exceptional entry replaces the weekly hours for every day
in its range: either closed, or open at the given times. Channels without any hours (web pages,
e-services) are "always available"; a visiting place without hours is "unknown".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from desk_app.domain.catalogue import Channel, ExceptionalHours, RegularHours
from desk_app.domain.codes import ChannelKind

LOOKAHEAD_DAYS = 14
MIDNIGHT = dt.time(0, 0)


class StatusKind(StrEnum):
    OPEN = "open"
    CLOSED = "closed"
    ALWAYS = "always"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class Period:
    """One opening period as local datetimes (``end`` may fall on the next day)."""

    start: dt.datetime
    end: dt.datetime


@dataclass(frozen=True)
class OpeningStatus:
    kind: StatusKind
    until: dt.datetime | None = None  # OPEN: when it closes (local)
    next_open: dt.datetime | None = None  # CLOSED: next opening within the look-ahead (local)
    exception: ExceptionalHours | None = None  # the exceptional entry in force today, if any
    appointment_only: bool = False


@dataclass(frozen=True)
class DayHours:
    """What a calendar day looks like: its periods (by start day) and the exception, if any."""

    day: dt.date
    periods: tuple[Period, ...]
    exception: ExceptionalHours | None

    @property
    def closed(self) -> bool:
        return not self.periods


def exception_on(exceptions: Sequence[ExceptionalHours], day: dt.date) -> ExceptionalHours | None:
    """The exceptional entry covering ``day``; the shortest range wins when several do."""
    covering = [e for e in exceptions if e.date_from <= day <= e.date_to]
    if not covering:
        return None
    return min(covering, key=lambda e: (e.date_to - e.date_from, e.date_from))


def _period(day: dt.date, opens: dt.time, closes: dt.time) -> Period:
    start = dt.datetime.combine(day, opens)
    end_day = day + dt.timedelta(days=1) if closes <= opens else day
    return Period(start, dt.datetime.combine(end_day, closes))


def day_hours(
    hours: Sequence[RegularHours], exceptions: Sequence[ExceptionalHours], day: dt.date
) -> DayHours:
    """Periods that start on ``day`` (weekly pattern, or the exception in force)."""
    exception = exception_on(exceptions, day)
    if exception is not None:
        if exception.closed or exception.opens is None or exception.closes is None:
            return DayHours(day, (), exception)
        return DayHours(day, (_period(day, exception.opens, exception.closes),), exception)
    periods = tuple(
        _period(day, h.opens, h.closes)
        for h in sorted(hours, key=lambda h: h.opens)
        if h.weekday == day.weekday()
    )
    return DayHours(day, periods, None)


def opening_status(channel: Channel, now: dt.datetime) -> OpeningStatus:
    """The channel's status at ``now`` (a naive local wall-clock time or an aware one)."""
    local = now.replace(tzinfo=None)
    if not channel.hours and not channel.exceptions:
        staffed = channel.kind in (ChannelKind.LOCATION, ChannelKind.PHONE)
        kind = StatusKind.UNKNOWN if staffed else StatusKind.ALWAYS
        return OpeningStatus(kind, appointment_only=channel.appointment_only)
    today = local.date()
    exception_today = exception_on(channel.exceptions, today)
    # Yesterday's period may run past midnight into today.
    for offset in (-1, 0):
        for period in day_hours(
            channel.hours, channel.exceptions, today + dt.timedelta(days=offset)
        ).periods:
            if period.start <= local < period.end:
                return OpeningStatus(
                    StatusKind.OPEN,
                    until=_merged_end(channel, period),
                    exception=exception_today,
                    appointment_only=channel.appointment_only,
                )
    return OpeningStatus(
        StatusKind.CLOSED,
        next_open=next_opening(channel, local),
        exception=exception_today,
        appointment_only=channel.appointment_only,
    )


def _merged_end(channel: Channel, period: Period) -> dt.datetime:
    """Follow periods that start exactly when this one ends (e.g. 00:00–24:00 day after day)."""
    end = period.end
    for _ in range(LOOKAHEAD_DAYS):
        following = [
            p
            for p in day_hours(channel.hours, channel.exceptions, end.date()).periods
            if p.start == end
        ]
        if not following:
            break
        end = max(p.end for p in following)
    return end


def next_opening(channel: Channel, after: dt.datetime) -> dt.datetime | None:
    """The first period start after ``after`` within the look-ahead, if any."""
    local = after.replace(tzinfo=None)
    for offset in range(LOOKAHEAD_DAYS + 1):
        day = local.date() + dt.timedelta(days=offset)
        for period in day_hours(channel.hours, channel.exceptions, day).periods:
            if period.start > local:
                return period.start
    return None


def week_ahead(channel: Channel, today: dt.date, days: int = 7) -> list[DayHours]:
    """Hours for ``days`` days from ``today``, exceptions applied (for cards and handouts)."""
    return [
        day_hours(channel.hours, channel.exceptions, today + dt.timedelta(days=i))
        for i in range(days)
    ]


def upcoming_exceptions(
    channel: Channel, today: dt.date, days: int = LOOKAHEAD_DAYS
) -> list[ExceptionalHours]:
    """Exceptional entries that touch the next ``days`` days (today included), by start date."""
    last = today + dt.timedelta(days=days - 1)
    return sorted(
        (e for e in channel.exceptions if e.date_to >= today and e.date_from <= last),
        key=lambda e: e.date_from,
    )
