"""The SQLAlchemy unit of work: one session, one short transaction, per use case.

``SqlAlchemyUnitOfWorkFactory(engine)(write=True)`` gives a unit of work whose transaction starts
with ``BEGIN IMMEDIATE`` on SQLite (see ``engine.py``). Leaving the ``with`` block without
``commit()`` rolls back, so a failed use case writes nothing. Operational database errors (locked,
disk full, read-only) leave as ``DatabaseError`` with a message fit for the desk worker.
"""

from __future__ import annotations

from types import TracebackType

from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from desk_app.db.engine import write_engine
from desk_app.db.repo_audit import AuditRepository
from desk_app.db.repo_catalogue_edit import CatalogueEditRepository
from desk_app.db.repo_catalogue_sync import CatalogueSyncRepository
from desk_app.db.repo_followups import FollowUpRepository
from desk_app.db.repo_ptv import PtvRepository
from desk_app.db.repo_retention import RetentionRepository
from desk_app.db.repo_staff import StaffRepository
from desk_app.db.repo_stats import StatsRepository
from desk_app.db.repo_subjects import SubjectRepository
from desk_app.db.repo_taxonomy import TaxonomyRepository
from desk_app.db.repo_visits import VisitRepository
from desk_app.db.repositories import CatalogueRepository
from desk_app.domain.errors import DatabaseError
from desk_app.i18n import _


def plain_database_error(exc: OperationalError) -> str:
    """What a desk worker is told when the database refuses a unit of work."""
    detail = str(exc.orig).lower()
    if "locked" in detail or "busy" in detail:
        return _(
            "The database is busy (another program is writing to it). Nothing was saved; "
            "try again in a moment."
        )
    if "disk is full" in detail or "no space" in detail:
        return _("The disk is full. Nothing was saved. Ask IT support to free some space.")
    if "readonly" in detail or "read-only" in detail:
        return _("The database cannot be written to (it is read-only). Nothing was saved.")
    return _("The database could not be used ({detail}). Nothing was saved.").format(
        detail=str(exc.orig)
    )


class SqlAlchemyUnitOfWork:
    catalogue: CatalogueRepository
    visits: VisitRepository
    followups: FollowUpRepository
    # The catalogue's admin jobs (edit, taxonomy, JSON exchange, PTV import)
    catalogue_edit: CatalogueEditRepository
    taxonomy: TaxonomyRepository
    catalogue_sync: CatalogueSyncRepository
    ptv: PtvRepository
    # Staff and privacy
    staff: StaffRepository
    audit: AuditRepository
    retention: RetentionRepository
    subjects: SubjectRepository
    # Statistics
    stats: StatsRepository

    def __init__(self, session_factory: sessionmaker[Session]) -> None:
        self._session_factory = session_factory
        self._session: Session | None = None

    def __enter__(self) -> SqlAlchemyUnitOfWork:
        if self._session is not None:
            raise RuntimeError("a unit of work is not re-entrant")
        self._session = self._session_factory()
        self.catalogue = CatalogueRepository(self._session)
        self.visits = VisitRepository(self._session)
        self.followups = FollowUpRepository(self._session)
        self.catalogue_edit = CatalogueEditRepository(self._session)
        self.taxonomy = TaxonomyRepository(self._session)
        self.catalogue_sync = CatalogueSyncRepository(self._session)
        self.ptv = PtvRepository(self._session)
        self.staff = StaffRepository(self._session)
        self.audit = AuditRepository(self._session)
        self.retention = RetentionRepository(self._session)
        self.subjects = SubjectRepository(self._session)
        self.stats = StatsRepository(self._session)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        assert self._session is not None
        try:
            self._session.rollback()  # no-op after commit(); undoes everything otherwise
        finally:
            self._session.close()
            self._session = None
        if isinstance(exc, OperationalError):
            raise DatabaseError(plain_database_error(exc)) from exc

    def commit(self) -> None:
        assert self._session is not None
        self._session.commit()


class SqlAlchemyUnitOfWorkFactory:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._read = sessionmaker(bind=engine, expire_on_commit=False)
        self._write = sessionmaker(bind=write_engine(engine), expire_on_commit=False)

    def __call__(self, *, write: bool = False) -> SqlAlchemyUnitOfWork:
        return SqlAlchemyUnitOfWork(self._write if write else self._read)
