"""Writing a catalogue document as our versioned JSON (``pointti-desk-catalogue`` version 2).

The output is meant to be kept, diffed and imported again: UTF-8, two-space indent, keys sorted
(``format``, ``version`` and ``code`` first), entities in a fixed order (topics by their sort
order, everything else by code), a service's topics and languages sorted (the database keeps no
order for them; its channels keep theirs), weekly hours grouped by equal times, and nothing that
changes between two exports of the same catalogue (no export time). Absent values are left out
rather than written as ``null``.

Each entity's JSON object is also what the import compares: two entities are the same when their
objects are equal apart from their times, and the keys that differ are the changed fields it
reports. So "changed" means exactly "would export differently".
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Mapping
from typing import Any

from desk_app.domain.catalogue import ExceptionalHours
from desk_app.domain.catalogue_document import (
    FORMAT_NAME,
    FORMAT_VERSION,
    SERVICE_TEXT_FIELDS,
    CatalogueDocument,
    ChannelEntry,
    HoursEntry,
    OrganisationEntry,
    ProgrammeEntry,
    Record,
    ServiceEntry,
    TopicEntry,
    hours_order,
)
from desk_app.domain.codes import WEEKDAYS
from desk_app.domain.texts import Texts

TEXT_KEYS = frozenset(
    {"label", "name", "description", "directions", "accessibility", "note", *SERVICE_TEXT_FIELDS}
)
"""Keys whose value is a text in several languages: a change names the languages."""
TIME_KEYS = frozenset({"updated_at", "text_times"})
"""The keys that are not compared: when an entity changed is not what it is."""

JsonObject = dict[str, Any]


def _clean(obj: Mapping[str, Any]) -> JsonObject:
    """``obj`` without None values, blank strings and empty texts or lists (the parser reads a
    blank string as a mistake, and a missing value is what it means)."""
    return {
        k: v
        for k, v in obj.items()
        if v is not None and v != {} and v != [] and not (isinstance(v, str) and not v.strip())
    }


def _date(day: dt.date | None) -> str | None:
    return day.isoformat() if day is not None else None


def _time(moment: dt.time | None) -> str | None:
    return moment.strftime("%H:%M") if moment is not None else None


def _moment(moment: dt.datetime | None) -> str | None:
    return moment.astimezone(dt.UTC).isoformat() if moment is not None else None


def _texts(texts: Texts) -> dict[str, str]:
    return dict(texts.items())


def _record(record: Record, *, topic: bool = False) -> JsonObject:
    text_times: dict[str, dict[str, str | None]] = {}
    for field, lang, moment in record.text_times:
        text_times.setdefault(field, {})[lang] = _moment(moment)
    times = {"updated_at": _moment(record.updated_at), "text_times": text_times}
    if topic:
        return {"source": record.source, **times}
    return {
        "source": record.source,
        "example": record.is_example,
        "ptv_id": record.ptv_id,
        "ptv_modified": _moment(record.ptv_modified),
        **times,
    }


def topic_object(topic: TopicEntry) -> JsonObject:
    return _clean(
        {
            "code": topic.code,
            "label": _texts(topic.label),
            "ptv_classes": list(topic.ptv_classes),
            "sort_order": topic.sort_order,
            "retired_on": _date(topic.retired_on),
            "merged_into": topic.merged_into,
            **_record(topic.record, topic=True),
        }
    )


def organisation_object(organisation: OrganisationEntry) -> JsonObject:
    return _clean(
        {
            "code": organisation.code,
            "kind": organisation.kind,
            "name": _texts(organisation.name),
            "description": _texts(organisation.description),
            "url": organisation.url,
            "business_id": organisation.business_id,
            "checked_on": _date(organisation.checked_on),
            **_record(organisation.record),
        }
    )


def programme_object(programme: ProgrammeEntry) -> JsonObject:
    return _clean(
        {
            "code": programme.code,
            "organisation": programme.organisation_code,
            "name": _texts(programme.name),
            "description": _texts(programme.description),
            "funding_source": programme.funding_source,
            "eura_code": programme.eura_code,
            "valid_from": _date(programme.valid_from),
            "valid_to": _date(programme.valid_to),
            **_record(programme.record),
        }
    )


def _hours(hours: tuple[HoursEntry, ...] | tuple[Any, ...]) -> list[JsonObject]:
    """Weekly periods grouped by equal times and validity, in the order of their first day."""
    groups: dict[tuple[Any, ...], list[str]] = {}
    for period in sorted((_as_entry(h) for h in hours), key=hours_order):
        key = (period.opens, period.closes, period.valid_from, period.valid_to)
        groups.setdefault(key, []).append(WEEKDAYS[period.weekday])
    return [
        _clean(
            {
                "days": days,
                "opens": _time(opens),
                "closes": _time(closes),
                "valid_from": _date(valid_from),
                "valid_to": _date(valid_to),
            }
        )
        for (opens, closes, valid_from, valid_to), days in groups.items()
    ]


def _as_entry(hours: Any) -> HoursEntry:
    if isinstance(hours, HoursEntry):
        return hours
    return HoursEntry(hours.weekday, hours.opens, hours.closes)


def _exception_order(item: ExceptionalHours) -> tuple[Any, ...]:
    no_time = dt.time.min
    return (
        item.date_from,
        item.date_to,
        item.closed,
        item.opens or no_time,
        item.closes or no_time,
        sorted(item.note.items()),
    )


def _exceptions(items: tuple[ExceptionalHours, ...]) -> list[JsonObject]:
    return [
        _clean(
            {
                "from": _date(item.date_from),
                "to": _date(item.date_to),
                "closed": item.closed,
                "opens": None if item.closed else _time(item.opens),
                "closes": None if item.closed else _time(item.closes),
                "note": _texts(item.note),
            }
        )
        for item in sorted(items, key=_exception_order)
    ]


def channel_object(channel: ChannelEntry) -> JsonObject:
    address = None
    if channel.street is not None:
        address = _clean(
            {
                "street": channel.street,
                "postal_code": channel.postal_code,
                "post_office": channel.post_office,
                "country": channel.country,
                "coord_north": channel.coord_north,
                "coord_east": channel.coord_east,
            }
        )
    return _clean(
        {
            "code": channel.code,
            "organisation": channel.organisation_code,
            "kind": channel.kind.value,
            "name": _texts(channel.name),
            "description": _texts(channel.description),
            "address": address,
            "room": channel.room,
            "directions": _texts(channel.directions),
            "accessibility": _texts(channel.accessibility),
            "phone": channel.phone,
            "email": channel.email,
            "url": channel.url,
            "appointment_only": channel.appointment_only,
            "hours": _hours(channel.hours),
            "exceptions": _exceptions(channel.exceptions),
            **_record(channel.record),
        }
    )


def service_object(service: ServiceEntry) -> JsonObject:
    texts = {field: _texts(service.texts.get(field, Texts())) for field in SERVICE_TEXT_FIELDS}
    return _clean(
        {
            "code": service.code,
            "organisation": service.organisation_code,
            "programme": service.programme_code,
            "status": service.status.value,
            "valid_from": _date(service.valid_from),
            "valid_to": _date(service.valid_to),
            "checked_on": _date(service.checked_on),
            "topics": sorted(service.topic_codes),
            "languages": sorted(service.languages),
            "channels": list(service.channel_codes),
            **texts,
            **_record(service.record),
        }
    )


KINDS: tuple[tuple[str, Callable[[Any], JsonObject]], ...] = (
    ("topics", topic_object),
    ("organisations", organisation_object),
    ("programmes", programme_object),
    ("channels", channel_object),
    ("services", service_object),
)
"""The document's entity lists in the order they are written and imported (referred before
referring), with the function that writes one entity of each."""


def _topic_order(topic: TopicEntry) -> tuple[int, str]:
    return (topic.sort_order, topic.code)


def document_object(doc: CatalogueDocument) -> JsonObject:
    """The whole document as JSON-ready values, in version ``FORMAT_VERSION``."""
    obj: JsonObject = {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "example": doc.example,
        "checked_on": _date(doc.checked_on),
        "note": _texts(doc.note),
        "topics": [topic_object(t) for t in sorted(doc.topics, key=_topic_order)],
    }
    for key, write in KINDS[1:]:
        entries = sorted(getattr(doc, key), key=lambda entry: str(entry.code))
        obj[key] = [write(entry) for entry in entries]
    return {k: v for k, v in obj.items() if v is not None and v != {}}


_FIRST_KEYS = {"format": 0, "version": 1, "code": 2}
"""Keys written before the others (which are sorted), so a reader sees what a file and each
entity are at once."""


def _ordered(value: Any) -> Any:
    if isinstance(value, dict):
        keys = sorted(value, key=lambda key: (_FIRST_KEYS.get(key, len(_FIRST_KEYS)), key))
        return {key: _ordered(value[key]) for key in keys}
    if isinstance(value, list):
        return [_ordered(item) for item in value]
    return value


def dump_document(doc: CatalogueDocument) -> bytes:
    """The document as UTF-8 JSON bytes: the same catalogue always gives the same bytes."""
    text = json.dumps(_ordered(document_object(doc)), ensure_ascii=False, indent=2)
    return (text + "\n").encode("utf-8")


def changed_fields(old: JsonObject, new: JsonObject) -> tuple[str, ...]:
    """The keys whose values differ between two objects of one entity, ``updated_at`` aside;
    a text names its changed languages: ``name (sv)``."""
    changed = []
    for key in sorted((old.keys() | new.keys()) - TIME_KEYS):
        before, after = old.get(key), new.get(key)
        if before == after:
            continue
        if key in TEXT_KEYS and isinstance(before or {}, dict) and isinstance(after or {}, dict):
            before, after = before or {}, after or {}
            langs = sorted(
                lang for lang in before.keys() | after.keys() if before.get(lang) != after.get(lang)
            )
            changed.append(f"{key} ({', '.join(langs)})")
        else:
            changed.append(key)
    return tuple(changed)
