"""The catalogue exchange document (format ``pointti-desk-catalogue``, version 1), parsed strictly.

The example catalogue in ``resources/seed/`` uses this format, and so will the JSON export/import.
``parse_document`` turns decoded JSON into frozen value objects or raises ``SeedError`` naming the
first problem with its path (``services[3].channels[1]``), so a broken file never half-loads.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from desk_app.domain.catalogue import (
    Channel,
    ExceptionalHours,
    Organisation,
    Programme,
    RegularHours,
    Topic,
)
from desk_app.domain.codes import (
    SERVICE_LANGUAGES,
    TEXT_LANGUAGES,
    WEEKDAYS,
    ChannelKind,
    OrganisationKind,
    ServiceStatus,
)
from desk_app.domain.errors import SeedError
from desk_app.domain.texts import REQUIRED_LANGUAGE, Texts

FORMAT_NAME = "pointti-desk-catalogue"
FORMAT_VERSION = 1
CODE_PATTERN = re.compile(r"^[A-Z0-9][A-Z0-9-]{0,39}$")
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


@dataclass(frozen=True)
class CatalogueDocument:
    version: int
    example: bool
    checked_on: dt.date | None
    note: Texts
    topics: tuple[Topic, ...]
    organisations: tuple[Organisation, ...]
    programmes: tuple[Programme, ...]
    channels: tuple[Channel, ...]
    services: tuple[ServiceEntry, ...]


class _Reader:
    """Typed access to one JSON object, raising ``SeedError`` with the path on any mismatch."""

    def __init__(self, value: Any, path: str) -> None:
        if not isinstance(value, dict):
            raise SeedError(f"{path}: expected an object")
        self.value = value
        self.path = path

    def _get(self, key: str, required: bool) -> Any:
        if key not in self.value or self.value[key] is None:
            if required:
                raise SeedError(f"{self.path}.{key}: missing")
            return None
        return self.value[key]

    def string(self, key: str, required: bool = True, max_len: int = 500) -> Any:
        value = self._get(key, required)
        if value is None:
            return None
        if not isinstance(value, str) or not value.strip() or len(value) > max_len:
            raise SeedError(f"{self.path}.{key}: expected a non-empty string of at most {max_len}")
        return value.strip()

    def code(self, key: str, required: bool = True) -> Any:
        value = self.string(key, required, max_len=40)
        if value is not None and not CODE_PATTERN.match(value):
            raise SeedError(f"{self.path}.{key}: {value!r} is not a code (A-Z, 0-9, -)")
        return value

    def flag(self, key: str, default: bool) -> bool:
        value = self._get(key, False)
        if value is None:
            return default
        if not isinstance(value, bool):
            raise SeedError(f"{self.path}.{key}: expected true or false")
        return value

    def date(self, key: str, required: bool = False) -> dt.date | None:
        value = self.string(key, required, max_len=10)
        if value is None:
            return None
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise SeedError(f"{self.path}.{key}: {value!r} is not a date YYYY-MM-DD") from None

    def time(self, key: str) -> dt.time:
        value = self.string(key, True, max_len=5)
        if not re.fullmatch(r"\d\d:\d\d", value):
            raise SeedError(f"{self.path}.{key}: {value!r} is not a time HH:MM")
        try:
            return dt.time.fromisoformat(value)
        except ValueError:
            raise SeedError(f"{self.path}.{key}: {value!r} is not a time HH:MM") from None

    def list(self, key: str, required: bool = False) -> list[Any]:
        value = self._get(key, required)
        if value is None:
            return []
        if not isinstance(value, list):
            raise SeedError(f"{self.path}.{key}: expected a list")
        return value

    def codes(self, key: str, required: bool = False) -> tuple[str, ...]:
        items = self.list(key, required)
        for index, item in enumerate(items):
            if not isinstance(item, str) or not CODE_PATTERN.match(item):
                raise SeedError(f"{self.path}.{key}[{index}]: {item!r} is not a code")
            if item in items[:index]:
                raise SeedError(f"{self.path}.{key}[{index}]: {item} is listed twice")
        return tuple(items)

    def texts(self, key: str, required: bool = False) -> Texts:
        value = self._get(key, required)
        if value is None:
            return Texts()
        if not isinstance(value, dict):
            raise SeedError(f"{self.path}.{key}: expected an object of language: text")
        for lang, text in value.items():
            if lang not in TEXT_LANGUAGES:
                raise SeedError(f"{self.path}.{key}.{lang}: unknown language")
            if not isinstance(text, str) or len(text) > 5000:
                raise SeedError(f"{self.path}.{key}.{lang}: expected text")
        texts = Texts(value)
        if required and REQUIRED_LANGUAGE not in texts:
            raise SeedError(f"{self.path}.{key}: the Finnish text (fi) is required")
        if texts and REQUIRED_LANGUAGE not in texts:
            raise SeedError(f"{self.path}.{key}: has translations but no Finnish text (fi)")
        return texts

    def choice(self, key: str, enum: Iterable[str], default: str | None = None) -> Any:
        value = self._get(key, default is None)
        if value is None:
            return default
        allowed = list(enum)
        if value not in allowed:
            raise SeedError(f"{self.path}.{key}: {value!r} is not one of {', '.join(allowed)}")
        return value


def _unique(items: Iterable[Any], what: str) -> dict[str, Any]:
    seen: dict[str, Any] = {}
    for item in items:
        if item.code in seen:
            raise SeedError(f"{what}: duplicate code {item.code}")
        seen[item.code] = item
    return seen


def _parse_topic(raw: Any, path: str, order: int) -> Topic:
    r = _Reader(raw, path)
    classes = r.list("ptv_classes")
    if not all(isinstance(c, str) for c in classes):
        raise SeedError(f"{path}.ptv_classes: expected a list of strings")
    return Topic(
        code=r.code("code"),
        label=r.texts("label", True),
        ptv_classes=tuple(classes),
        sort_order=order,
    )


def _parse_organisation(raw: Any, path: str) -> Organisation:
    r = _Reader(raw, path)
    return Organisation(
        code=r.code("code"),
        kind=r.choice("kind", [k.value for k in OrganisationKind]),
        name=r.texts("name", True),
        description=r.texts("description"),
        url=r.string("url", False),
        business_id=r.string("business_id", False, max_len=12),
    )


def _parse_programme(raw: Any, path: str) -> Programme:
    r = _Reader(raw, path)
    programme = Programme(
        code=r.code("code"),
        organisation_code=r.code("organisation"),
        name=r.texts("name", True),
        funding_source=r.string("funding_source", False, 120),
        eura_code=r.string("eura_code", False, 20),
        valid_from=r.date("valid_from"),
        valid_to=r.date("valid_to"),
        description=r.texts("description"),
    )
    _check_range(programme.valid_from, programme.valid_to, path)
    return programme


def _check_range(start: dt.date | None, end: dt.date | None, path: str) -> None:
    if start and end and end < start:
        raise SeedError(f"{path}: valid_to is before valid_from")


def _parse_hours(raw: Any, path: str) -> list[RegularHours]:
    r = _Reader(raw, path)
    days = r.list("days", True)
    if not days or not all(d in WEEKDAYS for d in days):
        raise SeedError(f"{path}.days: expected weekdays among {', '.join(WEEKDAYS)}")
    opens, closes = r.time("opens"), r.time("closes")
    return [RegularHours(WEEKDAYS.index(d), opens, closes) for d in days]


def _parse_exception(raw: Any, path: str) -> ExceptionalHours:
    r = _Reader(raw, path)
    start, end = r.date("from", True), r.date("to", True)
    assert start is not None and end is not None
    if end < start:
        raise SeedError(f"{path}: 'to' is before 'from'")
    closed = r.flag("closed", True)
    opens = None if closed else r.time("opens")
    closes = None if closed else r.time("closes")
    return ExceptionalHours(start, end, closed, opens, closes, r.texts("note"))


def _parse_channel(raw: Any, path: str) -> Channel:
    r = _Reader(raw, path)
    kind = ChannelKind(r.choice("kind", [k.value for k in ChannelKind]))
    address = r.value.get("address")
    street = postal_code = post_office = None
    if address is not None:
        a = _Reader(address, path + ".address")
        street, postal_code = a.string("street", True, 200), a.string("postal_code", False, 10)
        post_office = a.string("post_office", False, 100)
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
    hours: list[RegularHours] = []
    for index, item in enumerate(r.list("hours")):
        hours.extend(_parse_hours(item, f"{path}.hours[{index}]"))
    exceptions = tuple(
        _parse_exception(item, f"{path}.exceptions[{index}]")
        for index, item in enumerate(r.list("exceptions"))
    )
    return Channel(
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
        hours=tuple(sorted(hours, key=lambda h: (h.weekday, h.opens))),
        exceptions=exceptions,
    )


def _parse_service(raw: Any, path: str) -> ServiceEntry:
    r = _Reader(raw, path)
    languages = r.list("languages")
    for index, lang in enumerate(languages):
        if lang not in SERVICE_LANGUAGES:
            raise SeedError(f"{path}.languages: unknown language {lang!r}")
        if lang in languages[:index]:
            raise SeedError(f"{path}.languages[{index}]: {lang} is listed twice")
    texts = {name: r.texts(name, name in REQUIRED_SERVICE_TEXTS) for name in SERVICE_TEXT_FIELDS}
    entry = ServiceEntry(
        code=r.code("code"),
        organisation_code=r.code("organisation"),
        programme_code=r.code("programme", False),
        status=ServiceStatus(r.choice("status", [s.value for s in ServiceStatus], "active")),
        valid_from=r.date("valid_from"),
        valid_to=r.date("valid_to"),
        checked_on=r.date("checked_on"),
        topic_codes=r.codes("topics", True),
        languages=tuple(languages),
        channel_codes=r.codes("channels"),
        texts=texts,
    )
    if not entry.topic_codes:
        raise SeedError(f"{path}.topics: at least one topic is required")
    _check_range(entry.valid_from, entry.valid_to, path)
    return entry


def parse_document(raw: Any) -> CatalogueDocument:
    """Validate a decoded catalogue document; raise ``SeedError`` at the first problem."""
    r = _Reader(raw, "catalogue")
    if r.value.get("format") != FORMAT_NAME:
        raise SeedError(f"catalogue.format: expected {FORMAT_NAME!r}")
    version = r.value.get("version")
    if version != FORMAT_VERSION:
        raise SeedError(
            f"catalogue.version: {version!r} is not supported (expected {FORMAT_VERSION})"
        )

    def each(key: str) -> list[tuple[Any, str]]:
        return [(item, f"{key}[{i}]") for i, item in enumerate(r.list(key))]

    topics = _unique(
        (_parse_topic(item, path, i) for i, (item, path) in enumerate(each("topics"))), "topics"
    )
    organisations = _unique(
        (_parse_organisation(*a) for a in each("organisations")), "organisations"
    )
    programmes = _unique((_parse_programme(*a) for a in each("programmes")), "programmes")
    channels = _unique((_parse_channel(*a) for a in each("channels")), "channels")
    services = _unique((_parse_service(*a) for a in each("services")), "services")

    def must_exist(code: str | None, known: Mapping[str, Any], what: str, path: str) -> None:
        if code is not None and code not in known:
            raise SeedError(f"{path}: unknown {what} {code}")

    for code, programme in programmes.items():
        must_exist(programme.organisation_code, organisations, "organisation", f"programme {code}")
    for code, channel in channels.items():
        must_exist(channel.organisation_code, organisations, "organisation", f"channel {code}")
    for code, service in services.items():
        path = f"service {code}"
        must_exist(service.organisation_code, organisations, "organisation", path)
        must_exist(service.programme_code, programmes, "programme", path)
        for topic in service.topic_codes:
            must_exist(topic, topics, "topic", path)
        for channel_code in service.channel_codes:
            must_exist(channel_code, channels, "channel", path)

    return CatalogueDocument(
        version=version,
        example=r.flag("example", False),
        checked_on=r.date("checked_on"),
        note=r.texts("note"),
        topics=tuple(topics.values()),
        organisations=tuple(organisations.values()),
        programmes=tuple(programmes.values()),
        channels=tuple(channels.values()),
        services=tuple(services.values()),
    )
