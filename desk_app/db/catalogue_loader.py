"""Loading a whole catalogue document (the example catalogue, later imports) with bulk Core
inserts: every row built first, then one ``executemany`` per table in foreign-key order."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping
from typing import Any

from sqlalchemy import insert
from sqlalchemy.orm import Session

from desk_app.db import models as m
from desk_app.db.base import utcnow
from desk_app.db.ids import stable_id
from desk_app.domain.catalogue_document import CatalogueDocument
from desk_app.domain.codes import Source
from desk_app.domain.texts import Texts


def _text_rows(
    owner_column: str, owner_id: str, texts: Mapping[str, Texts], now: dt.datetime
) -> list[dict[str, Any]]:
    return [
        {owner_column: owner_id, "field": field, "lang": lang, "value": value, "updated_at": now}
        for field, values in texts.items()
        for lang, value in values.items()
    ]


def insert_document(session: Session, doc: CatalogueDocument) -> dict[str, int]:
    """Insert a whole catalogue document into an empty catalogue (bulk Core inserts)."""
    now = utcnow()
    source = Source.EXAMPLE.value if doc.example else Source.IMPORT.value
    org_ids = {o.code: stable_id("organisation", o.code) for o in doc.organisations}
    prog_ids = {p.code: stable_id("programme", p.code) for p in doc.programmes}
    topic_ids = {t.code: stable_id("topic", t.code) for t in doc.topics}
    channel_ids = {c.code: stable_id("channel", c.code) for c in doc.channels}
    service_ids = {s.code: stable_id("service", s.code) for s in doc.services}
    stamps = {"created_at": now, "updated_at": now}
    provenance = {"source": source, "is_example": doc.example}

    rows: dict[Any, list[dict[str, Any]]] = defaultdict(list)
    for t in doc.topics:
        rows[m.Topic].append(
            {
                "id": topic_ids[t.code],
                "code": t.code,
                "ptv_classes": " ".join(t.ptv_classes),
                "sort_order": t.sort_order,
                "source": source,
                "created_at": now,
            }
        )
        rows[m.TopicText] += _text_rows("topic_id", topic_ids[t.code], {"label": t.label}, now)
    for o in doc.organisations:
        rows[m.Organisation].append(
            {
                "id": org_ids[o.code],
                "code": o.code,
                "kind": o.kind,
                "url": o.url,
                "business_id": o.business_id,
                "checked_on": doc.checked_on,
                **stamps,
                **provenance,
            }
        )
        rows[m.OrganisationText] += _text_rows(
            "organisation_id",
            org_ids[o.code],
            {"name": o.name, "description": o.description},
            now,
        )
    for p in doc.programmes:
        rows[m.Programme].append(
            {
                "id": prog_ids[p.code],
                "code": p.code,
                "organisation_id": org_ids[p.organisation_code],
                "funding_source": p.funding_source,
                "eura_code": p.eura_code,
                "valid_from": p.valid_from,
                "valid_to": p.valid_to,
                **stamps,
                **provenance,
            }
        )
        rows[m.ProgrammeText] += _text_rows(
            "programme_id",
            prog_ids[p.code],
            {"name": p.name, "description": p.description},
            now,
        )
    for c in doc.channels:
        address_id = None
        if c.street:
            address_id = stable_id("address", c.code)
            rows[m.Address].append(
                {
                    "id": address_id,
                    "street": c.street,
                    "postal_code": c.postal_code,
                    "post_office": c.post_office,
                    "country": "FI",
                }
            )
        cid = channel_ids[c.code]
        rows[m.Channel].append(
            {
                "id": cid,
                "code": c.code,
                "organisation_id": org_ids[c.organisation_code],
                "kind": c.kind.value,
                "address_id": address_id,
                "room": c.room,
                "phone": c.phone,
                "email": c.email,
                "url": c.url,
                "appointment_only": c.appointment_only,
                **stamps,
                **provenance,
            }
        )
        rows[m.ChannelText] += _text_rows(
            "channel_id",
            cid,
            {
                "name": c.name,
                "description": c.description,
                "directions": c.directions,
                "accessibility": c.accessibility,
            },
            now,
        )
        for h in c.hours:
            rows[m.RegularHours].append(
                {"channel_id": cid, "weekday": h.weekday, "opens": h.opens, "closes": h.closes}
            )
        for index, e in enumerate(c.exceptions):
            eid = stable_id("exceptional_hours", f"{c.code}:{index}")
            rows[m.ExceptionalHours].append(
                {
                    "id": eid,
                    "channel_id": cid,
                    "date_from": e.date_from,
                    "date_to": e.date_to,
                    "closed": e.closed,
                    "opens": e.opens,
                    "closes": e.closes,
                }
            )
            rows[m.ExceptionalHoursText] += _text_rows(
                "exceptional_hours_id", eid, {"note": e.note}, now
            )
    for s in doc.services:
        sid = service_ids[s.code]
        rows[m.Service].append(
            {
                "id": sid,
                "code": s.code,
                "organisation_id": org_ids[s.organisation_code],
                "programme_id": prog_ids[s.programme_code] if s.programme_code else None,
                "status": s.status.value,
                "valid_from": s.valid_from,
                "valid_to": s.valid_to,
                "checked_on": s.checked_on or doc.checked_on,
                **stamps,
                **provenance,
            }
        )
        rows[m.ServiceText] += _text_rows("service_id", sid, s.texts, now)
        rows[m.ServiceTopic] += [
            {"service_id": sid, "topic_id": topic_ids[code]} for code in s.topic_codes
        ]
        rows[m.ServiceLanguage] += [{"service_id": sid, "lang": lang} for lang in s.languages]
        rows[m.ServiceChannel] += [
            {"service_id": sid, "channel_id": channel_ids[code], "sort_order": order}
            for order, code in enumerate(s.channel_codes)
        ]
    # Parents before children, in foreign-key order.
    order = [
        m.Topic,
        m.TopicText,
        m.Organisation,
        m.OrganisationText,
        m.Programme,
        m.ProgrammeText,
        m.Address,
        m.Channel,
        m.ChannelText,
        m.RegularHours,
        m.ExceptionalHours,
        m.ExceptionalHoursText,
        m.Service,
        m.ServiceText,
        m.ServiceTopic,
        m.ServiceLanguage,
        m.ServiceChannel,
    ]
    for model in order:
        if rows[model]:
            session.execute(insert(model), rows[model])
    return {
        "topics": len(doc.topics),
        "organisations": len(doc.organisations),
        "programmes": len(doc.programmes),
        "channels": len(doc.channels),
        "services": len(doc.services),
    }
