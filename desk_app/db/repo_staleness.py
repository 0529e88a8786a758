"""Reads for the staleness report: services nobody has checked lately, and translations written
before their Finnish text last changed.

Rows come back as plain tuples (``UncheckedService``, ``OlderTranslation``) so the use case can
state the same shapes in its repository protocol without importing this layer. Things no
longer in use are left out: retired or ended services, ended programmes and retired or merged
topics need no checking and no translating.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from sqlalchemy import Select, and_, or_, select
from sqlalchemy.orm import Session

from desk_app.db.base import Base
from desk_app.domain.codes import ServiceStatus
from desk_app.domain.texts import REQUIRED_LANGUAGE, Texts

_T = Base.metadata.tables
_service, _programme, _organisation = _T["service"], _T["programme"], _T["organisation"]
_channel, _topic = _T["channel"], _T["topic"]

UncheckedService = tuple[str, Texts, str, dt.date | None]
"""(service code, its names, its organisation's code, checked on or None)."""

OlderTranslation = tuple[str, str, str, str, dt.datetime, str, dt.datetime]
"""(owner kind, owner code, field, language, its updated_at, its text, the Finnish updated_at).
Owner kinds: ``service``, ``channel``, ``organisation``, ``programme``, ``topic``."""


def _service_in_use(today: dt.date) -> Any:
    """Services that are not retired and have not ended, on their own or with their programme."""
    ended_programme = (
        select(_programme.c.id)
        .where(_programme.c.valid_to.is_not(None), _programme.c.valid_to < today)
        .scalar_subquery()
    )
    return and_(
        _service.c.status != ServiceStatus.RETIRED.value,
        or_(_service.c.valid_to.is_(None), _service.c.valid_to >= today),
        or_(_service.c.programme_id.is_(None), _service.c.programme_id.not_in(ended_programme)),
    )


def services_not_checked_since(
    session: Session, cutoff: dt.date, today: dt.date
) -> list[UncheckedService]:
    """Services in use whose ``checked_on`` is missing or before ``cutoff``, oldest first (never
    checked ones first of all), then by code."""
    text = _T["service_text"]
    query = (
        select(_service.c.id, _service.c.code, _organisation.c.code, _service.c.checked_on)
        .join(_organisation, _organisation.c.id == _service.c.organisation_id)
        .where(
            _service_in_use(today),
            or_(_service.c.checked_on.is_(None), _service.c.checked_on < cutoff),
        )
        .order_by(_service.c.checked_on.is_not(None), _service.c.checked_on, _service.c.code)
    )
    rows = session.execute(query).all()
    names: dict[str, dict[str, str]] = defaultdict(dict)
    if rows:
        for service_id, lang, value in session.execute(
            select(text.c.service_id, text.c.lang, text.c.value).where(
                text.c.field == "name", text.c.service_id.in_([r[0] for r in rows])
            )
        ):
            names[service_id][lang] = value
    return [(code, Texts(names[sid]), org, checked) for sid, code, org, checked in rows]


def _older_translations(
    kind: str, owner: Any, text_table: str, owner_column: str, in_use: Any
) -> Select[Any]:
    text = _T[text_table]
    finnish, other = text.alias(f"{kind}_fi"), text.alias(f"{kind}_tr")
    fi_owner, other_owner = finnish.c[owner_column], other.c[owner_column]
    query = (
        select(
            owner.c.code,
            finnish.c.field,
            other.c.lang,
            other.c.updated_at,
            other.c.value,
            finnish.c.updated_at,
        )
        .select_from(finnish)
        .join(
            other,
            and_(
                other_owner == fi_owner,
                other.c.field == finnish.c.field,
                other.c.lang != REQUIRED_LANGUAGE,
            ),
        )
        .join(owner, owner.c.id == fi_owner)
        .where(finnish.c.lang == REQUIRED_LANGUAGE, other.c.updated_at < finnish.c.updated_at)
    )
    return query if in_use is None else query.where(in_use)


def newer_finnish_texts(session: Session, today: dt.date) -> list[OlderTranslation]:
    """Every translation whose row is older than the Finnish row of the same text, of the
    services, channels, organisations, programmes and topics in use, by kind, code, field and
    language."""
    kinds = (
        ("service", _service, "service_text", "service_id", _service_in_use(today)),
        ("channel", _channel, "channel_text", "channel_id", None),
        ("organisation", _organisation, "organisation_text", "organisation_id", None),
        (
            "programme",
            _programme,
            "programme_text",
            "programme_id",
            or_(_programme.c.valid_to.is_(None), _programme.c.valid_to >= today),
        ),
        (
            "topic",
            _topic,
            "topic_text",
            "topic_id",
            and_(_topic.c.retired_on.is_(None), _topic.c.merged_into_id.is_(None)),
        ),
    )
    found: list[OlderTranslation] = []
    for kind, owner, text_table, owner_column, in_use in kinds:
        query = _older_translations(kind, owner, text_table, owner_column, in_use)
        for code, field, lang, updated, value, finnish_updated in session.execute(query):
            found.append((kind, code, field, lang, updated, value, finnish_updated))
    found.sort(key=lambda row: row[:4])
    return found
