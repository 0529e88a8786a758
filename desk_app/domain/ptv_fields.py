"""What a PTV re-import compares: the PTV-sourced fields of a row, and the three-way rule.

``*_fields`` turn the mapped PTV values (``desk_app.domain.ptv``) into plain JSON-able dicts;
the repository reads our rows into the same shape, and the dict PTV gave is stored with each row
as its snapshot (``ptv_snapshot``). ``merge`` then decides field by field what a re-import
writes and which local edits it keeps.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from desk_app.domain.catalogue import ExceptionalHours, RegularHours, Topic
from desk_app.domain.ptv import PtvChannel, PtvOrganisation, PtvService
from desk_app.domain.texts import Texts

FALLBACK_TOPIC = "OTHER"
"""A service whose PTV service classes match no topic gets this one, so the finder shows it."""

PtvKind = Literal["organisation", "service", "channel"]


@dataclass(frozen=True)
class PtvKnown:
    """A row of ours that came from PTV, as a re-import first needs it."""

    ptv_id: str
    code: str
    name: str
    modified: dt.datetime | None


def topic_codes(service_classes: Sequence[str], topics: Sequence[Topic]) -> list[str]:
    """Our topics whose PTV service classes the service has, in topic order; else OTHER."""
    wanted = set(service_classes)
    found = [t.code for t in topics if not t.retired and wanted & set(t.ptv_classes)]
    if not found and any(t.code == FALLBACK_TOPIC for t in topics):
        found = [FALLBACK_TOPIC]
    return found


def texts_value(texts: Texts) -> dict[str, str]:
    return dict(sorted(texts.items()))


def _hhmm(value: dt.time | None) -> str | None:
    return None if value is None else value.strftime("%H:%M")


def hours_value(hours: Iterable[RegularHours]) -> list[list[Any]]:
    return sorted([h.weekday, _hhmm(h.opens), _hhmm(h.closes)] for h in hours)


def exceptions_value(exceptions: Iterable[ExceptionalHours]) -> list[dict[str, Any]]:
    rows = [
        {
            "from": e.date_from.isoformat(),
            "to": e.date_to.isoformat(),
            "closed": e.closed,
            "opens": _hhmm(e.opens),
            "closes": _hhmm(e.closes),
            "note": texts_value(e.note),
        }
        for e in exceptions
    ]
    return sorted(rows, key=lambda r: (r["from"], r["to"], r["opens"] or ""))


ORGANISATION_FIELDS = ("name", "description", "kind", "business_id", "url")
SERVICE_TEXT_FIELDS = ("name", "summary", "description", "audience", "how_to_apply", "keywords")
SERVICE_FIELDS = (*SERVICE_TEXT_FIELDS, "status", "organisation", "topics", "languages", "channels")
CHANNEL_TEXT_FIELDS = ("name", "description", "directions")
CHANNEL_FIELDS = (
    *CHANNEL_TEXT_FIELDS,
    "kind",
    "organisation",
    "street",
    "postal_code",
    "post_office",
    "coord_north",
    "coord_east",
    "phone",
    "email",
    "url",
    "appointment_only",
    "hours",
    "exceptions",
)


def organisation_fields(org: PtvOrganisation) -> dict[str, Any]:
    return {
        "name": texts_value(org.name),
        "description": texts_value(org.description),
        "kind": org.kind.value,
        "business_id": org.business_id,
        "url": org.url,
    }


def service_fields(
    service: PtvService, topics: Sequence[str], channel_ids: Sequence[str]
) -> dict[str, Any]:
    """The PTV-sourced fields of a service; ``channel_ids`` are the links we can make."""
    values: dict[str, Any] = {f: texts_value(service.texts[f]) for f in SERVICE_TEXT_FIELDS}
    values |= {
        "status": service.status.value,
        "organisation": service.organisation_id,
        "topics": sorted(topics),
        "languages": sorted(service.languages),
        "channels": list(channel_ids),
    }
    return values


def channel_fields(channel: PtvChannel) -> dict[str, Any]:
    return {
        "name": texts_value(channel.name),
        "description": texts_value(channel.description),
        "directions": texts_value(channel.directions),
        "kind": channel.kind.value,
        "organisation": channel.organisation_id,
        "street": channel.street,
        "postal_code": channel.postal_code,
        "post_office": channel.post_office,
        "coord_north": channel.coord_north,
        "coord_east": channel.coord_east,
        "phone": channel.phone,
        "email": channel.email,
        "url": channel.url,
        "appointment_only": channel.appointment_only,
        "hours": hours_value(channel.hours),
        "exceptions": exceptions_value(channel.exceptions),
    }


@dataclass(frozen=True)
class Merge:
    """What a re-import writes for one entity: ``values`` to store, ``kept`` local overrides."""

    values: dict[str, Any]
    kept: tuple[str, ...]


def _empty(value: Any) -> Any:
    """Absent, None, "" and empty containers compare as one "nothing"."""
    return None if value in (None, "", [], {}) else value


def merge(
    current: Mapping[str, Any], snapshot: Mapping[str, Any] | None, incoming: Mapping[str, Any]
) -> Merge:
    """The three-way rule of a re-import, field by field.

    ``snapshot`` is what PTV said at the last import. A field whose local value still equals it
    was not touched here, so PTV's new value is taken. A field staff changed is a local override:
    it is kept and named in ``kept`` (unless PTV now says the same). Without a snapshot every
    PTV value is taken. The caller stores ``incoming`` as the new snapshot either way.
    """
    values: dict[str, Any] = {}
    kept: list[str] = []
    for name, new in incoming.items():
        now = _empty(current.get(name))
        if _empty(new) == now:
            continue
        if snapshot is None or _unordered(now) == _unordered(_empty(snapshot.get(name))):
            values[name] = new
        else:
            kept.append(name)
    return Merge(values, tuple(kept))


def _unordered(value: Any) -> Any:
    """A list of ids or codes in any order: whether staff touched the set of links is what
    tells an edit, and links added from the channels' side come after the others."""
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return sorted(value)
    return value
