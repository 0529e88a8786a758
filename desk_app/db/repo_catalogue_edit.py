"""Writes of the catalogue by staff: services, their channels and opening hours.

The admin screens edit one row at a time, so these are plain ORM reads and writes (the bulk Core
path is for whole documents, ``catalogue_loader``). Rows and values go in and out as the domain's
own objects: a service as ``ServiceEntry`` (the catalogue document's record), a channel as
``Channel`` with its hours; validation has happened in the use case before anything reaches here.

Every write is given the clock's ``now`` and stamps ``updated_at`` explicitly, and only on what
really changed: a text row when its value changed, a service or channel when any of its columns,
texts, links or hours did. The JSON import reads these stamps to tell local edits from untouched
rows, so saving an unchanged form must leave them alone. ``source`` is never touched: an edited
PTV row stays "ptv" (the PTV merge keeps its own snapshot to find the local edits).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from desk_app.db import models as m
from desk_app.db.models_catalogue import TextRow
from desk_app.domain.catalogue import Channel, ExceptionalHours, Organisation, RegularHours
from desk_app.domain.catalogue_document import SERVICE_TEXT_FIELDS, ServiceEntry
from desk_app.domain.codes import ChannelKind, ServiceStatus
from desk_app.domain.texts import EMPTY_TEXTS, Texts

CHANNEL_TEXT_FIELDS = ("name", "description", "directions", "accessibility")
TextStamps = dict[str, dict[str, dt.datetime]]
"""{field: {lang: when that text last changed}}."""
RowStamp = tuple[str, bool, dt.datetime]
"""(source, is_example, updated_at) of one service or channel."""


def _texts_of(rows: Iterable[TextRow]) -> dict[str, Texts]:
    grouped: dict[str, dict[str, str]] = {}
    for row in rows:
        grouped.setdefault(row.field, {})[row.lang] = row.value
    return {field: Texts(values) for field, values in grouped.items()}


def _stamps_of(rows: Iterable[TextRow]) -> TextStamps:
    stamps: TextStamps = {}
    for row in rows:
        stamps.setdefault(row.field, {})[row.lang] = row.updated_at
    return stamps


def _sync_texts(
    rows: list[Any],
    make_row: Any,
    wanted: Mapping[str, Texts],
    fields: Sequence[str],
    now: dt.datetime,
) -> bool:
    """Make ``rows`` (an owner's text relationship) hold ``wanted`` for ``fields``; other fields
    are left alone. Only changed values get a new ``updated_at``. Whether anything changed."""
    changed = False
    present = {(row.field, row.lang): row for row in rows}
    for field in fields:
        texts = wanted.get(field, EMPTY_TEXTS)
        for lang, value in texts.items():
            row = present.get((field, lang))
            if row is None:
                rows.append(make_row(field=field, lang=lang, value=value, updated_at=now))
                changed = True
            elif row.value != value:
                row.value, row.updated_at = value, now
                changed = True
        for (row_field, lang), row in present.items():
            if row_field == field and lang not in texts:
                rows.remove(row)
                changed = True
    return changed


def _assign(row: Any, values: Mapping[str, Any]) -> bool:
    """Set the columns that differ; whether any did."""
    changed = False
    for name, value in values.items():
        if getattr(row, name) != value:
            setattr(row, name, value)
            changed = True
    return changed


class CatalogueEditRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    # -- reads -------------------------------------------------------------------------------

    def service_codes(self) -> set[str]:
        return set(self.session.scalars(select(m.Service.code)))

    def channel_codes(self) -> set[str]:
        return set(self.session.scalars(select(m.Channel.code)))

    def organisations(self) -> list[Organisation]:
        """Every organisation with its name and description, ordered by code."""
        result = []
        for row in self.session.scalars(select(m.Organisation).order_by(m.Organisation.code)):
            texts = _texts_of(row.texts)
            result.append(
                Organisation(
                    code=row.code,
                    kind=row.kind,
                    name=texts.get("name", EMPTY_TEXTS),
                    description=texts.get("description", EMPTY_TEXTS),
                    url=row.url,
                    business_id=row.business_id,
                )
            )
        return result

    def _service_row(self, code: str) -> m.Service | None:
        return self.session.scalar(select(m.Service).where(m.Service.code == code))

    def _channel_row(self, code: str) -> m.Channel | None:
        return self.session.scalar(select(m.Channel).where(m.Channel.code == code))

    def _codes(self, model: Any, ids: Iterable[str | None]) -> dict[str, str]:
        wanted = {i for i in ids if i is not None}
        if not wanted:
            return {}
        rows = self.session.execute(select(model.id, model.code).where(model.id.in_(wanted)))
        return {row_id: code for row_id, code in rows}

    def _ids(self, model: Any, codes: Iterable[str]) -> dict[str, str]:
        wanted = set(codes)
        if not wanted:
            return {}
        rows = self.session.execute(select(model.code, model.id).where(model.code.in_(wanted)))
        return {code: row_id for code, row_id in rows}

    def service_entry(self, code: str) -> ServiceEntry | None:
        """One service as the editor shows it: every column, text, topic, language and its
        channels in order."""
        row = self._service_row(code)
        if row is None:
            return None
        topic_codes = self.session.scalars(
            select(m.Topic.code)
            .join(m.ServiceTopic, m.ServiceTopic.topic_id == m.Topic.id)
            .where(m.ServiceTopic.service_id == row.id)
            .order_by(m.Topic.sort_order, m.Topic.code)
        )
        languages = self.session.scalars(
            select(m.ServiceLanguage.lang).where(m.ServiceLanguage.service_id == row.id)
        )
        channel_codes = self.session.scalars(
            select(m.Channel.code)
            .join(m.ServiceChannel, m.ServiceChannel.channel_id == m.Channel.id)
            .where(m.ServiceChannel.service_id == row.id)
            .order_by(m.ServiceChannel.sort_order, m.Channel.code)
        )
        organisations = self._codes(m.Organisation, [row.organisation_id])
        programmes = self._codes(m.Programme, [row.programme_id])
        return ServiceEntry(
            code=row.code,
            organisation_code=organisations[row.organisation_id],
            programme_code=programmes.get(row.programme_id) if row.programme_id else None,
            status=ServiceStatus(row.status),
            valid_from=row.valid_from,
            valid_to=row.valid_to,
            checked_on=row.checked_on,
            topic_codes=tuple(topic_codes),
            languages=tuple(sorted(languages)),
            channel_codes=tuple(channel_codes),
            texts=_texts_of(row.texts),
        )

    def service_stamps(self, code: str) -> tuple[RowStamp, TextStamps] | None:
        """Provenance and last change of a service, and when each of its texts changed."""
        row = self._service_row(code)
        if row is None:
            return None
        return (row.source, row.is_example, row.updated_at), _stamps_of(row.texts)

    def channel(self, code: str) -> Channel | None:
        """One channel with every field, text, weekly period and exceptional day."""
        row = self._channel_row(code)
        if row is None:
            return None
        return self._channel_of(row)

    def _channel_of(self, row: m.Channel) -> Channel:
        texts = _texts_of(row.texts)
        address = self.session.get(m.Address, row.address_id) if row.address_id else None
        hours = tuple(
            RegularHours(h.weekday, h.opens, h.closes)
            for h in self.session.scalars(
                select(m.RegularHours)
                .where(m.RegularHours.channel_id == row.id)
                .order_by(m.RegularHours.weekday, m.RegularHours.opens)
            )
        )
        exceptions = tuple(
            ExceptionalHours(
                e.date_from,
                e.date_to,
                e.closed,
                e.opens,
                e.closes,
                _texts_of(e.texts).get("note", EMPTY_TEXTS),
            )
            for e in self.session.scalars(
                select(m.ExceptionalHours)
                .where(m.ExceptionalHours.channel_id == row.id)
                .order_by(m.ExceptionalHours.date_from, m.ExceptionalHours.date_to)
            )
        )
        organisation = self._codes(m.Organisation, [row.organisation_id])
        return Channel(
            code=row.code,
            kind=ChannelKind(row.kind),
            name=texts.get("name", EMPTY_TEXTS),
            description=texts.get("description", EMPTY_TEXTS),
            organisation_code=organisation[row.organisation_id],
            street=address.street if address else None,
            postal_code=address.postal_code if address else None,
            post_office=address.post_office if address else None,
            room=row.room,
            directions=texts.get("directions", EMPTY_TEXTS),
            accessibility=texts.get("accessibility", EMPTY_TEXTS),
            phone=row.phone,
            email=row.email,
            url=row.url,
            appointment_only=row.appointment_only,
            hours=hours,
            exceptions=exceptions,
        )

    def channel_stamps(self, code: str) -> tuple[RowStamp, TextStamps] | None:
        row = self._channel_row(code)
        if row is None:
            return None
        return (row.source, row.is_example, row.updated_at), _stamps_of(row.texts)

    def channels(self) -> list[Channel]:
        """Every channel, ordered by code, with only its code, kind, organisation and name (to
        choose one to link): two statements whatever the size of the catalogue."""
        names: dict[str, dict[str, str]] = {}
        for channel_id, lang, value in self.session.execute(
            select(m.ChannelText.channel_id, m.ChannelText.lang, m.ChannelText.value).where(
                m.ChannelText.field == "name"
            )
        ):
            names.setdefault(channel_id, {})[lang] = value
        rows = self.session.execute(
            select(m.Channel.id, m.Channel.code, m.Channel.kind, m.Organisation.code)
            .join(m.Organisation, m.Organisation.id == m.Channel.organisation_id)
            .order_by(m.Channel.code)
        )
        return [
            Channel(
                code=code,
                kind=ChannelKind(kind),
                name=Texts(names.get(channel_id, {})),
                description=EMPTY_TEXTS,
                organisation_code=organisation_code,
            )
            for channel_id, code, kind, organisation_code in rows
        ]

    def services_of_channel(self, code: str) -> list[str]:
        """Codes of the services that use the channel, ordered."""
        return list(
            self.session.scalars(
                select(m.Service.code)
                .join(m.ServiceChannel, m.ServiceChannel.service_id == m.Service.id)
                .join(m.Channel, m.Channel.id == m.ServiceChannel.channel_id)
                .where(m.Channel.code == code)
                .order_by(m.Service.code)
            )
        )

    # -- service writes ----------------------------------------------------------------------

    def add_service(self, entry: ServiceEntry, now: dt.datetime) -> None:
        """A new local service (its channels are linked separately)."""
        row = m.Service(id=str(uuid.uuid4()), code=entry.code, created_at=now, updated_at=now)
        row.texts = []
        self._write_service(row, entry, now)
        self.session.flush()

    def update_service(self, entry: ServiceEntry, now: dt.datetime) -> bool:
        """Write an existing service's columns, texts, topics and languages (not its channels,
        nor its code); whether anything changed."""
        row = self._service_row(entry.code)
        if row is None:
            raise LookupError(entry.code)
        changed = self._write_service(row, entry, now)
        if changed:
            row.updated_at = now
        self.session.flush()
        return changed

    def _write_service(self, row: m.Service, entry: ServiceEntry, now: dt.datetime) -> bool:
        organisation = self._ids(m.Organisation, [entry.organisation_code])
        programme = self._ids(m.Programme, [entry.programme_code] if entry.programme_code else [])
        changed = _assign(
            row,
            {
                "organisation_id": organisation[entry.organisation_code],
                "programme_id": programme.get(entry.programme_code or ""),
                "status": entry.status.value,
                "valid_from": entry.valid_from,
                "valid_to": entry.valid_to,
                "checked_on": entry.checked_on,
            },
        )
        changed |= _sync_texts(row.texts, m.ServiceText, entry.texts, SERVICE_TEXT_FIELDS, now)
        self.session.add(row)  # a new row is added once its columns are set
        self.session.flush()  # a new row exists before its topics and languages refer to it
        changed |= self._sync_links(
            m.ServiceTopic, "topic_id", row.id, set(self._ids(m.Topic, entry.topic_codes).values())
        )
        changed |= self._sync_links(m.ServiceLanguage, "lang", row.id, set(entry.languages))
        return changed

    def _sync_links(self, model: Any, column: str, service_id: str, wanted: set[str]) -> bool:
        """Make the service's rows of a link table hold exactly ``wanted``."""
        target = getattr(model, column)
        present = set(self.session.scalars(select(target).where(model.service_id == service_id)))
        if present == wanted:
            return False
        if present - wanted:
            self.session.execute(
                delete(model).where(model.service_id == service_id, target.in_(present - wanted))
            )
        for value in sorted(wanted - present):
            self.session.add(model(service_id=service_id, **{column: value}))
        return True

    def set_checked_on(self, code: str, day: dt.date, now: dt.datetime) -> bool:
        row = self._service_row(code)
        if row is None:
            raise LookupError(code)
        if row.checked_on == day:
            return False
        row.checked_on, row.updated_at = day, now
        self.session.flush()
        return True

    def set_service_channels(
        self, code: str, channel_codes: Sequence[str], now: dt.datetime
    ) -> bool:
        """Link exactly ``channel_codes`` to the service, in this order; whether that changed.
        Unlinking never deletes the channel (another service may use it)."""
        row = self._service_row(code)
        if row is None:
            raise LookupError(code)
        ids = self._ids(m.Channel, channel_codes)
        wanted = [(ids[c], order) for order, c in enumerate(channel_codes)]
        present = [
            (channel_id, order)
            for channel_id, order in self.session.execute(
                select(m.ServiceChannel.channel_id, m.ServiceChannel.sort_order)
                .where(m.ServiceChannel.service_id == row.id)
                .order_by(m.ServiceChannel.sort_order)
            )
        ]
        if present == wanted:
            return False
        self.session.execute(delete(m.ServiceChannel).where(m.ServiceChannel.service_id == row.id))
        for channel_id, order in wanted:
            self.session.add(
                m.ServiceChannel(service_id=row.id, channel_id=channel_id, sort_order=order)
            )
        row.updated_at = now
        self.session.flush()
        return True

    # -- channel writes ----------------------------------------------------------------------

    def add_channel(self, channel: Channel, now: dt.datetime) -> None:
        row = m.Channel(id=str(uuid.uuid4()), code=channel.code, created_at=now, updated_at=now)
        row.texts = []
        self._write_channel(row, channel, now)
        self.session.flush()

    def update_channel(self, channel: Channel, now: dt.datetime) -> bool:
        """Write an existing channel's fields and texts (not its hours); whether they changed."""
        row = self._channel_row(channel.code)
        if row is None:
            raise LookupError(channel.code)
        changed = self._write_channel(row, channel, now)
        if changed:
            row.updated_at = now
        self.session.flush()
        return changed

    def _write_channel(self, row: m.Channel, channel: Channel, now: dt.datetime) -> bool:
        organisation = self._ids(m.Organisation, [channel.organisation_code])
        changed = _assign(
            row,
            {
                "organisation_id": organisation[channel.organisation_code],
                "kind": channel.kind.value,
                "room": channel.room,
                "phone": channel.phone,
                "email": channel.email,
                "url": channel.url,
                "appointment_only": channel.appointment_only,
            },
        )
        self.session.add(row)  # a new row is added once its columns are set
        changed |= self._write_address(row, channel)
        texts = {
            "name": channel.name,
            "description": channel.description,
            "directions": channel.directions,
            "accessibility": channel.accessibility,
        }
        changed |= _sync_texts(row.texts, m.ChannelText, texts, CHANNEL_TEXT_FIELDS, now)
        return changed

    def _write_address(self, row: m.Channel, channel: Channel) -> bool:
        address = self.session.get(m.Address, row.address_id) if row.address_id else None
        if not channel.street:
            if address is None:
                return False
            row.address_id = None
            self.session.flush()
            users = select(m.Channel.id).where(m.Channel.address_id == address.id)
            if self.session.scalar(users) is None:
                self.session.delete(address)
            return True
        values = {
            "street": channel.street,
            "postal_code": channel.postal_code,
            "post_office": channel.post_office,
        }
        if address is None:
            address = m.Address(id=str(uuid.uuid4()), country="FI", **values)
            self.session.add(address)
            self.session.flush()
            row.address_id = address.id
            return True
        return _assign(address, values)

    def set_hours(
        self,
        code: str,
        hours: Sequence[RegularHours],
        exceptions: Sequence[ExceptionalHours],
        appointment_only: bool | None,
        now: dt.datetime,
    ) -> bool:
        """Replace the channel's weekly periods and exceptional days (and its appointment flag
        unless None) when they differ; whether anything changed."""
        row = self._channel_row(code)
        if row is None:
            raise LookupError(code)
        before = self._channel_of(row)
        changed = False
        if appointment_only is not None and row.appointment_only != appointment_only:
            row.appointment_only = appointment_only
            changed = True
        if sorted(before.hours, key=repr) != sorted(hours, key=repr):
            self.session.execute(delete(m.RegularHours).where(m.RegularHours.channel_id == row.id))
            for period in hours:
                self.session.add(
                    m.RegularHours(
                        channel_id=row.id,
                        weekday=period.weekday,
                        opens=period.opens,
                        closes=period.closes,
                    )
                )
            changed = True
        if sorted(before.exceptions, key=repr) != sorted(exceptions, key=repr):
            for old in self.session.scalars(
                select(m.ExceptionalHours).where(m.ExceptionalHours.channel_id == row.id)
            ):
                self.session.delete(old)  # its note texts go with it (cascade)
            self.session.flush()
            for entry in exceptions:
                new = m.ExceptionalHours(
                    id=str(uuid.uuid4()),
                    channel_id=row.id,
                    date_from=entry.date_from,
                    date_to=entry.date_to,
                    closed=entry.closed,
                    opens=None if entry.closed else entry.opens,
                    closes=None if entry.closed else entry.closes,
                )
                new.texts = [
                    m.ExceptionalHoursText(field="note", lang=lang, value=value, updated_at=now)
                    for lang, value in entry.note.items()
                ]
                self.session.add(new)
            changed = True
        if changed:
            row.updated_at = now
        self.session.flush()
        return changed
