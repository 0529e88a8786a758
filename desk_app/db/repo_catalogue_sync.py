"""The whole catalogue as one versioned document, read and written for the JSON export/import.

``read_document`` reads every catalogue table in eleven Core selects (one per table, the six text
tables in one union), whatever the size of the catalogue, and builds version-2 entries with their
provenance and time of change: an entity's ``updated_at`` is the latest of its row's and its
texts' (a topic has no such column: its texts' time), because an edit may touch only a text.

The writes take the entries the import decided to write, one kind at a time (parents first) so
a test can fail one half-way: existing rows (by code) are updated in place, new ones inserted
with the loader's deterministic ids, and their dependent rows (texts, links, hours, addresses)
replaced, all with executemany statements. Rows are never deleted: retiring marks services
retired and topics retired, since old visits point at them. Every row written gets the
entry's ``updated_at`` (``now`` when the file gives none), so a later import compares like with
like.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any, TypeVar

from sqlalchemy import Table, bindparam, delete, insert, literal, select, union_all, update
from sqlalchemy.orm import Session

from desk_app.db.base import Base
from desk_app.db.ids import stable_id
from desk_app.domain.catalogue import ExceptionalHours
from desk_app.domain.catalogue_document import (
    FORMAT_VERSION,
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
from desk_app.domain.codes import ChannelKind, ServiceStatus
from desk_app.domain.texts import EMPTY_TEXTS, Texts

_T = Base.metadata.tables
_topic, _organisation, _programme = _T["topic"], _T["organisation"], _T["programme"]
_channel, _address, _service = _T["channel"], _T["address"], _T["service"]
_regular, _exceptional = _T["regular_hours"], _T["exceptional_hours"]
_service_topic, _service_language = _T["service_topic"], _T["service_language"]
_service_channel = _T["service_channel"]

# Owner kind in the texts union (the initial of the owner's table): (text table, owner column).
_TEXT_TABLES = {
    "t": ("topic_text", "topic_id"),
    "o": ("organisation_text", "organisation_id"),
    "p": ("programme_text", "programme_id"),
    "c": ("channel_text", "channel_id"),
    "e": ("exceptional_hours_text", "exceptional_hours_id"),
    "s": ("service_text", "service_id"),
}
_CHUNK = 5000
"""Ids bound in one ``IN``: far below the variable limits of SQLite (32,766) and PostgreSQL."""

Fields = dict[str, Texts]
Entry = TopicEntry | OrganisationEntry | ProgrammeEntry | ChannelEntry | ServiceEntry
_E = TypeVar("_E", OrganisationEntry, ProgrammeEntry, ChannelEntry, ServiceEntry)


def _texts_statement() -> Any:
    parts = []
    for kind, (name, owner) in _TEXT_TABLES.items():
        table = _T[name]
        parts.append(
            select(
                literal(kind),
                table.c[owner],
                table.c.field,
                table.c.lang,
                table.c.value,
                table.c.updated_at,
            )
        )
    return union_all(*parts)


_TEXTS = _texts_statement()


def _chunks(ids: Sequence[str]) -> Iterator[Sequence[str]]:
    for start in range(0, len(ids), _CHUNK):
        yield ids[start : start + _CHUNK]


class _Texts:
    """Every catalogue text, as {kind: {owner id: {field: Texts}}}, and when each changed."""

    def __init__(self, rows: Iterable[Any]) -> None:
        raw: defaultdict[str, defaultdict[str, defaultdict[str, dict[str, str]]]] = defaultdict(
            lambda: defaultdict(lambda: defaultdict(dict))
        )
        self.times: defaultdict[tuple[str, str], list[tuple[str, str, dt.datetime]]]
        self.times = defaultdict(list)
        for kind, owner, field, lang, value, updated_at in rows:
            raw[kind][owner][field][lang] = value
            self.times[kind, owner].append((field, lang, updated_at))
        self.by_kind = {
            kind: {
                owner: {field: Texts(values) for field, values in fields.items()}
                for owner, fields in owners.items()
            }
            for kind, owners in raw.items()
        }

    def of(self, kind: str, owner: str) -> Fields:
        return self.by_kind.get(kind, {}).get(owner, {})

    def record(self, kind: str, owner: str, row: Any, row_time: dt.datetime | None) -> Record:
        """The provenance of ``row`` (none for a topic), its time of change (the latest of the
        row's and its texts') and the texts that changed before that."""
        times = self.times.get((kind, owner), [])
        latest = max((t for t in [row_time, *(t for _f, _l, t in times)] if t), default=None)
        earlier = tuple(sorted((f, lang, t) for f, lang, t in times if t != latest))
        if kind == "t":  # a topic row has no time of change: its texts', else its creation
            latest = latest or row.created_at
            return Record(source=row.source, updated_at=latest, text_times=earlier)
        return Record(
            source=row.source,
            is_example=bool(row.is_example),
            ptv_id=row.ptv_id,
            ptv_modified=row.ptv_modified,
            updated_at=latest,
            text_times=earlier,
        )


def _name_and_description(entry: OrganisationEntry | ProgrammeEntry) -> dict[str, Texts]:
    return {"name": entry.name, "description": entry.description}


def _address_row(address_id: str, c: ChannelEntry) -> dict[str, Any]:
    return {
        "id": address_id,
        "street": c.street,
        "postal_code": c.postal_code,
        "post_office": c.post_office,
        "country": c.country,
        "coord_north": c.coord_north,
        "coord_east": c.coord_east,
    }


class CatalogueSyncRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def _rows(self, statement: Any) -> Sequence[Any]:
        return self.session.connection().execute(statement).all()

    # -- read ------------------------------------------------------------------------------

    def read_document(self) -> CatalogueDocument:
        """The whole catalogue as a version-2 document (entities in no particular order)."""
        texts = _Texts(self._rows(_TEXTS))
        topics = self._topics(texts)
        org_codes, organisations = self._entries(
            select(_organisation),
            texts,
            "o",
            lambda row, own, record: OrganisationEntry(
                code=row.code,
                kind=row.kind,
                name=own.get("name", EMPTY_TEXTS),
                description=own.get("description", EMPTY_TEXTS),
                url=row.url,
                business_id=row.business_id,
                checked_on=row.checked_on,
                record=record,
            ),
        )
        programme_codes, programmes = self._entries(
            select(_programme),
            texts,
            "p",
            lambda row, own, record: ProgrammeEntry(
                code=row.code,
                organisation_code=org_codes[row.organisation_id],
                name=own.get("name", EMPTY_TEXTS),
                funding_source=row.funding_source,
                eura_code=row.eura_code,
                valid_from=row.valid_from,
                valid_to=row.valid_to,
                description=own.get("description", EMPTY_TEXTS),
                record=record,
            ),
        )
        channel_codes, channels = self._channels(texts, org_codes)
        services = self._services(texts, org_codes, programme_codes, channel_codes, topics)
        records = [
            entry.record
            for kind in (organisations, programmes, channels, services)
            for entry in kind
        ]
        return CatalogueDocument(
            version=FORMAT_VERSION,
            example=bool(records) and all(record.is_example for record in records),
            checked_on=None,
            note=EMPTY_TEXTS,
            topics=tuple(topics.values()),
            organisations=tuple(organisations),
            programmes=tuple(programmes),
            channels=tuple(channels),
            services=tuple(services),
        )

    def _topics(self, texts: _Texts) -> dict[str, TopicEntry]:
        """{topic id: entry}."""
        rows = self._rows(select(_topic))
        codes = {row.id: row.code for row in rows}
        return {
            row.id: TopicEntry(
                code=row.code,
                label=texts.of("t", row.id).get("label", EMPTY_TEXTS),
                ptv_classes=tuple(c for c in row.ptv_classes.split() if c),
                sort_order=row.sort_order,
                retired=row.retired_on is not None,
                retired_on=row.retired_on,
                merged_into=codes.get(row.merged_into_id) if row.merged_into_id else None,
                record=texts.record("t", row.id, row, None),
            )
            for row in rows
        }

    def _entries(
        self,
        statement: Any,
        texts: _Texts,
        kind: str,
        build: Callable[[Any, Fields, Record], _E],
    ) -> tuple[dict[str, str], list[_E]]:
        """The rows of ``statement`` (``kind``'s table) as entries, each built from its row, its
        own texts and its record (every entity but a topic has both); and {row id: code}, for
        the entries that refer to them."""
        codes: dict[str, str] = {}
        entries = []
        for row in self._rows(statement):
            codes[row.id] = row.code
            record = texts.record(kind, row.id, row, row.updated_at)
            entries.append(build(row, texts.of(kind, row.id), record))
        return codes, entries

    def _channels(
        self, texts: _Texts, org_codes: Mapping[str, str]
    ) -> tuple[dict[str, str], list[ChannelEntry]]:
        hours: dict[str, list[HoursEntry]] = defaultdict(list)
        for row in self._rows(select(_regular)):
            hours[row.channel_id].append(
                HoursEntry(row.weekday, row.opens, row.closes, row.valid_from, row.valid_to)
            )
        exceptions: dict[str, list[ExceptionalHours]] = defaultdict(list)
        for row in self._rows(select(_exceptional)):
            note = texts.of("e", row.id).get("note", EMPTY_TEXTS)
            exceptions[row.channel_id].append(
                ExceptionalHours(
                    row.date_from, row.date_to, row.closed, row.opens, row.closes, note
                )
            )
        statement = select(
            _channel,
            _address.c.street,
            _address.c.postal_code,
            _address.c.post_office,
            _address.c.country,
            _address.c.coord_north,
            _address.c.coord_east,
        ).select_from(_channel.outerjoin(_address, _address.c.id == _channel.c.address_id))
        return self._entries(
            statement,
            texts,
            "c",
            lambda row, own, record: ChannelEntry(
                code=row.code,
                kind=ChannelKind(row.kind),
                name=own.get("name", EMPTY_TEXTS),
                description=own.get("description", EMPTY_TEXTS),
                organisation_code=org_codes[row.organisation_id],
                street=row.street,
                postal_code=row.postal_code,
                post_office=row.post_office,
                room=row.room,
                directions=own.get("directions", EMPTY_TEXTS),
                accessibility=own.get("accessibility", EMPTY_TEXTS),
                phone=row.phone,
                email=row.email,
                url=row.url,
                appointment_only=bool(row.appointment_only),
                hours=tuple(sorted(hours.get(row.id, ()), key=hours_order)),
                exceptions=tuple(exceptions.get(row.id, ())),
                country=row.country or "FI",
                coord_north=row.coord_north,
                coord_east=row.coord_east,
                record=record,
            ),
        )

    def _services(
        self,
        texts: _Texts,
        org_codes: Mapping[str, str],
        programme_codes: Mapping[str, str],
        channel_codes: Mapping[str, str],
        topics: Mapping[str, TopicEntry],
    ) -> list[ServiceEntry]:
        topic_links: dict[str, list[str]] = defaultdict(list)
        for service_id, topic_id in self._rows(select(_service_topic)):
            topic_links[service_id].append(topics[topic_id].code)
        languages: dict[str, list[str]] = defaultdict(list)
        for service_id, lang in self._rows(select(_service_language)):
            languages[service_id].append(lang)
        channel_links: dict[str, list[str]] = defaultdict(list)
        links = select(_service_channel.c.service_id, _service_channel.c.channel_id).order_by(
            _service_channel.c.service_id, _service_channel.c.sort_order
        )
        for service_id, channel_id in self._rows(links):
            channel_links[service_id].append(channel_codes[channel_id])
        _codes, services = self._entries(
            select(_service),
            texts,
            "s",
            lambda row, own, record: ServiceEntry(
                code=row.code,
                organisation_code=org_codes[row.organisation_id],
                programme_code=programme_codes.get(row.programme_id or ""),
                status=ServiceStatus(row.status),
                valid_from=row.valid_from,
                valid_to=row.valid_to,
                checked_on=row.checked_on,
                topic_codes=tuple(sorted(topic_links.get(row.id, ()))),
                languages=tuple(sorted(languages.get(row.id, ()))),
                channel_codes=tuple(channel_links.get(row.id, ())),
                texts=own,
                record=record,
            ),
        )
        return services

    # -- writes ----------------------------------------------------------------------------

    def _ids(self, table: Table) -> dict[str, str]:
        """{code: id} of every row of ``table``."""
        return {code: row_id for code, row_id in self._rows(select(table.c.code, table.c.id))}

    def _new_ids(self, kind: str, table: Table, codes: Iterable[str]) -> dict[str, str]:
        """Ids for new rows: the loader's deterministic one unless a row already has it."""
        wanted = {code: stable_id(kind, code) for code in codes}
        taken = set(self._where_in(table.c.id, table.c.id, list(wanted.values())))
        return {code: (str(uuid.uuid4()) if i in taken else i) for code, i in wanted.items()}

    def _where_in(self, column: Any, key: Any, keys: Sequence[str]) -> list[Any]:
        """``column`` of the rows whose ``key`` is one of ``keys`` (asked a chunk at a time)."""
        found: list[Any] = []
        for chunk in _chunks(keys):
            found += self.session.scalars(select(column).where(key.in_(chunk)))
        return found

    def _execute(self, statement: Any, rows: Sequence[Mapping[str, Any]]) -> None:
        if rows:
            self.session.connection().execute(statement, list(rows))

    def _delete(self, table: Table, column: str, owners: Iterable[str]) -> None:
        for chunk in _chunks(list(owners)):
            self.session.execute(delete(table).where(table.c[column].in_(chunk)))

    def _write(
        self,
        kind: str,
        table: Table,
        entries: Sequence[Entry],
        now: dt.datetime,
        columns: Callable[[Any], dict[str, Any]],
        texts: Callable[[Any], Mapping[str, Texts]],
    ) -> tuple[dict[str, str], dict[str, dt.datetime]]:
        """Insert or update the rows of ``entries`` (by code) with ``columns(entry)`` and their
        provenance, and make their texts exactly ``texts(entry)``; ({code: id}, {id: time})."""
        existing = self._ids(table)
        new_ids = self._new_ids(kind, table, [e.code for e in entries if e.code not in existing])
        inserts, updates, ids, times = [], [], {}, {}
        for entry in entries:
            record, row_id = entry.record, existing.get(entry.code) or new_ids[entry.code]
            ids[entry.code], times[row_id] = row_id, record.updated_at or now
            row = {**columns(entry), "source": record.source}
            if "is_example" in table.c:  # a topic has only its source
                row.update(is_example=record.is_example, ptv_id=record.ptv_id)
                row.update(ptv_modified=record.ptv_modified, updated_at=times[row_id])
            if entry.code in existing:
                updates.append({"row_id": row_id, **row})
            else:
                inserts.append({"id": row_id, "code": entry.code, "created_at": now, **row})
        self._execute(insert(table), inserts)
        self._execute(update(table).where(table.c.id == bindparam("row_id")), updates)
        records = {ids[e.code]: e.record for e in entries}
        self._replace_texts(kind[0], {ids[e.code]: texts(e) for e in entries}, times, records)
        return ids, times

    def _replace_texts(
        self,
        kind: str,
        owners: Mapping[str, Mapping[str, Texts]],
        times: Mapping[str, Any],
        records: Mapping[str, Record] | None = None,
    ) -> None:
        """The texts of ``owners`` ({owner id: {field: Texts}}) become exactly these, each with
        the time its record gives it, else the owner's time in ``times``."""
        name, owner = _TEXT_TABLES[kind]
        self._delete(_T[name], owner, owners)
        rows = []
        for o, fields in owners.items():
            record = records.get(o) if records else None
            for field, values in fields.items():
                for lang, value in values.items():
                    when = (record.text_time(field, lang) if record else None) or times[o]
                    rows.append(
                        {owner: o, "field": field, "lang": lang, "value": value, "updated_at": when}
                    )
        self._execute(insert(_T[name]), rows)

    def write_topics(self, entries: Sequence[TopicEntry], now: dt.datetime) -> None:
        """Add or overwrite these topics (their merges once every topic exists)."""

        def columns(t: TopicEntry) -> dict[str, Any]:
            classes = " ".join(t.ptv_classes)
            return {"ptv_classes": classes, "sort_order": t.sort_order, "retired_on": t.retired_on}

        ids, _times = self._write(
            "topic", _topic, entries, now, columns, lambda t: {"label": t.label}
        )
        every = self._ids(_topic)
        merges = [
            {"row_id": ids[t.code], "merged_into_id": every.get(t.merged_into or "")}
            for t in entries
        ]
        self._execute(update(_topic).where(_topic.c.id == bindparam("row_id")), merges)

    def write_organisations(self, entries: Sequence[OrganisationEntry], now: dt.datetime) -> None:
        def columns(o: OrganisationEntry) -> dict[str, Any]:
            return {
                "kind": o.kind,
                "business_id": o.business_id,
                "url": o.url,
                "checked_on": o.checked_on,
            }

        self._write("organisation", _organisation, entries, now, columns, _name_and_description)

    def write_programmes(self, entries: Sequence[ProgrammeEntry], now: dt.datetime) -> None:
        organisations = self._ids(_organisation)

        def columns(p: ProgrammeEntry) -> dict[str, Any]:
            return {
                "organisation_id": organisations[p.organisation_code],
                "funding_source": p.funding_source,
                "eura_code": p.eura_code,
                "valid_from": p.valid_from,
                "valid_to": p.valid_to,
            }

        self._write("programme", _programme, entries, now, columns, _name_and_description)

    def write_channels(self, entries: Sequence[ChannelEntry], now: dt.datetime) -> None:
        """Add or overwrite these channels with their addresses, hours and exceptional days.

        A channel gets an address row of its own (a shared one is never changed under another
        channel's feet); the address it had is removed once nothing refers to it.
        """
        organisations = self._ids(_organisation)
        old_addresses = set(
            self._where_in(_channel.c.address_id, _channel.c.code, [c.code for c in entries])
        )
        located = [c for c in entries if c.street is not None]
        address_ids = self._new_ids("address", _address, [c.code for c in located])
        self._execute(insert(_address), [_address_row(address_ids[c.code], c) for c in located])

        def columns(c: ChannelEntry) -> dict[str, Any]:
            return {
                "organisation_id": organisations[c.organisation_code],
                "kind": c.kind.value,
                "address_id": address_ids.get(c.code),
                "room": c.room,
                "phone": c.phone,
                "email": c.email,
                "url": c.url,
                "appointment_only": c.appointment_only,
            }

        def texts(c: ChannelEntry) -> dict[str, Texts]:
            return {
                "name": c.name,
                "description": c.description,
                "directions": c.directions,
                "accessibility": c.accessibility,
            }

        ids, times = self._write("channel", _channel, entries, now, columns, texts)
        used = select(_channel.c.address_id).where(_channel.c.address_id.is_not(None))
        for chunk in _chunks(sorted(old_addresses - {None})):
            self.session.execute(
                delete(_address).where(_address.c.id.in_(chunk), _address.c.id.not_in(used))
            )
        self._write_hours(entries, ids, times)

    def _write_hours(
        self, entries: Sequence[ChannelEntry], ids: Mapping[str, str], times: Mapping[str, Any]
    ) -> None:
        channel_ids = [ids[c.code] for c in entries]
        old = self._where_in(_exceptional.c.id, _exceptional.c.channel_id, channel_ids)
        self._replace_texts("e", {i: {} for i in old}, {})
        self._delete(_exceptional, "channel_id", channel_ids)
        self._delete(_regular, "channel_id", channel_ids)
        regular, exceptional, notes, note_times = [], [], {}, {}
        for c in entries:
            cid = ids[c.code]
            for h in c.hours:
                validity = (h.valid_from, h.valid_to) if isinstance(h, HoursEntry) else (None, None)
                regular.append(
                    {"channel_id": cid, "weekday": h.weekday, "opens": h.opens, "closes": h.closes}
                    | {"valid_from": validity[0], "valid_to": validity[1]}
                )
            for index, e in enumerate(c.exceptions):
                eid = stable_id("exceptional_hours", f"{c.code}:{index}")
                exceptional.append(
                    {"id": eid, "channel_id": cid, "date_from": e.date_from, "date_to": e.date_to}
                    | {"closed": e.closed, "opens": e.opens, "closes": e.closes}
                )
                notes[eid], note_times[eid] = {"note": e.note}, times[cid]
        self._execute(insert(_regular), regular)
        self._execute(insert(_exceptional), exceptional)
        self._replace_texts("e", notes, note_times)

    def write_services(self, entries: Sequence[ServiceEntry], now: dt.datetime) -> None:
        """Add or overwrite these services with their texts, topics, languages and channels."""
        organisations, programmes = self._ids(_organisation), self._ids(_programme)

        def columns(s: ServiceEntry) -> dict[str, Any]:
            return {
                "organisation_id": organisations[s.organisation_code],
                "programme_id": programmes[s.programme_code] if s.programme_code else None,
                "status": s.status.value,
                "valid_from": s.valid_from,
                "valid_to": s.valid_to,
                "checked_on": s.checked_on,
            }

        ids, _times = self._write("service", _service, entries, now, columns, lambda s: s.texts)
        for table in (_service_topic, _service_language, _service_channel):
            self._delete(table, "service_id", ids.values())
        topics, channels = self._ids(_topic), self._ids(_channel)
        self._execute(
            insert(_service_topic),
            [
                {"service_id": ids[s.code], "topic_id": topics[t]}
                for s in entries
                for t in s.topic_codes
            ],
        )
        self._execute(
            insert(_service_language),
            [{"service_id": ids[s.code], "lang": lang} for s in entries for lang in s.languages],
        )
        self._execute(
            insert(_service_channel),
            [
                {"service_id": ids[s.code], "channel_id": channels[code], "sort_order": order}
                for s in entries
                for order, code in enumerate(s.channel_codes)
            ],
        )

    def retire_services(self, codes: Sequence[str], updated_at: dt.datetime) -> None:
        """Mark these services retired (never deleted: old visits refer to them)."""
        self._update_by_code(
            _service, codes, status=ServiceStatus.RETIRED.value, updated_at=updated_at
        )

    def retire_topics(self, codes: Sequence[str], day: dt.date) -> None:
        """Mark these topics retired on ``day`` (never deleted: old visits refer to them)."""
        self._update_by_code(_topic, codes, retired_on=day)

    def _update_by_code(self, table: Table, codes: Sequence[str], **values: Any) -> None:
        for chunk in _chunks(list(codes)):
            self.session.execute(update(table).where(table.c.code.in_(chunk)).values(**values))
