"""Services and channels imported from Suomi.fi PTV files, keeping PTV ids and local overrides.

The use case (``services.ptv_import``) decides field by field what to write; this repository
reads the PTV-sourced fields of our rows in the same plain JSON-able shape the mapping gives
(``desk_app.domain.ptv.*_fields``) and writes the chosen values back: texts per language, topics,
languages, links, the address, weekly and exceptional hours. Core statements throughout, as the
other bulk catalogue writes (``catalogue_loader``).
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, NamedTuple

from sqlalchemy import Connection, Table, and_, delete, insert, select, update
from sqlalchemy.orm import Session

from desk_app.db.base import Base, utcnow
from desk_app.domain.catalogue import ExceptionalHours, RegularHours
from desk_app.domain.codes import Source
from desk_app.domain.ptv_fields import (
    CHANNEL_TEXT_FIELDS,
    SERVICE_TEXT_FIELDS,
    PtvKind,
    PtvKnown,
    exceptions_value,
    hours_value,
)
from desk_app.domain.texts import Texts

_T = Base.metadata.tables
_org, _service, _channel = _T["organisation"], _T["service"], _T["channel"]
_address, _link, _topic = _T["address"], _T["service_channel"], _T["topic"]
_service_topic, _service_language = _T["service_topic"], _T["service_language"]
_regular, _exceptional = _T["regular_hours"], _T["exceptional_hours"]
_exceptional_text = _T["exceptional_hours_text"]

_TABLES: dict[str, tuple[Table, Table, str]] = {
    "organisation": (_org, _T["organisation_text"], "organisation_id"),
    "service": (_service, _T["service_text"], "service_id"),
    "channel": (_channel, _T["channel_text"], "channel_id"),
}
_TEXT_FIELDS: dict[str, tuple[str, ...]] = {
    "organisation": ("name", "description"),
    "service": SERVICE_TEXT_FIELDS,
    "channel": CHANNEL_TEXT_FIELDS,
}
_COLUMNS: dict[str, tuple[str, ...]] = {
    "organisation": ("kind", "business_id", "url"),
    "service": ("status",),
    "channel": ("kind", "phone", "email", "url", "appointment_only"),
}
_ADDRESS_FIELDS = ("street", "postal_code", "post_office", "coord_north", "coord_east")
LOCAL_PREFIX = "local:"
"""The "organisation" value of a row whose organisation is ours, never equal to a PTV id."""


def _time(value: str | None) -> dt.time | None:
    return None if value is None else dt.time.fromisoformat(value)


def _snapshot(text: str | None) -> dict[str, Any] | None:
    return None if text is None else json.loads(text)


class PtvRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    @property
    def _db(self) -> Connection:
        return self.session.connection()

    # -- reads ------------------------------------------------------------------------------

    def known(self, kind: PtvKind) -> dict[str, PtvKnown]:
        """{ptv id: row} of our rows of ``kind`` that came from PTV, with their Finnish name."""
        table, texts, owner = _TABLES[kind]
        query = (
            select(table.c.ptv_id, table.c.code, texts.c.value, table.c.ptv_modified)
            .outerjoin(
                texts,
                and_(texts.c[owner] == table.c.id, texts.c.field == "name", texts.c.lang == "fi"),
            )
            .where(table.c.ptv_id.is_not(None))
        )
        return {
            ptv_id: PtvKnown(ptv_id, code, name or code, modified)
            for ptv_id, code, name, modified in self._db.execute(query)
        }

    def taken_codes(self, kind: PtvKind) -> set[str]:
        table = _TABLES[kind][0]
        return set(self._db.scalars(select(table.c.code)))

    def current(
        self, kind: PtvKind, ptv_ids: Sequence[str]
    ) -> dict[str, tuple[dict[str, Any] | None, dict[str, Any]]]:
        """{ptv id: (snapshot, current values)} of the PTV-sourced fields of those rows."""
        if not ptv_ids:
            return {}
        table, _texts, _owner = _TABLES[kind]
        columns = [table.c[c] for c in _COLUMNS[kind]]
        rows = self._db.execute(
            select(table.c.id, table.c.ptv_id, table.c.ptv_snapshot, *columns).where(
                table.c.ptv_id.in_(list(ptv_ids))
            )
        ).all()
        ids = [row.id for row in rows]
        texts = self._texts(kind, ids)
        extra: dict[str, dict[str, Any]] = {}
        if kind == "service":
            extra = self._service_extras(ids)
        elif kind == "channel":
            extra = self._channel_extras(ids)
        result = {}
        for row in rows:
            values: dict[str, Any] = {c: getattr(row, c) for c in _COLUMNS[kind]}
            own = texts.get(row.id, {})
            values |= {f: own.get(f, {}) for f in _TEXT_FIELDS[kind]}
            values |= extra.get(row.id, {})
            result[row.ptv_id] = (_snapshot(row.ptv_snapshot), values)
        return result

    def _texts(self, kind: str, ids: Sequence[str]) -> dict[str, dict[str, dict[str, str]]]:
        _table, texts, owner = _TABLES[kind]
        found: dict[str, dict[str, dict[str, str]]] = defaultdict(lambda: defaultdict(dict))
        query = select(texts.c[owner], texts.c.field, texts.c.lang, texts.c.value)
        for owner_id, field, lang, value in self._db.execute(query.where(texts.c[owner].in_(ids))):
            found[owner_id][field][lang] = value
        return {k: {f: dict(sorted(v.items())) for f, v in d.items()} for k, d in found.items()}

    def _organisation_values(self, table: Table, ids: Sequence[str]) -> dict[str, str]:
        """{row id: its organisation's PTV id, or "local:CODE" for one of ours}."""
        query = (
            select(table.c.id, _org.c.ptv_id, _org.c.code)
            .join(_org, _org.c.id == table.c.organisation_id)
            .where(table.c.id.in_(ids))
        )
        return {
            row_id: ptv_id or LOCAL_PREFIX + code
            for row_id, ptv_id, code in self._db.execute(query)
        }

    def _service_extras(self, ids: Sequence[str]) -> dict[str, dict[str, Any]]:
        extras: dict[str, dict[str, Any]] = defaultdict(
            lambda: {"topics": [], "languages": [], "channels": []}
        )
        for row_id, ptv_org in self._organisation_values(_service, ids).items():
            extras[row_id]["organisation"] = ptv_org
        topics = select(_service_topic.c.service_id, _topic.c.code).join(
            _topic, _topic.c.id == _service_topic.c.topic_id
        )
        for row_id, code in self._db.execute(topics.where(_service_topic.c.service_id.in_(ids))):
            extras[row_id]["topics"].append(code)
        languages = select(_service_language.c.service_id, _service_language.c.lang)
        for row_id, lang in self._db.execute(
            languages.where(_service_language.c.service_id.in_(ids))
        ):
            extras[row_id]["languages"].append(lang)
        links = (
            select(_link.c.service_id, _channel.c.ptv_id)
            .join(_channel, _channel.c.id == _link.c.channel_id)
            .where(_link.c.service_id.in_(ids), _channel.c.ptv_id.is_not(None))
            .order_by(_link.c.service_id, _link.c.sort_order, _channel.c.ptv_id)
        )
        for row_id, ptv_id in self._db.execute(links):
            extras[row_id]["channels"].append(ptv_id)
        for values in extras.values():
            values["topics"].sort()
            values["languages"].sort()
        return extras

    def _channel_extras(self, ids: Sequence[str]) -> dict[str, dict[str, Any]]:
        extras: dict[str, dict[str, Any]] = defaultdict(dict)
        for row_id, ptv_org in self._organisation_values(_channel, ids).items():
            extras[row_id]["organisation"] = ptv_org
        addresses = (
            select(_channel.c.id, *[_address.c[f] for f in _ADDRESS_FIELDS])
            .join(_address, _address.c.id == _channel.c.address_id)
            .where(_channel.c.id.in_(ids))
        )
        for row in self._db.execute(addresses):
            extras[row.id] |= {f: getattr(row, f) for f in _ADDRESS_FIELDS}
        hours: dict[str, list[RegularHours]] = defaultdict(list)
        weekly = select(
            _regular.c.channel_id, _regular.c.weekday, _regular.c.opens, _regular.c.closes
        )
        for row_id, weekday, opens, closes in self._db.execute(
            weekly.where(_regular.c.channel_id.in_(ids))
        ):
            hours[row_id].append(RegularHours(weekday, opens, closes))
        notes = self._exception_notes(ids)
        exceptions: dict[str, list[ExceptionalHours]] = defaultdict(list)
        special = select(
            _exceptional.c.channel_id,
            _exceptional.c.id,
            _exceptional.c.date_from,
            _exceptional.c.date_to,
            _exceptional.c.closed,
            _exceptional.c.opens,
            _exceptional.c.closes,
        ).where(_exceptional.c.channel_id.in_(ids))
        for row_id, eid, start, end, closed, opens, closes in self._db.execute(special):
            note = Texts(notes.get(eid, {}))
            exceptions[row_id].append(ExceptionalHours(start, end, closed, opens, closes, note))
        for row_id in ids:
            extras[row_id]["hours"] = hours_value(hours.get(row_id, ()))
            extras[row_id]["exceptions"] = exceptions_value(exceptions.get(row_id, ()))
        return extras

    def _exception_notes(self, channel_ids: Sequence[str]) -> dict[str, dict[str, str]]:
        query = (
            select(
                _exceptional_text.c.exceptional_hours_id,
                _exceptional_text.c.lang,
                _exceptional_text.c.value,
            )
            .join(_exceptional, _exceptional.c.id == _exceptional_text.c.exceptional_hours_id)
            .where(_exceptional.c.channel_id.in_(channel_ids), _exceptional_text.c.field == "note")
        )
        notes: dict[str, dict[str, str]] = defaultdict(dict)
        for eid, lang, value in self._db.execute(query):
            notes[eid][lang] = value
        return notes

    # -- writes -----------------------------------------------------------------------------

    def add(
        self,
        kind: PtvKind,
        items: Sequence[tuple[str, str, dt.datetime | None, Mapping[str, Any]]],
    ) -> None:
        """New rows of ``kind`` from (PTV id, code, modified, values) with every field in
        ``values``, which is also their snapshot: one insert statement per table."""
        if not items:
            return
        table = _TABLES[kind][0]
        now = utcnow()
        rows = _Rows()
        every = [values for *_rest, values in items]
        lookups = self._lookups(every)
        orgs = self._ids(_org, [v["organisation"] for v in every if "organisation" in v])
        for ptv_id, code, modified, values in items:
            row: dict[str, Any] = {
                "id": str(uuid.uuid4()),
                "code": code,
                "source": Source.PTV.value,
                "ptv_id": ptv_id,
                "ptv_modified": modified,
                "ptv_snapshot": _dump(values),
                "created_at": now,
                "updated_at": now,
            }
            row |= {c: values[c] for c in _COLUMNS[kind]}
            if kind != "organisation":
                row["organisation_id"] = orgs[values["organisation"]]
            if kind == "channel":
                row["address_id"] = None
                if values["street"]:
                    row["address_id"] = str(uuid.uuid4())
                    address = {f: values[f] for f in _ADDRESS_FIELDS}
                    rows[_address].append({"id": row["address_id"], "country": "FI", **address})
            rows[table].append(row)
            _collect(kind, row["id"], values, rows, lookups, now)
        rows.flush(self._db)

    def update(
        self,
        kind: PtvKind,
        ptv_id: str,
        modified: dt.datetime | None,
        values: Mapping[str, Any],
        snapshot: Mapping[str, Any],
    ) -> None:
        """Write ``values`` (only the fields to change) and the new snapshot into a PTV row."""
        table = _TABLES[kind][0]
        row_id = self._db.scalar(select(table.c.id).where(table.c.ptv_id == ptv_id))
        assert row_id is not None, ptv_id
        columns: dict[str, Any] = {c: values[c] for c in _COLUMNS[kind] if c in values}
        if "organisation" in values and kind != "organisation":
            columns["organisation_id"] = self._ids(_org, [values["organisation"]])[
                values["organisation"]
            ]
        columns |= {
            "ptv_modified": modified,
            "ptv_snapshot": _dump(snapshot),
            "updated_at": utcnow(),
        }
        self._db.execute(update(table).where(table.c.id == row_id).values(columns))
        if kind == "channel" and any(f in values for f in _ADDRESS_FIELDS):
            self._write_address(row_id, values)
        self._clear(kind, row_id, values)
        rows = _Rows()
        _collect(kind, row_id, values, rows, self._lookups([values]), utcnow())
        rows.flush(self._db)

    def add_links(self, pairs: Iterable[tuple[str, str]]) -> int:
        """Link (service PTV id, channel PTV id) pairs not linked yet, after the service's
        other channels; returns how many were added."""
        pairs = list(pairs)
        services = self._ids(_service, [s for s, _c in pairs])
        channels = self._ids(_channel, [c for _s, c in pairs])
        links = select(_link.c.service_id, _link.c.channel_id).where(
            _link.c.service_id.in_(list(services.values()))
        )
        existing = {(service_id, channel_id) for service_id, channel_id in self._db.execute(links)}
        rows = []
        for service, channel in pairs:
            service_id, channel_id = services.get(service), channels.get(channel)
            if service_id is None or channel_id is None or (service_id, channel_id) in existing:
                continue
            existing.add((service_id, channel_id))
            # After the service's own channels: the service's PTV list orders those.
            rows.append({"service_id": service_id, "channel_id": channel_id, "sort_order": 1000})
        if rows:
            self._db.execute(insert(_link), rows)
            self._note_links(rows, {row_id: ptv_id for ptv_id, row_id in channels.items()})
        return len(rows)

    def _note_links(
        self, rows: Sequence[Mapping[str, Any]], channel_ptv_ids: Mapping[str, str]
    ) -> None:
        """Add links PTV gave from the channels' side to the services' snapshots, so the next
        import of the services does not take them for links staff made."""
        added: dict[str, list[str]] = defaultdict(list)
        for row in rows:
            added[row["service_id"]].append(channel_ptv_ids[row["channel_id"]])
        query = select(_service.c.id, _service.c.ptv_snapshot).where(_service.c.id.in_(list(added)))
        for service_id, text in self._db.execute(query).all():
            snapshot = _snapshot(text)
            if snapshot is None:
                continue  # not imported from PTV: no snapshot to keep in step
            linked = list(snapshot.get("channels") or [])
            snapshot["channels"] = linked + [c for c in added[service_id] if c not in linked]
            self._db.execute(
                update(_service)
                .where(_service.c.id == service_id)
                .values(ptv_snapshot=_dump(snapshot))
            )

    def _ids(self, table: Table, ptv_ids: Iterable[str]) -> dict[str, str]:
        query = select(table.c.ptv_id, table.c.id).where(table.c.ptv_id.in_(list(set(ptv_ids))))
        return {ptv_id: row_id for ptv_id, row_id in self._db.execute(query)}

    def _lookups(self, every: Sequence[Mapping[str, Any]]) -> _Lookups:
        """Topic ids by code and channel ids by PTV id for the values about to be written."""
        topics: dict[str, str] = {}
        if any("topics" in values for values in every):
            query = select(_topic.c.code, _topic.c.id)
            topics = {code: topic_id for code, topic_id in self._db.execute(query)}
        linked = [c for values in every for c in values.get("channels", ())]
        return _Lookups(topics, self._ids(_channel, linked) if linked else {})

    def _clear(self, kind: str, row_id: str, values: Mapping[str, Any]) -> None:
        """Delete the rows behind the fields about to be written again."""
        _table, texts, owner = _TABLES[kind]
        fields = [f for f in _TEXT_FIELDS[kind] if f in values]
        if fields:
            self._db.execute(
                delete(texts).where(texts.c[owner] == row_id, texts.c.field.in_(fields))
            )
        owned = {
            "topics": _service_topic,
            "languages": _service_language,
            "hours": _regular,
            "exceptions": _exceptional,  # their notes go with them (ON DELETE CASCADE)
        }
        for field, table in owned.items():
            if field in values and owner in table.c:
                self._db.execute(delete(table).where(table.c[owner] == row_id))
        if kind == "service" and "channels" in values:
            # Only the links to PTV channels are PTV's; links staff made to our own stay.
            ptv_channels = select(_channel.c.id).where(_channel.c.ptv_id.is_not(None))
            self._db.execute(
                delete(_link).where(
                    _link.c.service_id == row_id, _link.c.channel_id.in_(ptv_channels)
                )
            )

    def _write_address(self, row_id: str, values: Mapping[str, Any]) -> None:
        """The channel's own address row, created, changed or removed (no street, no address)."""
        address_id = self._db.scalar(select(_channel.c.address_id).where(_channel.c.id == row_id))
        old: dict[str, Any] = {}
        if address_id is not None:
            found = self._db.execute(
                select(*[_address.c[f] for f in _ADDRESS_FIELDS]).where(_address.c.id == address_id)
            ).one()
            old = dict(found._mapping)
        new = {f: values.get(f, old.get(f)) for f in _ADDRESS_FIELDS}
        if not new["street"]:
            if address_id is not None:
                self._db.execute(
                    update(_channel).where(_channel.c.id == row_id).values(address_id=None)
                )
                still_used = select(_channel.c.id).where(_channel.c.address_id == address_id)
                if self._db.scalar(still_used.limit(1)) is None:
                    self._db.execute(delete(_address).where(_address.c.id == address_id))
        elif address_id is None:
            address_id = str(uuid.uuid4())
            self._db.execute(insert(_address), {"id": address_id, "country": "FI", **new})
            self._db.execute(
                update(_channel).where(_channel.c.id == row_id).values(address_id=address_id)
            )
        else:
            self._db.execute(update(_address).where(_address.c.id == address_id).values(new))


def _dump(snapshot: Mapping[str, Any]) -> str:
    return json.dumps(snapshot, ensure_ascii=False, sort_keys=True)


class _Lookups(NamedTuple):
    topics: dict[str, str]
    """Topic id by code."""
    channels: dict[str, str]
    """Channel row id by PTV id."""


# Parents before children, in foreign-key order.
_INSERT_ORDER = (
    _address,
    _org,
    _T["organisation_text"],
    _channel,
    _T["channel_text"],
    _regular,
    _exceptional,
    _exceptional_text,
    _service,
    _T["service_text"],
    _service_topic,
    _service_language,
    _link,
)


class _Rows(defaultdict[Table, list[dict[str, Any]]]):
    """Rows to insert, by table, flushed with one ``executemany`` per table."""

    def __init__(self) -> None:
        super().__init__(list)

    def flush(self, db: Connection) -> None:
        for table in _INSERT_ORDER:
            if self.get(table):
                db.execute(insert(table), self[table])


def _collect(
    kind: str,
    row_id: str,
    values: Mapping[str, Any],
    rows: _Rows,
    lookups: _Lookups,
    now: dt.datetime,
) -> None:
    """The child rows of the fields in ``values``: texts, topics, languages, links, hours."""
    _table, texts, owner = _TABLES[kind]
    for field in _TEXT_FIELDS[kind]:
        rows[texts] += [
            {owner: row_id, "field": field, "lang": lang, "value": text, "updated_at": now}
            for lang, text in values.get(field, {}).items()
        ]
    if kind == "service":
        rows[_service_topic] += [
            {"service_id": row_id, "topic_id": lookups.topics[code]}
            for code in values.get("topics", ())
            if code in lookups.topics
        ]
        rows[_service_language] += [
            {"service_id": row_id, "lang": lang} for lang in values.get("languages", ())
        ]
        rows[_link] += [
            {"service_id": row_id, "channel_id": lookups.channels[ptv_id], "sort_order": order}
            for order, ptv_id in enumerate(values.get("channels", ()))
            if ptv_id in lookups.channels
        ]
    elif kind == "channel":
        rows[_regular] += [
            {"channel_id": row_id, "weekday": day, "opens": _time(opens), "closes": _time(closes)}
            for day, opens, closes in values.get("hours", ())
        ]
        for entry in values.get("exceptions", ()):
            eid = str(uuid.uuid4())
            rows[_exceptional].append(
                {
                    "id": eid,
                    "channel_id": row_id,
                    "date_from": dt.date.fromisoformat(entry["from"]),
                    "date_to": dt.date.fromisoformat(entry["to"]),
                    "closed": entry["closed"],
                    "opens": _time(entry["opens"]),
                    "closes": _time(entry["closes"]),
                }
            )
            rows[_exceptional_text] += [
                {
                    "exceptional_hours_id": eid,
                    "field": "note",
                    "lang": lang,
                    "value": text,
                    "updated_at": now,
                }
                for lang, text in entry["note"].items()
            ]
