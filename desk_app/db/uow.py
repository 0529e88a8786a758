"""The SQLAlchemy unit of work: one session, one short transaction, per use case.

``SqlAlchemyUnitOfWorkFactory(engine)(write=True)`` gives a unit of work whose transaction starts
with ``BEGIN IMMEDIATE`` on SQLite (see ``engine.py``). Leaving the ``with`` block without
``commit()`` rolls back, so a failed use case writes nothing. Storage failures (locked past the
busy timeout, disk full, I/O error, read-only) leave as ``DatabaseError`` subclasses with a message
fit for the desk worker (``desk_app.db.errors``); the caller's form keeps its content and may try
again. After a full disk or an I/O error the connection is thrown away rather than reused, since
SQLite cannot promise what state such a connection is in.
"""

from __future__ import annotations

import logging
from types import TracebackType

from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from desk_app.db.engine import write_engine
from desk_app.db.errors import BusyListener, is_storage_failure, storage_error
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
from desk_app.domain.errors import StorageBusyError

log = logging.getLogger(__name__)


def plain_database_error(exc: BaseException) -> str:
    """What a desk worker is told when the database refuses a unit of work (kept for callers
    that show a text; new code raises ``storage_error(exc)``)."""
    return str(storage_error(exc))


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
        session, self._session = self._session, None
        failed = exc is not None and is_storage_failure(exc)
        mapped = storage_error(exc) if exc is not None and failed else None
        try:
            if failed and not isinstance(mapped, StorageBusyError):
                # Closing the connection rolls back; SQLite cannot vouch for it after disk errors.
                session.invalidate()
            else:
                session.rollback()  # no-op after commit(); undoes everything otherwise
        except SQLAlchemyError as cleanup:
            log.warning("rollback failed (%s); the connection is discarded", cleanup)
            session.invalidate()
        finally:
            session.close()
        if mapped is not None:
            raise mapped from exc

    def commit(self) -> None:
        assert self._session is not None
        self._session.commit()


class SqlAlchemyUnitOfWorkFactory:
    def __init__(self, engine: Engine, *, on_busy: BusyListener | None = None) -> None:
        """``on_busy`` hears each "busy, retrying" while a save waits for another program's
        lock (``BusyRetry.message`` is the text for a status bar); it is called on the saving
        thread."""
        self.engine = engine
        self._read = sessionmaker(bind=engine, expire_on_commit=False)
        self._write = sessionmaker(
            bind=write_engine(engine, on_busy=on_busy), expire_on_commit=False
        )

    def __call__(self, *, write: bool = False) -> SqlAlchemyUnitOfWork:
        return SqlAlchemyUnitOfWork(self._write if write else self._read)
