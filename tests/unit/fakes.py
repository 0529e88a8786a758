"""In-memory fakes of the unit of work and repositories, for use-case tests without a database."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from desk_app.domain.catalogue import ServiceSummary, VisitCodes
from desk_app.domain.codes import ServiceStatus
from desk_app.domain.texts import Texts


@dataclass
class FakeCatalogue:
    topics_by_code: dict[str, str] = field(
        default_factory=lambda: {"JOB": "t-job", "DIGI": "t-dig"}
    )
    services_by_code: dict[str, str] = field(
        default_factory=lambda: {"KELA-X": "s-kela", "ENDED": "s-ended"}
    )
    ended_on: dict[str, dt.date] = field(default_factory=lambda: {"ENDED": dt.date(2023, 7, 31)})
    programmes_by_code: dict[str, str] = field(default_factory=dict)
    inserted: list = field(default_factory=list)

    def is_empty(self):
        return not self.inserted

    def topic_ids(self, codes):
        return {c: self.topics_by_code[c] for c in codes if c in self.topics_by_code}

    def service_ids(self, codes):
        return {c: self.services_by_code[c] for c in codes if c in self.services_by_code}

    def visit_codes(self, topic_codes, service_codes, programme_codes, day):
        ended = sorted(c for c in service_codes if c in self.ended_on and self.ended_on[c] < day)
        programmes = {
            c: self.programmes_by_code[c] for c in programme_codes if c in self.programmes_by_code
        }
        return VisitCodes(
            self.topic_ids(topic_codes), self.service_ids(service_codes), ended, programmes
        )

    def service_summaries(self, codes=None):
        wanted = self.services_by_code if codes is None else codes
        return [
            ServiceSummary(
                code=code,
                name=Texts({"fi": code}),
                summary=Texts(),
                organisation_code="ORG",
                organisation_name=Texts({"fi": "Org"}),
                topic_codes=(),
                languages=("fi",),
                status=ServiceStatus.ACTIVE,
                valid_from=None,
                valid_to=self.ended_on.get(code),
                is_example=False,
            )
            for code in wanted
            if code in self.services_by_code
        ]

    def insert_document(self, doc):
        self.inserted.append(doc)
        return {"services": len(doc.services)}


@dataclass
class FakeVisits:
    pending: list = field(default_factory=list)
    stored: list = field(default_factory=list)

    def add(self, draft, **kwargs):
        self.pending.append((draft, kwargs))
        return {service_id: f"r-{service_id}" for service_id in kwargs["service_ids"]}


@dataclass
class FakeFollowUps:
    contacts: dict = field(default_factory=dict)

    def add_contact(self, referral_id, contact, agreed_at):
        self.contacts[referral_id] = contact


@dataclass
class FakeAudit:
    """Audit rows as plain dicts (the chain itself is tested with the database)."""

    rows: list[dict] = field(default_factory=list)

    def append(self, **row) -> None:
        self.rows.append(row)


class FakeUnitOfWork:
    def __init__(self, store: FakeStore, write: bool) -> None:
        self.store = store
        self.write = write
        self.catalogue = store.catalogue
        self.visits = store.visits
        self.followups = store.followups
        self.audit = store.audit

    def __enter__(self):
        self.store.opened.append(self.write)
        return self

    def __exit__(self, *exc):
        self.visits.pending.clear()

    def commit(self):
        assert self.write, "a read unit of work must not commit"
        self.visits.stored.extend(self.visits.pending)
        self.visits.pending.clear()
        self.store.commits += 1


@dataclass
class FakeStore:
    catalogue: FakeCatalogue = field(default_factory=FakeCatalogue)
    visits: FakeVisits = field(default_factory=FakeVisits)
    followups: FakeFollowUps = field(default_factory=FakeFollowUps)
    audit: FakeAudit = field(default_factory=FakeAudit)
    opened: list = field(default_factory=list)
    commits: int = 0

    def __call__(self, *, write: bool = False) -> FakeUnitOfWork:
        return FakeUnitOfWork(self, write)
