"""The records the catalogue editors send to ``CatalogueAdmin`` and get back from it.

Plain frozen values, no rules: a form fills a ``ServiceEdit``, ``ChannelEdit`` or ``HoursEdit``
as typed (the use cases validate it), an editor is loaded from a ``LoadedService`` or
``LoadedChannel`` (the form plus where its row came from and when its texts changed), and a write
answers with a ``CatalogueChange``. They live apart from the use cases so the editors, the use
cases and the repository's stamps share one definition of each.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TypedDict

from desk_app.domain.catalogue import (
    Channel,
    ExceptionalHours,
    Organisation,
    Programme,
    RegularHours,
    Topic,
)
from desk_app.domain.catalogue_rules import missing_translations, stale_translations
from desk_app.domain.codes import SERVICE_LANGUAGES, TEXT_LANGUAGES, ChannelKind, ServiceStatus

TextStamps = dict[str, dict[str, dt.datetime]]
RowStamp = tuple[str, bool, dt.datetime]
RawTexts = Mapping[str, Mapping[str, str]]
"""{field: {lang: text}} as a form holds it (empty strings for empty cells)."""


@dataclass(frozen=True)
class ServiceEdit:
    """A service as its editor holds it. ``texts`` has every field of ``SERVICE_TEXT_FIELDS``
    that has any text, in any of ``TEXT_LANGUAGES``; its channels are edited separately."""

    code: str
    organisation_code: str
    programme_code: str | None = None
    status: ServiceStatus = ServiceStatus.DRAFT
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    checked_on: dt.date | None = None
    topic_codes: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    texts: RawTexts = field(default_factory=dict)


@dataclass(frozen=True)
class ChannelEdit:
    """A channel as its editor holds it (its hours are ``HoursEdit``)."""

    code: str
    kind: ChannelKind
    organisation_code: str
    texts: RawTexts = field(default_factory=dict)
    street: str = ""
    postal_code: str = ""
    post_office: str = ""
    room: str = ""
    phone: str = ""
    email: str = ""
    url: str = ""
    appointment_only: bool = False


@dataclass(frozen=True)
class HoursEdit:
    """A channel's opening hours as the hours editor holds them. ``appointment_only`` None
    leaves the channel's flag as it is."""

    weekly: tuple[RegularHours, ...] = ()
    exceptions: tuple[ExceptionalHours, ...] = ()
    appointment_only: bool | None = None


@dataclass(frozen=True)
class Translations:
    """When each text of a row last changed, to mark translations the editor should look at."""

    updated_at: Mapping[str, Mapping[str, dt.datetime]] = field(default_factory=dict)

    def stale(self, texts: RawTexts, field_name: str) -> frozenset[str]:
        """Languages of ``field_name`` translated before the Finnish text last changed."""
        return stale_translations(self.updated_at.get(field_name, {}), texts.get(field_name, {}))

    @staticmethod
    def missing(texts: RawTexts, field_name: str, languages: Sequence[str]) -> frozenset[str]:
        """Languages of ``languages`` without a text while the Finnish one has one."""
        return missing_translations(texts.get(field_name, {}), languages)


@dataclass(frozen=True)
class LoadedService:
    """One service for the editor: the form, where the row came from, and its channels."""

    edit: ServiceEdit
    source: str
    is_example: bool
    updated_at: dt.datetime
    translations: Translations
    channels: tuple[Channel, ...]


@dataclass(frozen=True)
class LoadedChannel:
    edit: ChannelEdit
    hours: HoursEdit
    source: str
    is_example: bool
    updated_at: dt.datetime
    translations: Translations
    service_codes: tuple[str, ...]
    """The services that use this channel: an edit shows on all of them."""


@dataclass(frozen=True)
class EditChoices:
    """What the editors' choosers offer (retired topics and ended programmes included: a
    service may still carry them)."""

    organisations: tuple[Organisation, ...]
    programmes: tuple[Programme, ...]
    topics: tuple[Topic, ...]
    service_languages: tuple[str, ...] = SERVICE_LANGUAGES
    text_languages: tuple[str, ...] = TEXT_LANGUAGES


@dataclass(frozen=True)
class CatalogueChange:
    """What a write did: whether anything changed, and the services that now read differently
    (refresh their finder rows and cards)."""

    changed: bool
    service_codes: tuple[str, ...] = ()


class Provenance(TypedDict):
    """The fields a ``LoadedService`` and a ``LoadedChannel`` take from their row's stamps."""

    source: str
    is_example: bool
    updated_at: dt.datetime
    translations: Translations


def provenance(stamps: tuple[RowStamp, TextStamps]) -> Provenance:
    """Where a stored row came from, when it changed, and when each of its texts did."""
    (source, is_example, updated_at), text_stamps = stamps
    return {
        "source": source,
        "is_example": is_example,
        "updated_at": updated_at,
        "translations": Translations(text_stamps),
    }
