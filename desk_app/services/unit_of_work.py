"""The unit-of-work contract the use cases are written against.

The SQLAlchemy implementation lives in ``desk_app.db.uow``; unit tests pass in-memory fakes that
satisfy the same protocols, so use-case rules are tested without a database.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from types import TracebackType
from typing import TYPE_CHECKING, Any, Protocol, Self

from desk_app.domain.catalogue import (
    Channel,
    Programme,
    ServiceDetail,
    ServiceSummary,
    Topic,
    VisitCodes,
)
from desk_app.domain.catalogue_document import CatalogueDocument
from desk_app.domain.codes import ReferralStatus
from desk_app.domain.followup import ContactDetails, FollowUp
from desk_app.domain.visit import VisitDraft, VisitRecord

if TYPE_CHECKING:
    # Each admin job declares what it needs of the database in its own module.
    from desk_app.services.accounts import StaffRepo
    from desk_app.services.audit import AuditRepo
    from desk_app.services.catalogue_admin import CatalogueEditRepo
    from desk_app.services.catalogue_exchange import CatalogueSyncRepo
    from desk_app.services.ptv_import import PtvRepo
    from desk_app.services.retention import RetentionRepo
    from desk_app.services.stats import StatsRepo
    from desk_app.services.subject_requests import SubjectRepo
    from desk_app.services.taxonomy import TaxonomyRepo


class CatalogueRepo(Protocol):
    def is_empty(self) -> bool: ...
    def topics(self, include_retired: bool = False) -> list[Topic]: ...
    def service_summaries(self, codes: Iterable[str] | None = None) -> list[ServiceSummary]: ...
    def service_detail(self, code: str) -> ServiceDetail | None: ...
    def service_details(self, codes: Iterable[str]) -> dict[str, ServiceDetail]: ...
    def topic_ids(self, codes: Iterable[str]) -> dict[str, str]: ...
    def service_ids(self, codes: Iterable[str]) -> dict[str, str]: ...
    def visit_codes(
        self,
        topic_codes: Iterable[str],
        service_codes: Iterable[str],
        programme_codes: Iterable[str],
        day: dt.date,
    ) -> VisitCodes: ...
    def programmes(self) -> list[Programme]: ...
    def insert_document(self, doc: CatalogueDocument) -> dict[str, int]: ...
    def staffed_channels_by_service(self) -> dict[str, tuple[Channel, ...]]: ...


class VisitRepo(Protocol):
    def add(
        self,
        draft: VisitDraft,
        *,
        visit_id: str,
        desk: str,
        recorded_at: dt.datetime,
        topic_ids: Sequence[str],
        service_ids: Sequence[str],
        programme_id: str | None,
        follow_up_due: Mapping[str, dt.date] | None = None,
    ) -> dict[str, str]: ...
    def draft_of(self, visit_id: str) -> VisitDraft | None: ...
    def update(
        self,
        visit_id: str,
        draft: VisitDraft,
        *,
        updated_at: dt.datetime,
        topic_ids: Sequence[str],
        service_ids: Sequence[str],
        programme_id: str | None,
    ) -> bool: ...
    def request_follow_up(self, visit_id: str, service_id: str, due: dt.date) -> str | None: ...
    def add_handouts(
        self,
        visit_id: str | None,
        service_ids: Sequence[str],
        *,
        kind: str,
        lang: str,
        printed_at: dt.datetime,
    ) -> bool: ...
    def handouts_of(self, visit_id: str) -> list[tuple[str, str, str]]: ...
    def between(
        self, start: dt.datetime, end: dt.datetime, limit: int | None = None
    ) -> list[VisitRecord]: ...
    def delete(self, visit_id: str) -> bool: ...
    def delete_demo(self) -> int: ...
    def bulk_insert(
        self,
        visits: list[dict[str, Any]],
        topics: list[dict[str, Any]],
        referrals: list[dict[str, Any]],
    ) -> None: ...


class FollowUpRepo(Protocol):
    def add_contact(
        self, referral_id: str, contact: ContactDetails, agreed_at: dt.datetime
    ) -> None: ...
    def listing(self, include_closed: bool = False) -> list[FollowUp]: ...
    def contact(self, referral_id: str) -> ContactDetails | None: ...
    def set_status(
        self, referral_id: str, status: ReferralStatus, note: str, when: dt.datetime
    ) -> bool: ...
    def delete_contacts(self, referral_ids: Sequence[str]) -> int: ...


class UnitOfWork(Protocol):
    @property
    def catalogue(self) -> CatalogueRepo: ...
    @property
    def visits(self) -> VisitRepo: ...
    @property
    def followups(self) -> FollowUpRepo: ...

    # The catalogue's admin jobs
    @property
    def catalogue_edit(self) -> CatalogueEditRepo: ...
    @property
    def taxonomy(self) -> TaxonomyRepo: ...
    @property
    def catalogue_sync(self) -> CatalogueSyncRepo: ...
    @property
    def ptv(self) -> PtvRepo: ...

    # Staff and privacy
    @property
    def staff(self) -> StaffRepo: ...
    @property
    def audit(self) -> AuditRepo: ...
    @property
    def retention(self) -> RetentionRepo: ...
    @property
    def subjects(self) -> SubjectRepo: ...

    # Statistics
    @property
    def stats(self) -> StatsRepo: ...

    def __enter__(self) -> Self: ...
    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...
    def commit(self) -> None: ...


class UnitOfWorkFactory(Protocol):
    def __call__(self, *, write: bool = False) -> UnitOfWork: ...
