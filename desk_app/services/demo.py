"""Synthetic demo visits for trying the app and for load tests, clearly marked ``is_demo``.

Rows are generated reproducibly from a seed and written with Core bulk inserts in batches, one
short transaction per batch. ``generate_batches`` is shared with the benchmark that times the same
rows through raw ``sqlite3.executemany``.
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from desk_app.domain.codes import (
    NOT_STATED,
    AgeBand,
    DurationBand,
    Education,
    EuraEntry,
    FirstVisit,
    Gender,
    HomeArea,
    Interpreter,
    LabourStatus,
    Outcome,
    VisitChannel,
    VisitorType,
)
from desk_app.domain.errors import ValidationError
from desk_app.domain.visit import uuid7
from desk_app.i18n import _
from desk_app.services.unit_of_work import UnitOfWorkFactory

BATCH_SIZE = 20_000
DEMO_DESK = "demo"


@dataclass(frozen=True)
class DemoBatch:
    visits: list[dict[str, Any]] = field(default_factory=list)
    topics: list[dict[str, Any]] = field(default_factory=list)
    referrals: list[dict[str, Any]] = field(default_factory=list)


def _weighted(rng: random.Random, values: list[str], weights: list[int]) -> Callable[[], str]:
    cumulative = list(itertools.accumulate(weights))
    total = cumulative[-1]
    draw = rng.random

    def pick() -> str:
        return values[bisect.bisect_right(cumulative, draw() * total)]

    return pick


def generate_batches(
    count: int,
    days: int,
    seed: int,
    topic_ids: list[str],
    service_ids: list[str],
    now: dt.datetime,
    batch_size: int = BATCH_SIZE,
) -> Iterator[DemoBatch]:
    """Yield batches of visit, visit_topic and referral rows (dicts keyed by column name)."""
    rng = random.Random(seed)
    id_bits = random.Random(seed ^ 0x5EED)
    channel = _weighted(rng, [c.value for c in VisitChannel], [80, 12, 4, 2, 2])
    visitor = _weighted(rng, [v.value for v in VisitorType], [70, 15, 5, 4, 3, 3])
    duration = _weighted(rng, [d.value for d in DurationBand], [25, 45, 20, 8, 2])
    language = _weighted(rng, ["fi", "en", "sv", "uk", "ru", "ar"], [85, 6, 2, 3, 2, 2])
    interpreter = _weighted(rng, [i.value for i in Interpreter], [94, 3, 1, 2])
    # A visit without a referral cannot have the outcome "referred".
    other_outcomes = [o.value for o in Outcome if o is not Outcome.REFERRED]
    band_values = [
        (column, [member.value for member in enum])
        for column, enum in (
            ("gender", Gender),
            ("age_band", AgeBand),
            ("labour_status", LabourStatus),
            ("education", Education),
            ("home_area", HomeArea),
            ("first_visit", FirstVisit),
        )
    ]
    span_seconds = max(days, 1) * 86_400
    start = now - dt.timedelta(seconds=span_seconds)
    batch = DemoBatch()
    # Ids are UUIDv7 in generation order (one millisecond apart), as the desk would make them.
    base_ms = int(now.timestamp() * 1000) - count
    for index in range(count):
        visit_id = str(uuid7(base_ms + index, id_bits.getrandbits(74)))
        occurred = start + dt.timedelta(seconds=rng.randrange(span_seconds))
        referred = rng.random() < 0.55
        agreed = rng.random() < 0.3
        n_topics = 1 if rng.random() < 0.7 else 2
        batch.visits.append(
            {
                "id": visit_id,
                "desk": DEMO_DESK,
                "occurred_at": occurred,
                "recorded_at": occurred,
                "updated_at": occurred,
                "channel": channel(),
                "visitor_type": visitor(),
                "outcome": Outcome.REFERRED.value if referred else rng.choice(other_outcomes),
                "language": language(),
                "interpreter": interpreter(),
                "duration_band": duration(),
                "programme_id": None,
                "visitor_count": 1,
                "bands_agreed": agreed,
                **{
                    column: rng.choice(values) if agreed else NOT_STATED
                    for column, values in band_values
                },
                "eura_entry": EuraEntry.NOT_OFFERED.value,
                "is_demo": True,
            }
        )
        for topic_id in rng.sample(topic_ids, n_topics):
            batch.topics.append({"visit_id": visit_id, "topic_id": topic_id})
        if referred and service_ids:
            batch.referrals.append(
                {
                    "id": str(uuid7(base_ms + index, id_bits.getrandbits(74))),
                    "visit_id": visit_id,
                    "service_id": rng.choice(service_ids),
                    "created_at": occurred,
                    "follow_up": False,
                    "status": "referred",
                }
            )
        if len(batch.visits) >= batch_size:
            yield batch
            batch = DemoBatch()
    if batch.visits:
        yield batch


def add_demo_visits(
    uow_factory: UnitOfWorkFactory,
    count: int,
    days: int = 365,
    seed: int = 1,
    now: dt.datetime | None = None,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Write ``count`` demo visits over the last ``days`` days; returns the number written."""
    if count < 1 or count > 10_000_000:
        raise ValidationError(_("The number of demo visits must be between 1 and 10,000,000."))
    if days < 1 or days > 3650:
        raise ValidationError(_("The number of days must be between 1 and 3650."))
    now = now or dt.datetime.now(dt.UTC)
    with uow_factory() as uow:
        topic_ids = list(uow.catalogue.topic_ids(t.code for t in uow.catalogue.topics()).values())
        today = now.date()
        active = [s.code for s in uow.catalogue.service_summaries() if s.is_active(today)]
        service_ids = list(uow.catalogue.service_ids(active).values())
    if not topic_ids:
        raise ValidationError(_("The catalogue has no topics; load a catalogue first."))
    written = 0
    for batch in generate_batches(count, days, seed, topic_ids, service_ids, now):
        with uow_factory(write=True) as uow:
            uow.visits.bulk_insert(batch.visits, batch.topics, batch.referrals)
            uow.commit()
        written += len(batch.visits)
        if progress:
            progress(written)
    return written


def remove_demo_visits(uow_factory: UnitOfWorkFactory) -> int:
    """Delete every visit marked as demo data (real visits are untouched); returns how many."""
    with uow_factory(write=True) as uow:
        removed = uow.visits.delete_demo()
        uow.commit()
    return removed
