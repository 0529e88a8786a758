"""Opening hours as HSDS ``schedule`` rows, for the HSDS export.

Weekly hours become RFC 5545-style weekly schedules: one row per opening time shared by several
days (``byday`` "MO,TU", ``opens_at`` 09:00:00, in local Finnish time), valid between dates when
the period is. An exceptional day or range becomes a schedule valid over its dates: with its hours
on the weekdays it covers, or without any hours when the place is closed, since HSDS has no
"closed" flag. A schedule belongs to a place (``location_id``) or a service (``service_id``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Protocol

from desk_app.domain.catalogue import Channel, ExceptionalHours
from desk_app.i18n import N_
from desk_app.services.hsds_values import Language, hsds_date, hsds_id, hsds_time

BYDAY = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
CLOSED = N_("Closed")
CLOSED_NOTE = N_("Closed: {note}")
NEXT_DAY = N_("Closes the next day.")


class AddRow(Protocol):
    """How the export adds a row: ``add("schedule", id=…, …)`` (empty values left out)."""

    def __call__(self, table: str, **values: str | None) -> None: ...


def add_schedules(
    add: AddRow, lang: Language, channel: Channel, owner: dict[str, str], key: str, attending: str
) -> None:
    """Weekly hours, one row per opening time shared by several days; then exceptions."""
    days: dict[tuple[dt.time, dt.time, str | None, str | None], list[int]] = {}
    for hours in channel.hours:
        # Weekly hours of a version 2 document may apply between dates only.
        first = hsds_date(getattr(hours, "valid_from", None))
        last = hsds_date(getattr(hours, "valid_to", None))
        days.setdefault((hours.opens, hours.closes, first, last), []).append(hours.weekday)
    name = lang.text(channel.name)
    for (opens, closes, first, last), weekdays in days.items():
        validity = (first or "", last or "") if first or last else ()
        add(
            "schedule",
            id=hsds_id("schedule", key, "weekly", hsds_time(opens), hsds_time(closes), *validity),
            **owner,
            valid_from=first,
            valid_to=last,
            freq="WEEKLY",
            wkst="MO",
            byday=",".join(BYDAY[d] for d in sorted(set(weekdays))),
            description=name,
            opens_at=hsds_time(opens),
            closes_at=hsds_time(closes),
            attending_type=lang.gettext(attending),
            notes=lang.gettext(NEXT_DAY) if closes <= opens else None,
        )
    seen: dict[tuple[dt.date, dt.date], int] = {}
    for exception in channel.exceptions:
        span = (exception.date_from, exception.date_to)
        seen[span] = seen.get(span, -1) + 1
        parts = (key, "exception", span[0].isoformat(), span[1].isoformat(), str(seen[span]))
        _add_exception(add, lang, exception, owner, hsds_id("schedule", *parts), attending)


def _add_exception(
    add: AddRow,
    lang: Language,
    exception: ExceptionalHours,
    owner: dict[str, str],
    row_id: str,
    attending: str,
) -> None:
    note = lang.text(exception.note)
    first, last = exception.date_from.isoformat(), exception.date_to.isoformat()
    opens, closes = exception.opens, exception.closes
    if exception.closed or opens is None or closes is None:
        # HSDS has no "closed" flag: a schedule valid over the dates without any hours.
        closed = lang.gettext(CLOSED_NOTE).format(note=note) if note else None
        closed = closed or lang.gettext(CLOSED)
        add("schedule", id=row_id, **owner, valid_from=first, valid_to=last, description=closed)
        return
    weekdays = sorted(_weekdays(exception.date_from, exception.date_to))
    add(
        "schedule",
        id=row_id,
        **owner,
        valid_from=first,
        valid_to=last,
        dtstart=first,
        until=last,
        freq="WEEKLY",
        wkst="MO",
        byday=",".join(BYDAY[d] for d in weekdays),
        description=note,
        opens_at=hsds_time(opens),
        closes_at=hsds_time(closes),
        attending_type=lang.gettext(attending),
        notes=lang.gettext(NEXT_DAY) if closes <= opens else None,
    )


def _weekdays(first: dt.date, last: dt.date) -> Iterable[int]:
    days = min((last - first).days + 1, 7)
    return {(first + dt.timedelta(days=n)).weekday() for n in range(days)}
