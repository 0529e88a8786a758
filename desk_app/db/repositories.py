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

from desk_app.db import catalogue_reads
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

    def service_summaries(self, codes: Iterable[str] | None = None) -> list[ServiceSummary]:
        """Summaries of all services, or of those with the given codes, ordered by code.

        Validity is the service's own range narrowed by its programme's: a project's services
        end when the project ends.
        """
        wanted = None if codes is None else sorted(set(codes))
        if wanted is not None and not wanted:
            return []
        return catalogue_reads.service_summaries(self.session.connection(), wanted)

    def service_detail(self, code: str) -> ServiceDetail | None:
        return self.service_details([code]).get(code)

    def service_details(self, codes: Iterable[str]) -> dict[str, ServiceDetail]:
        """{code: detail} of the known ``codes`` (the card shows one; a booklet, hundreds) in
        six queries whatever their number; see ``catalogue_reads``."""
        wanted = sorted(set(codes))
        if not wanted:
            return {}
        return catalogue_reads.service_details(self.session.connection(), wanted)

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
