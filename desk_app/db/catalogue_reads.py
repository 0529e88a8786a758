"""Reading services for the finder, the card and the handouts: summaries and full details.

A referral sheet reads three services and the booklet two hundred, so both reads run a fixed
number of statements whatever the number of codes: details in six (services with their
organisation and programme; every text; topics and languages; channels; weekly hours;
exceptional hours), summaries in the first three. Each statement is a Core select of plain
columns, built once and run on the session's connection: ORM entity loading and the identity
map cost more than the SQL itself here (16 statements and 8 ms for three services before).

The wanted services are a CTE on the codes that every later statement filters by, so the
statements need no ids from earlier ones and bind the codes only once.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple

from sqlalchemy import CTE, Connection, Row, Select, bindparam, literal, null, select, union_all
from sqlalchemy.sql.elements import BindParameter
from sqlalchemy.sql.expression import CompoundSelect

from desk_app.db.base import Base
from desk_app.domain.catalogue import (
    Channel,
    ExceptionalHours,
    Programme,
    RegularHours,
    ServiceDetail,
    ServiceSummary,
    narrowest_range,
)
from desk_app.domain.codes import ChannelKind, ServiceStatus
from desk_app.domain.texts import EMPTY_TEXTS, Texts

_T = Base.metadata.tables
_service, _organisation, _programme = _T["service"], _T["organisation"], _T["programme"]
_channel, _address, _link = _T["channel"], _T["address"], _T["service_channel"]
_regular, _exceptional = _T["regular_hours"], _T["exceptional_hours"]
_programme_org = _organisation.alias("programme_organisation")

# The kinds of owner in the texts query.
_SERVICE, _ORGANISATION, _PROGRAMME, _CHANNEL, _EXCEPTION = "s", "o", "p", "c", "e"

SUMMARY_FIELDS = ("name", "summary", "keywords", "description")
"""The service texts a summary carries; the detail adds audience, how to apply and what to bring."""

Fields = dict[str, Texts]
"""One owner's texts: {field: Texts}."""
AnyRow = Row[*tuple[Any, ...]]


class _ServiceRow(NamedTuple):
    """A service with its organisation's code and its programme (Nones without one).

    Rows become these plain tuples before use: a ``Row`` attribute costs about 0.45 µs, a
    named tuple's a tenth of that, and a booklet reads each service row some thirty times.
    """

    id: str
    code: str
    status: str
    valid_from: dt.date | None
    valid_to: dt.date | None
    checked_on: dt.date | None
    is_example: bool
    organisation_id: str
    organisation_code: str
    programme_id: str | None
    programme_code: str | None
    programme_organisation_code: str | None
    funding_source: str | None
    eura_code: str | None
    programme_from: dt.date | None
    programme_to: dt.date | None


class _ChannelRow(NamedTuple):
    """One link of a service to a channel, with the channel, its address and organisation."""

    service_id: str
    id: str
    code: str
    kind: str
    organisation_code: str
    street: str | None
    postal_code: str | None
    post_office: str | None
    room: str | None
    phone: str | None
    email: str | None
    url: str | None
    appointment_only: bool


def _columns(row_type: Any, statement: Select[Any]) -> Select[Any]:
    """``statement``, checked to select ``row_type``'s fields in order (built at import)."""
    names = tuple(statement.selected_columns.keys())
    if names != row_type._fields:
        raise AssertionError(f"{row_type.__name__} does not match its select: {names}")
    return statement


