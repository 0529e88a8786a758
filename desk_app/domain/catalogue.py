"""Catalogue read models: what the desk knows about actors, programmes, services and channels.

These are frozen value objects built by the repositories from the database and handed through the
services to the UI, the CLI and the handouts. They carry every language of every text.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from desk_app.domain.codes import ChannelKind, ServiceStatus
from desk_app.domain.texts import EMPTY_TEXTS, Texts


@dataclass(frozen=True)
class Topic:
    code: str
    label: Texts
    ptv_classes: tuple[str, ...] = ()
    sort_order: int = 0
    retired: bool = False


@dataclass(frozen=True)
class Organisation:
    code: str
    kind: str
    name: Texts
    description: Texts
    url: str | None = None
    business_id: str | None = None


@dataclass(frozen=True)
class Programme:
    code: str
    organisation_code: str
    name: Texts
    funding_source: str | None
    eura_code: str | None
    valid_from: dt.date | None
    valid_to: dt.date | None
    description: Texts = EMPTY_TEXTS

    def is_active(self, today: dt.date) -> bool:
        return is_within(today, self.valid_from, self.valid_to)


@dataclass(frozen=True)
class RegularHours:
    weekday: int  # 0 = Monday
    opens: dt.time
    closes: dt.time

    @property
    def over_midnight(self) -> bool:
        return self.closes <= self.opens


@dataclass(frozen=True)
class ExceptionalHours:
    date_from: dt.date
    date_to: dt.date
    closed: bool
    opens: dt.time | None
    closes: dt.time | None
    note: Texts


@dataclass(frozen=True)
class Channel:
    code: str
    kind: ChannelKind
    name: Texts
    description: Texts
    organisation_code: str = ""
    street: str | None = None
    postal_code: str | None = None
    post_office: str | None = None
    room: str | None = None
    directions: Texts = EMPTY_TEXTS
    accessibility: Texts = EMPTY_TEXTS
    phone: str | None = None
    email: str | None = None
    url: str | None = None
    appointment_only: bool = False
    hours: tuple[RegularHours, ...] = ()
    exceptions: tuple[ExceptionalHours, ...] = ()

    @property
    def address_line(self) -> str:
        parts = [self.street or "", " ".join(p for p in (self.postal_code, self.post_office) if p)]
        return ", ".join(p for p in parts if p)


@dataclass(frozen=True)
class ServiceSummary:
    """One row of the finder and of ``catalogue list``."""

    code: str
    name: Texts
    summary: Texts
    organisation_code: str
    organisation_name: Texts
    topic_codes: tuple[str, ...]
    languages: tuple[str, ...]
    status: ServiceStatus
    valid_from: dt.date | None
    valid_to: dt.date | None
    is_example: bool
    keywords: Texts = EMPTY_TEXTS
    description: Texts = EMPTY_TEXTS  # searched by the finder; the card shows it from the detail

    def is_active(self, today: dt.date) -> bool:
        return self.status is ServiceStatus.ACTIVE and is_within(
            today, self.valid_from, self.valid_to
        )

    def has_ended(self, today: dt.date) -> bool:
        return self.valid_to is not None and self.valid_to < today


@dataclass(frozen=True)
class ServiceDetail:
    """Everything the service card and the handouts show about one service."""

    summary: ServiceSummary
    description: Texts
    audience: Texts
    how_to_apply: Texts
    what_to_bring: Texts
    programme: Programme | None
    channels: tuple[Channel, ...]
    checked_on: dt.date | None

    @property
    def code(self) -> str:
        return self.summary.code


def is_within(day: dt.date, start: dt.date | None, end: dt.date | None) -> bool:
    """Whether ``day`` lies in the inclusive validity range (open ends allowed)."""
    return (start is None or start <= day) and (end is None or day <= end)


DateRange = tuple[dt.date | None, dt.date | None]


def narrowest_range(first: DateRange, second: DateRange) -> DateRange:
    """The overlap of two validity ranges (open ends allowed): the later start, the earlier end."""
    starts = [d for d in (first[0], second[0]) if d is not None]
    ends = [d for d in (first[1], second[1]) if d is not None]
    return (max(starts) if starts else None, min(ends) if ends else None)


@dataclass(frozen=True)
class VisitCodes:
    """The catalogue ids behind the codes of one visit, as one lookup finds them.

    Codes that are not in the catalogue are simply absent; ``unavailable`` lists the found
    service codes that are not active on the visit's day (status, or their own or their
    programme's validity), sorted.
    """

    topic_ids: dict[str, str]
    service_ids: dict[str, str]
    unavailable: list[str]
    programme_ids: dict[str, str]
