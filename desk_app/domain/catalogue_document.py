"""The catalogue exchange document (format ``pointti-desk-catalogue``), parsed strictly.

Version 1 is the example catalogue in ``resources/seed/``: the content staff see. Version 2 is
what ``pointti-desk catalogue export`` writes: everything the database holds, so an export
imported into an empty database exports again byte for byte. It adds, per entity, where it came
from and when it last changed (``source``, ``example``, ``ptv_id``, ``ptv_modified``,
``updated_at``, ``text_times``), a topic's ``sort_order``, ``retired_on`` and ``merged_into``, an
organisation's ``checked_on``, an address's country and coordinates, and the validity of weekly
hours. Both versions parse; entities are keyed by their stable codes.

``parse_document`` turns decoded JSON into frozen value objects or raises ``SeedError`` naming the
first problem with its path (``services[3].channels[1]``), so a broken file never half-loads. The
entries are the domain's catalogue objects with the extra fields as subclasses, so code that reads
a document as plain ``Topic``/``Channel``/… objects (the loader, the HSDS export) is unaffected.
Writing a document is in ``catalogue_document_write``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from itertools import chain
from typing import Any

from desk_app.domain.catalogue import (
    Channel,
    ExceptionalHours,
    Organisation,
    Programme,
    RegularHours,
    Topic,
)
from desk_app.domain.catalogue_reader import Reader
from desk_app.domain.codes import (
    SERVICE_LANGUAGES,
    TEXT_LANGUAGES,
    WEEKDAYS,
    ChannelKind,
    OrganisationKind,
    ServiceStatus,
    Source,
)
from desk_app.domain.errors import SeedError
from desk_app.domain.texts import Texts

FORMAT_NAME = "pointti-desk-catalogue"
FORMAT_VERSION = 2
"""The version ``catalogue export`` writes; every version up to it is read."""
SUPPORTED_VERSIONS = (1, 2)
SERVICE_TEXT_FIELDS = (
    "name",
    "summary",
    "description",
    "audience",
    "how_to_apply",
    "what_to_bring",
    "keywords",
)
REQUIRED_SERVICE_TEXTS = ("name", "summary")


@dataclass(frozen=True)
class Record:
    """Where an entity came from and when it last changed, as the database keeps them.

    ``updated_at`` is the latest change of the entity's row and of its texts (UTC); None when the
    file does not say (version 1), which the import treats as "not known to be newer".
    ``text_times`` holds (field, language, time) of the texts last changed *before* that, so a
    translation older than its Finnish text (the staleness report) stays so across an export and
    import; the other texts changed at ``updated_at``."""

    source: str = Source.IMPORT.value
    is_example: bool = False
    ptv_id: str | None = None
    ptv_modified: dt.datetime | None = None
    updated_at: dt.datetime | None = None
    text_times: tuple[tuple[str, str, dt.datetime], ...] = ()

    def text_time(self, field: str, lang: str) -> dt.datetime | None:
        """When the text ``field`` in ``lang`` last changed, as far as the record says."""
        for name, language, moment in self.text_times:
            if (name, language) == (field, lang):
                return moment
        return self.updated_at


NO_RECORD = Record()


@dataclass(frozen=True)
class TopicEntry(Topic):
    retired_on: dt.date | None = None
    merged_into: str | None = None
    record: Record = NO_RECORD


@dataclass(frozen=True)
class OrganisationEntry(Organisation):
    checked_on: dt.date | None = None
    record: Record = NO_RECORD


@dataclass(frozen=True)
class ProgrammeEntry(Programme):
    record: Record = NO_RECORD


@dataclass(frozen=True)
class HoursEntry(RegularHours):
    """A weekly period with the dates it applies between (open ends allowed)."""

    valid_from: dt.date | None = None
    valid_to: dt.date | None = None


@dataclass(frozen=True)
class ChannelEntry(Channel):
    country: str = "FI"
    coord_north: float | None = None  # EPSG:3067, as PTV gives them
    coord_east: float | None = None
    record: Record = NO_RECORD


@dataclass(frozen=True)
class ServiceEntry:
    code: str
    organisation_code: str
    programme_code: str | None
    status: ServiceStatus
    valid_from: dt.date | None
    valid_to: dt.date | None
    checked_on: dt.date | None
    topic_codes: tuple[str, ...]
    languages: tuple[str, ...]
    channel_codes: tuple[str, ...]
    texts: Mapping[str, Texts]
    record: Record = NO_RECORD


@dataclass(frozen=True)
class CatalogueDocument:
    version: int
    example: bool
    checked_on: dt.date | None
    note: Texts
    topics: tuple[TopicEntry, ...]
    organisations: tuple[OrganisationEntry, ...]
    programmes: tuple[ProgrammeEntry, ...]
    channels: tuple[ChannelEntry, ...]
    services: tuple[ServiceEntry, ...]

    def latest_change(self) -> dt.datetime | None:
        """The newest ``updated_at`` of any entity in the document; None if it gives none."""
        records = chain(
            (entry.record for entry in self.topics),
            (entry.record for entry in self.organisations),
            (entry.record for entry in self.programmes),
            (entry.record for entry in self.channels),
            (entry.record for entry in self.services),
        )
        return max((r.updated_at for r in records if r.updated_at is not None), default=None)


def _unique(items: Iterable[Any], key: str) -> dict[str, Any]:
    seen: dict[str, Any] = {}
    first: dict[str, int] = {}
    for index, item in enumerate(items):
        if item.code in seen:
            raise SeedError(
                f"{key}[{index}].code: duplicate code {item.code} (also {key}[{first[item.code]}])"
            )
        seen[item.code] = item
        first[item.code] = index
    return seen


def _unique_ptv_ids(items: Iterable[Any], key: str) -> None:
    seen: dict[str, int] = {}
    for index, item in enumerate(items):
        ptv_id = item.record.ptv_id
        if ptv_id is not None:
            if ptv_id in seen:
                raise SeedError(
                    f"{key}[{index}].ptv_id: {ptv_id} is also the PTV id of {key}[{seen[ptv_id]}]"
                )
            seen[ptv_id] = index


@dataclass(frozen=True)
class _Defaults:
    """What a version 1 document says once for all its entities."""

    version: int
    example: bool
    checked_on: dt.date | None


def _record(r: Reader, defaults: _Defaults, *, topic: bool = False) -> Record:
    example = defaults.example
    if not topic and defaults.version >= 2:
        example = r.flag("example", example)
    source = (Source.EXAMPLE if example else Source.IMPORT).value
    if defaults.version < 2:
        return Record(source=source, is_example=example)
    return Record(
        source=r.choice("source", [s.value for s in Source], source),
        is_example=example,
        ptv_id=None if topic else r.string("ptv_id", False, max_len=36),
        ptv_modified=None if topic else r.moment("ptv_modified"),
        updated_at=r.moment("updated_at"),
        text_times=_text_times(r),
    )


def _text_times(r: Reader) -> tuple[tuple[str, str, dt.datetime], ...]:
    """``text_times``: {field: {language: time}}, as sorted triples."""
    if r.value.get("text_times") is None:
        return ()
    fields = Reader(r.value["text_times"], f"{r.path}.text_times")
    found = []
    for field in fields.value:
        langs = Reader(fields.value[field], f"{fields.path}.{field}")
        for lang in langs.value:
            moment = langs.moment(lang)
            if lang not in TEXT_LANGUAGES or moment is None:
                raise SeedError(f"{langs.path}.{lang}: expected a known language and a time")
            found.append((field, lang, moment))
    return tuple(sorted(found))


def _parse_topic(raw: Any, path: str, order: int, defaults: _Defaults) -> TopicEntry:
    r = Reader(raw, path)
    classes = r.list("ptv_classes")
    if not all(isinstance(c, str) and 0 < len(c) <= 20 for c in classes):
        raise SeedError(f"{path}.ptv_classes: expected a list of short strings")
    if defaults.version >= 2 and r.value.get("sort_order") is not None:
        order = r.value["sort_order"]
        if isinstance(order, bool) or not isinstance(order, int) or abs(order) > 1_000_000:
            raise SeedError(f"{path}.sort_order: expected a whole number")
    retired_on = r.date("retired_on") if defaults.version >= 2 else None
    return TopicEntry(
        code=r.code("code"),
        label=r.texts("label", True),
        ptv_classes=tuple(classes),
        sort_order=order,
        retired=retired_on is not None,
        retired_on=retired_on,
        merged_into=r.code("merged_into", False) if defaults.version >= 2 else None,
        record=_record(r, defaults, topic=True),
    )


def _parse_organisation(raw: Any, path: str, defaults: _Defaults) -> OrganisationEntry:
    r = Reader(raw, path)
    return OrganisationEntry(
        code=r.code("code"),
        kind=r.choice("kind", [k.value for k in OrganisationKind]),
        name=r.texts("name", True),
        description=r.texts("description"),
        url=r.string("url", False),
        business_id=r.string("business_id", False, max_len=12),
        checked_on=r.date("checked_on") or defaults.checked_on,
        record=_record(r, defaults),
    )


def _parse_programme(raw: Any, path: str, defaults: _Defaults) -> ProgrammeEntry:
    r = Reader(raw, path)
    programme = ProgrammeEntry(
        code=r.code("code"),
        organisation_code=r.code("organisation"),
        name=r.texts("name", True),
        funding_source=r.string("funding_source", False, 120),
        eura_code=r.string("eura_code", False, 20),
        valid_from=r.date("valid_from"),
        valid_to=r.date("valid_to"),
        description=r.texts("description"),
        record=_record(r, defaults),
    )
    _check_range(programme.valid_from, programme.valid_to, path)
    return programme


def _check_range(start: dt.date | None, end: dt.date | None, path: str) -> None:
    if start and end and end < start:
        raise SeedError(f"{path}: valid_to is before valid_from")


def _parse_hours(raw: Any, path: str) -> list[HoursEntry]:
    r = Reader(raw, path)
    days = r.list("days", True)
    if not days or not all(isinstance(d, str) and d in WEEKDAYS for d in days):
        raise SeedError(f"{path}.days: expected weekdays among {', '.join(WEEKDAYS)}")
    opens, closes = r.time("opens"), r.time("closes")
    valid_from, valid_to = r.date("valid_from"), r.date("valid_to")
    _check_range(valid_from, valid_to, path)
    return [HoursEntry(WEEKDAYS.index(d), opens, closes, valid_from, valid_to) for d in days]


def hours_order(hours: RegularHours) -> tuple[Any, ...]:
    """The order of weekly periods in a channel: by day and time, then validity."""
    valid_from = hours.valid_from if isinstance(hours, HoursEntry) else None
    valid_to = hours.valid_to if isinstance(hours, HoursEntry) else None
    return (
        hours.weekday,
        hours.opens,
        hours.closes,
        valid_from or dt.date.min,
        valid_to or dt.date.max,
    )


def _parse_exception(raw: Any, path: str) -> ExceptionalHours:
    r = Reader(raw, path)
    start, end = r.date("from", True), r.date("to", True)
    assert start is not None and end is not None
    if end < start:
        raise SeedError(f"{path}: 'to' is before 'from'")
    closed = r.flag("closed", True)
    opens = None if closed else r.time("opens")
    closes = None if closed else r.time("closes")
    return ExceptionalHours(start, end, closed, opens, closes, r.texts("note"))


def _parse_channel(raw: Any, path: str, defaults: _Defaults) -> ChannelEntry:
    r = Reader(raw, path)
    kind = ChannelKind(r.choice("kind", [k.value for k in ChannelKind]))
    address = r.value.get("address")
    street = postal_code = post_office = None
    country, north, east = "FI", None, None
    if address is not None:
        a = Reader(address, path + ".address")
        street, postal_code = a.string("street", True, 200), a.string("postal_code", False, 10)
        post_office = a.string("post_office", False, 100)
        if defaults.version >= 2:
            country = a.string("country", False, 2) or "FI"
            north, east = a.number("coord_north"), a.number("coord_east")
    if kind is ChannelKind.LOCATION and street is None:
        raise SeedError(f"{path}.address: a visiting place needs an address")
    url = r.string("url", False)
    if kind in (ChannelKind.ESERVICE, ChannelKind.WEBPAGE, ChannelKind.PRINTABLE_FORM) and not url:
        raise SeedError(f"{path}.url: a {kind.value} channel needs a web address")
    if url and not url.startswith(("https://", "http://")):
        raise SeedError(f"{path}.url: {url!r} is not a web address")
    phone = r.string("phone", False, 40)
    if kind is ChannelKind.PHONE and not phone:
        raise SeedError(f"{path}.phone: a phone channel needs a number")
    hours: list[HoursEntry] = []
    for index, item in enumerate(r.list("hours")):
        hours.extend(_parse_hours(item, f"{path}.hours[{index}]"))
    exceptions = tuple(
        _parse_exception(item, f"{path}.exceptions[{index}]")
        for index, item in enumerate(r.list("exceptions"))
    )
    return ChannelEntry(
        code=r.code("code"),
        kind=kind,
        name=r.texts("name", True),
        description=r.texts("description"),
        organisation_code=r.code("organisation"),
        street=street,
        postal_code=postal_code,
        post_office=post_office,
        room=r.string("room", False, 200),
        directions=r.texts("directions"),
        accessibility=r.texts("accessibility"),
        phone=phone,
        email=r.string("email", False, 200),
        url=url,
        appointment_only=r.flag("appointment_only", False),
        hours=tuple(sorted(hours, key=hours_order)),
        exceptions=exceptions,
        country=country,
        coord_north=north,
        coord_east=east,
        record=_record(r, defaults),
    )


def _parse_service(raw: Any, path: str, defaults: _Defaults) -> ServiceEntry:
    r = Reader(raw, path)
    languages = r.list("languages")
    seen: set[str] = set()
    for index, lang in enumerate(languages):
        if not isinstance(lang, str) or lang not in SERVICE_LANGUAGES:
            raise SeedError(f"{path}.languages: unknown language {lang!r}")
        if lang in seen:
            raise SeedError(f"{path}.languages[{index}]: {lang} is listed twice")
        seen.add(lang)
    texts = {name: r.texts(name, name in REQUIRED_SERVICE_TEXTS) for name in SERVICE_TEXT_FIELDS}
    entry = ServiceEntry(
        code=r.code("code"),
        organisation_code=r.code("organisation"),
        programme_code=r.code("programme", False),
        status=ServiceStatus(r.choice("status", [s.value for s in ServiceStatus], "active")),
        valid_from=r.date("valid_from"),
        valid_to=r.date("valid_to"),
        checked_on=r.date("checked_on") or defaults.checked_on,
        topic_codes=r.codes("topics", True),
        languages=tuple(languages),
        channel_codes=r.codes("channels"),
        texts=texts,
        record=_record(r, defaults),
    )
    if not entry.topic_codes:
        raise SeedError(f"{path}.topics: at least one topic is required")
    _check_range(entry.valid_from, entry.valid_to, path)
    return entry


def parse_document(raw: Any) -> CatalogueDocument:
    """Validate a decoded catalogue document; raise ``SeedError`` at the first problem."""
    r = Reader(raw, "catalogue")
    if r.value.get("format") != FORMAT_NAME:
        raise SeedError(f"catalogue.format: expected {FORMAT_NAME!r}")
    version = r.value.get("version")
    if isinstance(version, bool) or version not in SUPPORTED_VERSIONS:
        raise SeedError(
            f"catalogue.version: {version!r} is not supported (expected one of "
            f"{', '.join(map(str, SUPPORTED_VERSIONS))})"
        )
    defaults = _Defaults(version, r.flag("example", False), r.date("checked_on"))

    def each(key: str) -> list[tuple[Any, str, _Defaults]]:
        return [(item, f"{key}[{i}]", defaults) for i, item in enumerate(r.list(key))]

    topics = _unique(
        (
            _parse_topic(item, path, i, defaults)
            for i, (item, path, _d) in enumerate(each("topics"))
        ),
        "topics",
    )
    organisations = _unique(
        (_parse_organisation(*a) for a in each("organisations")), "organisations"
    )
    programmes = _unique((_parse_programme(*a) for a in each("programmes")), "programmes")
    channels = _unique((_parse_channel(*a) for a in each("channels")), "channels")
    services = _unique((_parse_service(*a) for a in each("services")), "services")
    for key, entries in (
        ("organisations", organisations),
        ("programmes", programmes),
        ("channels", channels),
        ("services", services),
    ):
        _unique_ptv_ids(entries.values(), key)

    def must_exist(code: str | None, known: Mapping[str, Any], what: str, path: str) -> None:
        if code is not None and code not in known:
            raise SeedError(f"{path}: unknown {what} {code}")

    for code, topic in topics.items():
        must_exist(topic.merged_into, topics, "topic", f"topic {code}.merged_into")
        if topic.merged_into == code:
            raise SeedError(f"topic {code}.merged_into: a topic cannot be merged into itself")
    for code, programme in programmes.items():
        must_exist(programme.organisation_code, organisations, "organisation", f"programme {code}")
    for code, channel in channels.items():
        must_exist(channel.organisation_code, organisations, "organisation", f"channel {code}")
    for code, service in services.items():
        path = f"service {code}"
        must_exist(service.organisation_code, organisations, "organisation", path)
        must_exist(service.programme_code, programmes, "programme", path)
        for topic_code in service.topic_codes:
            must_exist(topic_code, topics, "topic", path)
        for channel_code in service.channel_codes:
            must_exist(channel_code, channels, "channel", path)

    return CatalogueDocument(
        version=version,
        example=defaults.example,
        checked_on=defaults.checked_on,
        note=r.texts("note"),
        topics=tuple(topics.values()),
        organisations=tuple(organisations.values()),
        programmes=tuple(programmes.values()),
        channels=tuple(channels.values()),
        services=tuple(services.values()),
    )