class _Statements:
    """The statements of one kind of read: of the services whose codes are bound as ``codes``,
    or (``every_service``, the finder's list) of all services, with no parameter.

    The finder's statements read whole tables with no filter: besides costing less, a full
    scan gives each text's languages in the order they were stored, so the search text the
    finder joins from them stays as it was.
    """

    def __init__(self, every_service: bool) -> None:
        self.every_service = every_service
        wanted = select(_service.c.id, _service.c.organisation_id, _service.c.programme_id)
        services = self._services()
        if not every_service:
            codes: BindParameter[str] = bindparam("codes", expanding=True)
            wanted = wanted.where(_service.c.code.in_(codes))
            services = services.where(_service.c.code.in_(codes))
        self.wanted: CTE = wanted.cte("wanted")
        self.services = services
        linked = select(_link.c.channel_id).where(_link.c.service_id.in_(self._ids()))
        self.linked: CTE = linked.cte("linked")

    def _ids(self) -> Select[Any]:
        return select(self.wanted.c.id)

    def _only(self, query: Select[Any], column: Any, owners: Select[Any]) -> Select[Any]:
        """``query`` narrowed to the rows whose ``column`` is in ``owners``, unless every
        service is wanted."""
        return query if self.every_service else query.where(column.in_(owners))

    @staticmethod
    def _services() -> Select[Any]:
        return _columns(
            _ServiceRow,
            select(
                _service.c.id,
                _service.c.code,
                _service.c.status,
                _service.c.valid_from,
                _service.c.valid_to,
                _service.c.checked_on,
                _service.c.is_example,
                _service.c.organisation_id,
                _organisation.c.code.label("organisation_code"),
                _service.c.programme_id,
                _programme.c.code.label("programme_code"),
                _programme_org.c.code.label("programme_organisation_code"),
                _programme.c.funding_source,
                _programme.c.eura_code,
                _programme.c.valid_from.label("programme_from"),
                _programme.c.valid_to.label("programme_to"),
            )
            .select_from(
                _service.join(_organisation, _organisation.c.id == _service.c.organisation_id)
                .outerjoin(_programme, _programme.c.id == _service.c.programme_id)
                .outerjoin(_programme_org, _programme_org.c.id == _programme.c.organisation_id)
            )
            .order_by(_service.c.code),
        )

    def _texts_of(self, kind: str, table_name: str, owner: str, owners: Select[Any]) -> Select[Any]:
        table = _T[table_name]
        return select(
            literal(kind), table.c[owner], table.c.field, table.c.lang, table.c.value
        ).where(table.c[owner].in_(owners))

    @functools.cached_property
    def summary_texts(self) -> CompoundSelect:
        """Service texts and organisation names, as (kind, owner id, field, lang, value)."""
        return union_all(*self._summary_text_parts(SUMMARY_FIELDS))

    def _summary_text_parts(self, fields: tuple[str, ...] | None = None) -> list[Select[Any]]:
        """The texts of the wanted services (only ``fields`` when given) and the names of their
        organisations."""
        service_text, organisation_text = _T["service_text"], _T["organisation_text"]
        services = select(
            literal(_SERVICE),
            service_text.c.service_id,
            service_text.c.field,
            service_text.c.lang,
            service_text.c.value,
        )
        if fields is not None:
            services = services.where(service_text.c.field.in_(fields))
        organisations = select(
            literal(_ORGANISATION),
            organisation_text.c.organisation_id,
            organisation_text.c.field,
            organisation_text.c.lang,
            organisation_text.c.value,
        ).where(organisation_text.c.field == "name")
        return [
            self._only(services, service_text.c.service_id, self._ids()),
            self._only(
                organisations,
                organisation_text.c.organisation_id,
                select(self.wanted.c.organisation_id),
            ),
        ]

    @functools.cached_property
    def detail_texts(self) -> CompoundSelect:
        """The summary texts and those of the services' programmes, channels and exceptional
        days, in one query."""
        exceptions = select(_exceptional.c.id).where(
            _exceptional.c.channel_id.in_(select(self.linked.c.channel_id))
        )
        return union_all(
            *self._summary_text_parts(),
            self._texts_of(
                _PROGRAMME, "programme_text", "programme_id", select(self.wanted.c.programme_id)
            ),
            self._texts_of(
                _CHANNEL, "channel_text", "channel_id", select(self.linked.c.channel_id)
            ),
            self._texts_of(
                _EXCEPTION, "exceptional_hours_text", "exceptional_hours_id", exceptions
            ),
        )

    @functools.cached_property
    def topics_and_languages(self) -> CompoundSelect:
        """(kind, service id, topic code or language) in topic order; languages are sorted
        by the caller."""
        topic, service_topic, language = _T["topic"], _T["service_topic"], _T["service_language"]
        topics = select(
            literal("t"),
            service_topic.c.service_id,
            topic.c.code,
            topic.c.sort_order.label("topic_order"),
        ).join(topic, topic.c.id == service_topic.c.topic_id)
        languages = select(literal("l"), language.c.service_id, language.c.lang, null())
        return union_all(
            self._only(topics, service_topic.c.service_id, self._ids()),
            self._only(languages, language.c.service_id, self._ids()),
        ).order_by("topic_order")

    @functools.cached_property
    def channels(self) -> Select[Any]:
        """Each wanted service's channels in the service's order, with address and
        organisation code: a channel shared by several services comes once per service."""
        return _columns(
            _ChannelRow,
            select(
                _link.c.service_id,
                _channel.c.id,
                _channel.c.code,
                _channel.c.kind,
                _organisation.c.code.label("organisation_code"),
                _address.c.street,
                _address.c.postal_code,
                _address.c.post_office,
                _channel.c.room,
                _channel.c.phone,
                _channel.c.email,
                _channel.c.url,
                _channel.c.appointment_only,
            )
            .select_from(
                _link.join(_channel, _channel.c.id == _link.c.channel_id)
                .join(_organisation, _organisation.c.id == _channel.c.organisation_id)
                .outerjoin(_address, _address.c.id == _channel.c.address_id)
            )
            .where(_link.c.service_id.in_(self._ids()))
            .order_by(_link.c.service_id, _link.c.sort_order),
        )

    @functools.cached_property
    def regular_hours(self) -> Select[Any]:
        return (
            select(_regular.c.channel_id, _regular.c.weekday, _regular.c.opens, _regular.c.closes)
            .where(_regular.c.channel_id.in_(select(self.linked.c.channel_id)))
            .order_by(_regular.c.weekday, _regular.c.opens)
        )

    @functools.cached_property
    def exceptional_hours(self) -> Select[Any]:
        return (
            select(
                _exceptional.c.channel_id,
                _exceptional.c.id,
                _exceptional.c.date_from,
                _exceptional.c.date_to,
                _exceptional.c.closed,
                _exceptional.c.opens,
                _exceptional.c.closes,
            )
            .where(_exceptional.c.channel_id.in_(select(self.linked.c.channel_id)))
            .order_by(_exceptional.c.date_from)
        )


