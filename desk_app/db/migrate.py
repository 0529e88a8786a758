"""Bring a database to the current schema with the Alembic scripts in ``migrations/``.

A new database is built by upgrading from empty, the same path an old one takes. Before a pending
migration touches an existing SQLite file it is backed up with the online backup API. A database
written by a newer app (a revision we do not know) is refused, and so is a non-empty database that
was never ours.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, inspect

from desk_app.db.backup import backup_sqlite
from desk_app.db.engine import is_sqlite, write_engine
from desk_app.domain.errors import DatabaseError, SchemaTooNewError
from desk_app.i18n import _

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


@dataclass(frozen=True)
class MigrationResult:
    from_revision: str | None
    to_revision: str
    backup: Path | None

    @property
    def changed(self) -> bool:
        return self.from_revision != self.to_revision


def alembic_config(connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def script_directory() -> ScriptDirectory:
    return ScriptDirectory.from_config(alembic_config())


def head_revision() -> str:
    head = script_directory().get_current_head()
    if head is None:
        raise DatabaseError("no migration scripts found in " + str(MIGRATIONS_DIR))
    return head


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def _known_revisions() -> set[str]:
    return {rev.revision for rev in script_directory().walk_revisions()}


def check_revision(engine: Engine) -> str | None:
    """The database's revision; raise if it is not ours or from a newer app version."""
    with engine.connect() as connection:
        current = MigrationContext.configure(connection).get_current_revision()
        tables = set(inspect(connection).get_table_names())
    if current is None:
        if tables - {"alembic_version"}:
            raise DatabaseError(
                _(
                    "This database was not created by Pointti Desk (it has tables but no "
                    "schema version). Choose another data directory."
                )
            )
        return None
    if current not in _known_revisions():
        raise SchemaTooNewError(
            _(
                "The database was written by a newer version of Pointti Desk (schema {revision}). "
                "Install that version or newer; this version will not touch the database."
            ).format(revision=current)
        )
    return current


def upgrade_database(engine: Engine, backup_dir: Path | None = None) -> MigrationResult:
    """Upgrade to the newest schema; back up an existing SQLite file first."""
    current = check_revision(engine)
    head = head_revision()
    if current == head:
        return MigrationResult(current, head, None)
    backup = None
    database = engine.url.database
    if current is not None and is_sqlite(engine) and database and backup_dir is not None:
        backup = backup_sqlite(Path(database), backup_dir, f"before-{head}")
        log.info("backed up %s to %s before migrating %s -> %s", database, backup, current, head)
    _run_upgrade(engine, head)
    log.info("database migrated from %s to %s", current, head)
    return MigrationResult(current, head, backup)


def _run_upgrade(engine: Engine, target: str) -> None:
    with write_engine(engine).connect() as connection:
        if is_sqlite(engine):
            # Batch mode rebuilds tables; foreign keys are checked once at the end instead.
            # The pragma only works outside a transaction, so it goes to the driver directly.
            connection.connection.driver_connection.execute("PRAGMA foreign_keys=OFF")  # type: ignore[union-attr]
        try:
            command.upgrade(alembic_config(connection), target)
            if connection.in_transaction():
                connection.commit()
        except Exception as exc:
            if connection.in_transaction():
                connection.rollback()
            log.exception("migration to %s failed; the database was left as it was", target)
            raise DatabaseError(
                _("Updating the database failed and nothing was changed: {error}").format(error=exc)
            ) from exc
        finally:
            if is_sqlite(engine):
                connection.connection.driver_connection.execute("PRAGMA foreign_keys=ON")  # type: ignore[union-attr]
