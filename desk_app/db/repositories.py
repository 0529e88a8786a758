"""Repositories: the only code that runs SQL. They map rows to domain objects and back.

Reads return frozen domain objects (``desk_app.domain``); writes take domain objects or plain
values. Bulk writes (catalogue loading, demo data) use Core ``insert()`` with lists of dicts.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import Date, Select, bindparam, func, literal, null, select, union_all
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import BindParameter

from desk_app.db import models as m
from desk_app.db.base import Base
from desk_app.db.catalogue_loader import insert_document
from desk_app.db.models_catalogue import TextRow
from desk_app.domain.catalogue import (
    Channel,
    ExceptionalHours,
    Programme,
    RegularHours,
    ServiceDetail,
    ServiceSummary,
    Topic,
    VisitCodes,
    is_within,
    narrowest_range,
)
from desk_app.domain.catalogue_document import CatalogueDocument
from desk_app.domain.codes import (
    ChannelKind,
    ServiceStatus,
)
from desk_app.domain.texts import Texts

TextsByOwner = dict[str, dict[str, Texts]]

# The save path's lookups (see bench/save.py) are Core statements built once, executed on the
# session's connection: no ORM result processing and no statement building per save.
_TABLES = Base.metadata.tables
_CODES: BindParameter[Any] = bindparam("codes", expanding=True)


@functools.cache
def _ids_by_code(model: Any) -> Select[Any]:
    table = _TABLES[model.__tablename__]
    return select(table.c.code, table.c.id).where(table.c.code.in_(_CODES))


_service_t, _programme_t = _TABLES[m.Service.__tablename__], _TABLES[m.Programme.__tablename__]
_NO_DATE = null().cast(Date)


def _code_rows(kind: str, table: Any, param: str) -> Select[Any]:
    """(kind, code, id) of the rows with the codes in ``param``, padded to the service rows."""
    dates = (_NO_DATE,) * 4
    codes: BindParameter[Any] = bindparam(param, expanding=True)
    return select(literal(kind), table.c.code, table.c.id, null(), *dates).where(
        table.c.code.in_(codes)
    )


_VISIT_CODES = union_all(
    # Services first: the union's column types (dates) come from its first select.
    select(
        literal("s"),
        _service_t.c.code,
        _service_t.c.id,
        _service_t.c.status,
        _service_t.c.valid_from,
        _service_t.c.valid_to,
        _programme_t.c.valid_from,
        _programme_t.c.valid_to,
    )
    .select_from(_service_t.outerjoin(_programme_t, _programme_t.c.id == _service_t.c.programme_id))
    .where(_service_t.c.code.in_(bindparam("services", expanding=True))),
    _code_rows("t", _TABLES[m.Topic.__tablename__], "topics"),
    _code_rows("p", _programme_t, "programmes"),
)


def _texts_by_owner(
    session: Session, model: Any, owner_column: str, owner_ids: Sequence[str] | None = None
) -> TextsByOwner:
    """The texts of one text table as {owner id: {field: Texts}} (one query; all owners when
    ``owner_ids`` is None)."""
    raw: dict[str, dict[str, dict[str, str]]] = defaultdict(lambda: defaultdict(dict))
    owner = getattr(model, owner_column)
    query = select(owner, model.field, model.lang, model.value)
    if owner_ids is not None:
        query = query.where(owner.in_(owner_ids))
    for owner_id, field, lang, value in session.execute(query):
        raw[owner_id][field][lang] = value
    return {
        owner_id: {field: Texts(values) for field, values in fields.items()}
        for owner_id, fields in raw.items()
    }


class CatalogueRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    # -- reads -------------------------------------------------------------------------------

    def is_empty(self) -> bool:
        return self.session.scalar(select(func.count()).select_from(m.Topic)) == 0

    def topics(self, include_retired: bool = False) -> list[Topic]:
        texts = _texts_by_owner(self.session, m.TopicText, "topic_id")
        query = select(m.Topic).order_by(m.Topic.sort_order, m.Topic.code)
        if not include_retired:
            query = query.where(m.Topic.retired_on.is_(None))
        return [
            Topic(
                code=row.code,
                label=texts.get(row.id, {}).get("label", Texts()),
                ptv_classes=tuple(c for c in row.ptv_classes.split() if c),
                sort_order=row.sort_order,
                retired=row.retired_on is not None,
            )
            for row in self.session.scalars(query)
        ]

    def _organisations(self) -> dict[str, tuple[m.Organisation, dict[str, Texts]]]:
        texts = _texts_by_owner(self.session, m.OrganisationText, "organisation_id")
        return {
            row.id: (row, texts.get(row.id, {}))
            for row in self.session.scalars(select(m.Organisation))
        }

    def service_summaries(self, codes: Iterable[str] | None = None) -> list[ServiceSummary]:
        """Summaries of all services, or of those with the given codes, ordered by code.

        Validity is the service's own range narrowed by its programme's: a project's services
        end when the project ends.
        """
        query = (
            select(m.Service, m.Programme.valid_from, m.Programme.valid_to)
            .outerjoin(m.Programme, m.Programme.id == m.Service.programme_id)
            .order_by(m.Service.code)
        )
        if codes is not None:
            query = query.where(m.Service.code.in_(set(codes)))
        rows = self.session.execute(query).all()
        ids = [row[0].id for row in rows]
        only = ids if codes is not None else None
        orgs = self._organisations()
        texts = _texts_by_owner(self.session, m.ServiceText, "service_id", only)
        topics: dict[str, list[str]] = defaultdict(list)
        topic_query = (
            select(m.ServiceTopic.service_id, m.Topic.code)
            .join(m.Topic, m.Topic.id == m.ServiceTopic.topic_id)
            .order_by(m.Topic.sort_order)
        )
        language_query = select(m.ServiceLanguage.service_id, m.ServiceLanguage.lang)
        if only is not None:
            topic_query = topic_query.where(m.ServiceTopic.service_id.in_(only))
            language_query = language_query.where(m.ServiceLanguage.service_id.in_(only))
        for service_id, code in self.session.execute(topic_query):
            topics[service_id].append(code)
        languages: dict[str, list[str]] = defaultdict(list)
        for service_id, lang in self.session.execute(language_query):
            languages[service_id].append(lang)
        result = []
        for service, programme_from, programme_to in rows:
            org, org_texts = orgs[service.organisation_id]
            own = texts.get(service.id, {})
            valid_from, valid_to = narrowest_range(
                (service.valid_from, service.valid_to), (programme_from, programme_to)
            )
            result.append(
                ServiceSummary(
                    code=service.code,
                    name=own.get("name", Texts()),
                    summary=own.get("summary", Texts()),
                    organisation_code=org.code,
                    organisation_name=org_texts.get("name", Texts()),
                    topic_codes=tuple(topics[service.id]),
                    languages=tuple(sorted(languages[service.id])),
                    status=ServiceStatus(service.status),
                    valid_from=valid_from,
                    valid_to=valid_to,
                    is_example=service.is_example,
                    keywords=own.get("keywords", Texts()),
                    description=own.get("description", Texts()),
                )
            )
        return result

    def service_detail(self, code: str) -> ServiceDetail | None:
        return self.service_details([code]).get(code)

    def service_details(self, codes: Iterable[str]) -> dict[str, ServiceDetail]:
        """{code: detail} of the known ``codes`` (the card shows one; a booklet, hundreds): the
        summaries, texts and channel links in a few queries, and each channel and programme read
        once however many services share it."""
        wanted = sorted(set(codes))
        if not wanted:
            return {}
        rows = {
            row.id: row
            for row in self.session.scalars(select(m.Service).where(m.Service.code.in_(wanted)))
        }
        if not rows:
            return {}
        summaries = {s.code: s for s in self.service_summaries([r.code for r in rows.values()])}
        texts = _texts_by_owner(self.session, m.ServiceText, "service_id", list(rows))
        links: dict[str, list[str]] = defaultdict(list)
        for service_id, channel_id in self.session.execute(
            select(m.ServiceChannel.service_id, m.ServiceChannel.channel_id)
            .where(m.ServiceChannel.service_id.in_(list(rows)))
            .order_by(m.ServiceChannel.service_id, m.ServiceChannel.sort_order)
        ):
            links[service_id].append(channel_id)
        channels = self._channels({cid for ids in links.values() for cid in ids})
        programmes: dict[str, Programme] = {}
        result = {}
        for service_id, row in rows.items():
            own = texts.get(service_id, {})
            if row.programme_id is not None and row.programme_id not in programmes:
                programmes[row.programme_id] = self._programme(row.programme_id)
            result[row.code] = ServiceDetail(
                summary=summaries[row.code],
                description=own.get("description", Texts()),
                audience=own.get("audience", Texts()),
                how_to_apply=own.get("how_to_apply", Texts()),
                what_to_bring=own.get("what_to_bring", Texts()),
                programme=programmes.get(row.programme_id) if row.programme_id else None,
                channels=tuple(channels[cid] for cid in links[service_id]),
                checked_on=row.checked_on,
            )
        return result

    def _programme(self, programme_id: str) -> Programme:
        row = self.session.get_one(m.Programme, programme_id)
        org = self.session.get_one(m.Organisation, row.organisation_id)
        texts = _texts_of(row.texts)
        return Programme(
            code=row.code,
            organisation_code=org.code,
            name=texts.get("name", Texts()),
            funding_source=row.funding_source,
            eura_code=row.eura_code,
            valid_from=row.valid_from,
            valid_to=row.valid_to,
            description=texts.get("description", Texts()),
        )

    def _channels(self, channel_ids: Iterable[str]) -> dict[str, Channel]:
        """{id: channel} for many channels in six queries, whatever their number."""
        ids = sorted(set(channel_ids))
        if not ids:
            return {}
        rows = list(self.session.scalars(select(m.Channel).where(m.Channel.id.in_(ids))))
        texts = _texts_by_owner(self.session, m.ChannelText, "channel_id", ids)
        address_ids = [r.address_id for r in rows if r.address_id]
        addresses = {
            a.id: a
            for a in self.session.scalars(select(m.Address).where(m.Address.id.in_(address_ids)))
        }
        org_codes = {
            org_id: code
            for org_id, code in self.session.execute(
                select(m.Organisation.id, m.Organisation.code).where(
                    m.Organisation.id.in_({r.organisation_id for r in rows})
                )
            )
        }
        hours: dict[str, list[RegularHours]] = defaultdict(list)
        for h in self.session.scalars(
            select(m.RegularHours)
            .where(m.RegularHours.channel_id.in_(ids))
            .order_by(m.RegularHours.weekday, m.RegularHours.opens)
        ):
            hours[h.channel_id].append(RegularHours(h.weekday, h.opens, h.closes))
        exception_rows = list(
            self.session.scalars(
                select(m.ExceptionalHours)
                .where(m.ExceptionalHours.channel_id.in_(ids))
                .order_by(m.ExceptionalHours.date_from)
            )
        )
        notes = _texts_by_owner(
            self.session,
            m.ExceptionalHoursText,
            "exceptional_hours_id",
            [e.id for e in exception_rows],
        )
        exceptions: dict[str, list[ExceptionalHours]] = defaultdict(list)
        for e in exception_rows:
            note = notes.get(e.id, {}).get("note", Texts())
            exceptions[e.channel_id].append(
                ExceptionalHours(e.date_from, e.date_to, e.closed, e.opens, e.closes, note)
            )
        result = {}
        for row in rows:
            own = texts.get(row.id, {})
            address = addresses.get(row.address_id) if row.address_id else None
            result[row.id] = Channel(
                code=row.code,
                kind=ChannelKind(row.kind),
                name=own.get("name", Texts()),
                description=own.get("description", Texts()),
                organisation_code=org_codes[row.organisation_id],
                street=address.street if address else None,
                postal_code=address.postal_code if address else None,
                post_office=address.post_office if address else None,
                room=row.room,
                directions=own.get("directions", Texts()),
                accessibility=own.get("accessibility", Texts()),
                phone=row.phone,
                email=row.email,
                url=row.url,
                appointment_only=row.appointment_only,
                hours=tuple(hours[row.id]),
                exceptions=tuple(exceptions[row.id]),
            )
        return result

    def ids_by_code(self, model: Any, codes: Iterable[str]) -> dict[str, str]:
        wanted = sorted(set(codes))
        if not wanted:
            return {}
        rows = self.session.connection().execute(_ids_by_code(model), {"codes": wanted})
        return {code: row_id for code, row_id in rows}

    def topic_ids(self, codes: Iterable[str]) -> dict[str, str]:
        return self.ids_by_code(m.Topic, codes)

    def visit_codes(
        self,
        topic_codes: Iterable[str],
        service_codes: Iterable[str],
        programme_codes: Iterable[str],
        day: dt.date,
    ) -> VisitCodes:
        """The ids behind a visit's topic, service and programme codes, and which of the services
        are not active on ``day`` — in one query (it runs on every save)."""
        params = {
            "topics": sorted(set(topic_codes)),
            "services": sorted(set(service_codes)),
            "programmes": sorted(set(programme_codes)),
        }
        found: dict[str, dict[str, str]] = {"t": {}, "s": {}, "p": {}}
        unavailable = []
        for (
            kind,
            code,
            row_id,
            status,
            s_from,
            s_to,
            p_from,
            p_to,
        ) in self.session.connection().execute(_VISIT_CODES, params):
            found[kind][code] = row_id
            if kind == "s":
                start, end = narrowest_range((s_from, s_to), (p_from, p_to))
                if status != ServiceStatus.ACTIVE.value or not is_within(day, start, end):
                    unavailable.append(code)
        return VisitCodes(found["t"], found["s"], sorted(unavailable), found["p"])

    def service_ids(self, codes: Iterable[str]) -> dict[str, str]:
        return self.ids_by_code(m.Service, codes)

    def programmes(self) -> list[Programme]:
        """Every programme, ended ones included (a handful of rows), ordered by code."""
        ids = self.session.scalars(select(m.Programme.id).order_by(m.Programme.code))
        return [self._programme(programme_id) for programme_id in ids]

    def staffed_channels_by_service(self) -> dict[str, tuple[Channel, ...]]:
        """Every service's visiting places and phone lines with their opening hours, for "open
        now" over the whole catalogue: three queries in all, whatever the number of services.

        The channels carry only what opening hours need (code, kind, appointment flag, weekly
        hours, exceptional days without their notes); the card reads full ones with
        ``service_detail``. Services without such channels are left out.
        """
        kinds = (ChannelKind.LOCATION.value, ChannelKind.PHONE.value)
        staffed = select(m.Channel.id).where(m.Channel.kind.in_(kinds))
        hours: dict[str, list[RegularHours]] = defaultdict(list)
        for channel_id, weekday, opens, closes in self.session.execute(
            select(
                m.RegularHours.channel_id,
                m.RegularHours.weekday,
                m.RegularHours.opens,
                m.RegularHours.closes,
            )
            .where(m.RegularHours.channel_id.in_(staffed))
            .order_by(m.RegularHours.channel_id, m.RegularHours.weekday, m.RegularHours.opens)
        ):
            hours[channel_id].append(RegularHours(weekday, opens, closes))
        exceptions: dict[str, list[ExceptionalHours]] = defaultdict(list)
        for (
            channel_id,
            date_from,
            date_to,
            closed,
            special_opens,
            special_closes,
        ) in self.session.execute(
            select(
                m.ExceptionalHours.channel_id,
                m.ExceptionalHours.date_from,
                m.ExceptionalHours.date_to,
                m.ExceptionalHours.closed,
                m.ExceptionalHours.opens,
                m.ExceptionalHours.closes,
            )
            .where(m.ExceptionalHours.channel_id.in_(staffed))
            .order_by(m.ExceptionalHours.channel_id, m.ExceptionalHours.date_from)
        ):
            exceptions[channel_id].append(
                ExceptionalHours(date_from, date_to, closed, special_opens, special_closes, Texts())
            )
        channels: dict[str, Channel] = {}
        result: dict[str, list[Channel]] = defaultdict(list)
        for service_code, channel_id, code, kind, appointment_only in self.session.execute(
            select(
                m.Service.code,
                m.Channel.id,
                m.Channel.code,
                m.Channel.kind,
                m.Channel.appointment_only,
            )
            .join(m.ServiceChannel, m.ServiceChannel.service_id == m.Service.id)
            .join(m.Channel, m.Channel.id == m.ServiceChannel.channel_id)
            .where(m.Channel.kind.in_(kinds))
            .order_by(m.Service.code, m.ServiceChannel.sort_order)
        ):
            channel = channels.get(channel_id)
            if channel is None:
                channel = channels[channel_id] = Channel(
                    code=code,
                    kind=ChannelKind(kind),
                    name=Texts(),
                    description=Texts(),
                    appointment_only=appointment_only,
                    hours=tuple(hours.get(channel_id, ())),
                    exceptions=tuple(exceptions.get(channel_id, ())),
                )
            result[service_code].append(channel)
        return {code: tuple(found) for code, found in result.items()}

    # -- writes ------------------------------------------------------------------------------

    def insert_document(self, doc: CatalogueDocument) -> dict[str, int]:
        """Insert a whole catalogue document into an empty catalogue (bulk Core inserts)."""
        return insert_document(self.session, doc)


def _texts_of(rows: Iterable[TextRow]) -> dict[str, Texts]:
    grouped: dict[str, dict[str, str]] = defaultdict(dict)
    for row in rows:
        grouped[row.field][row.lang] = row.value
    return {field: Texts(values) for field, values in grouped.items()}