_BY_CODES, _EVERY = _Statements(every_service=False), _Statements(every_service=True)


def _texts(rows: Iterable[AnyRow]) -> dict[str, dict[str, Fields]]:
    """{kind: {owner id: {field: Texts}}} of (kind, owner id, field, lang, value) rows."""
    raw: defaultdict[str, defaultdict[str, defaultdict[str, dict[str, str]]]] = defaultdict(
        lambda: defaultdict(lambda: defaultdict(dict))
    )
    for kind, owner, field, lang, value in rows:  # nested defaultdicts: the fastest grouping
        raw[kind][owner][field][lang] = value
    return {
        kind: {
            owner: {field: Texts(values) for field, values in fields.items()}
            for owner, fields in by_owner.items()
        }
        for kind, by_owner in raw.items()
    }


class _Reader:
    """One read: the statements for it and the connection they run on."""

    def __init__(self, connection: Connection, codes: Sequence[str] | None) -> None:
        self.connection = connection
        self.statements = _EVERY if codes is None else _BY_CODES
        self.params = {} if codes is None else {"codes": list(codes)}

    def rows(self, statement: Any) -> Sequence[AnyRow]:
        return self.connection.execute(statement, self.params).all()

    def services(self) -> list[_ServiceRow]:
        return [_ServiceRow._make(row) for row in self.rows(self.statements.services)]

    def summaries(
        self, services: Sequence[_ServiceRow], texts: dict[str, dict[str, Fields]]
    ) -> dict[str, ServiceSummary]:
        """{service id: summary} of the service rows, in their order."""
        topics: dict[str, list[str]] = defaultdict(list)
        languages: dict[str, list[str]] = defaultdict(list)
        for kind, service_id, value, _order in self.rows(self.statements.topics_and_languages):
            (topics if kind == "t" else languages)[service_id].append(value)
        service_texts = texts.get(_SERVICE, {})
        org_texts = texts.get(_ORGANISATION, {})
        result = {}
        for row in services:
            own = service_texts.get(row.id, {})
            valid_from, valid_to = narrowest_range(
                (row.valid_from, row.valid_to), (row.programme_from, row.programme_to)
            )
            result[row.id] = ServiceSummary(
                code=row.code,
                name=own.get("name", EMPTY_TEXTS),
                summary=own.get("summary", EMPTY_TEXTS),
                organisation_code=row.organisation_code,
                organisation_name=org_texts.get(row.organisation_id, {}).get("name", EMPTY_TEXTS),
                topic_codes=tuple(topics.get(row.id, ())),
                languages=tuple(sorted(languages.get(row.id, ()))),
                status=ServiceStatus(row.status),
                valid_from=valid_from,
                valid_to=valid_to,
                is_example=row.is_example,
                keywords=own.get("keywords", EMPTY_TEXTS),
                description=own.get("description", EMPTY_TEXTS),
            )
        return result

    def channels(self, texts: dict[str, dict[str, Fields]]) -> dict[str, list[Channel]]:
        """{service id: its channels in order}; a shared channel is built once."""
        hours: dict[str, list[RegularHours]] = defaultdict(list)
        for channel_id, weekday, opens, closes in self.rows(self.statements.regular_hours):
            hours[channel_id].append(RegularHours(weekday, opens, closes))
        notes = texts.get(_EXCEPTION, {})
        exceptions: dict[str, list[ExceptionalHours]] = defaultdict(list)
        for channel_id, row_id, date_from, date_to, closed, opens, closes in self.rows(
            self.statements.exceptional_hours
        ):
            note = notes.get(row_id, {}).get("note", EMPTY_TEXTS)
            exceptions[channel_id].append(
                ExceptionalHours(date_from, date_to, closed, opens, closes, note)
            )
        channel_texts = texts.get(_CHANNEL, {})
        built: dict[str, Channel] = {}
        result: dict[str, list[Channel]] = defaultdict(list)
        for row in map(_ChannelRow._make, self.rows(self.statements.channels)):
            channel = built.get(row.id)
            if channel is None:
                own = channel_texts.get(row.id, {})
                channel = built[row.id] = Channel(
                    code=row.code,
                    kind=ChannelKind(row.kind),
                    name=own.get("name", EMPTY_TEXTS),
                    description=own.get("description", EMPTY_TEXTS),
                    organisation_code=row.organisation_code,
                    street=row.street,
                    postal_code=row.postal_code,
                    post_office=row.post_office,
                    room=row.room,
                    directions=own.get("directions", EMPTY_TEXTS),
                    accessibility=own.get("accessibility", EMPTY_TEXTS),
                    phone=row.phone,
                    email=row.email,
                    url=row.url,
                    appointment_only=row.appointment_only,
                    hours=tuple(hours.get(row.id, ())),
                    exceptions=tuple(exceptions.get(row.id, ())),
                )
            result[row.service_id].append(channel)
        return result


def service_summaries(connection: Connection, codes: Sequence[str] | None) -> list[ServiceSummary]:
    """Summaries of the services with ``codes`` (all when None), ordered by code: three
    statements."""
    reader = _Reader(connection, codes)
    services = reader.services()
    if not services:
        return []
    texts = _texts(reader.rows(reader.statements.summary_texts))
    return list(reader.summaries(services, texts).values())


def service_details(connection: Connection, codes: Sequence[str]) -> dict[str, ServiceDetail]:
    """{code: detail} of the known ``codes``, ordered by code: six statements (one when none is
    known), each channel and programme built once however many services share it."""
    reader = _Reader(connection, codes)
    services = reader.services()
    if not services:
        return {}
    texts = _texts(reader.rows(reader.statements.detail_texts))
    summaries = reader.summaries(services, texts)
    channels = reader.channels(texts)
    service_texts = texts.get(_SERVICE, {})
    programme_texts = texts.get(_PROGRAMME, {})
    programmes: dict[str, Programme] = {}
    result = {}
    for row in services:
        programme = None
        if row.programme_id is not None:
            programme = programmes.get(row.programme_id)
            if programme is None:
                programme = programmes[row.programme_id] = _programme_of(
                    row, programme_texts.get(row.programme_id, {})
                )
        own = service_texts.get(row.id, {})
        result[row.code] = ServiceDetail(
            summary=summaries[row.id],
            description=own.get("description", EMPTY_TEXTS),
            audience=own.get("audience", EMPTY_TEXTS),
            how_to_apply=own.get("how_to_apply", EMPTY_TEXTS),
            what_to_bring=own.get("what_to_bring", EMPTY_TEXTS),
            programme=programme,
            channels=tuple(channels.get(row.id, ())),
            checked_on=row.checked_on,
        )
    return result


def _programme_of(row: _ServiceRow, texts: Fields) -> Programme:
    """The programme of a service row that has one."""
    assert row.programme_code is not None and row.programme_organisation_code is not None
    return Programme(
        code=row.programme_code,
        organisation_code=row.programme_organisation_code,
        name=texts.get("name", EMPTY_TEXTS),
        funding_source=row.funding_source,
        eura_code=row.eura_code,
        valid_from=row.programme_from,
        valid_to=row.programme_to,
        description=texts.get("description", EMPTY_TEXTS),
    )
