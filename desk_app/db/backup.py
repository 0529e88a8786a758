"""Consistent copies of the SQLite database with SQLite's online backup API, and their checks.

The backup API copies pages under SQLite's own locking, so the copy is consistent even while the
app (or another desk process) is writing; a plain file copy of a WAL database is not. A copy is
written under a temporary name, switched to the rollback journal (one self-contained file, fit for
a USB stick), checked with ``PRAGMA integrity_check`` and only then given its ``.sqlite3`` name, so
a half-written or damaged copy never looks like a backup. ``restore_into`` uses the same API in
the other direction, into the live file, so readers never see a half-copied database.

Names carry a UTC stamp, ``<stem>-<label>-YYYYmmddTHHMMSSffffffZ.sqlite3``: the retention purge
and the rotation read a backup's time from it (``desk_app.services.retention.backup_time``).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine

from desk_app.db.engine import sqlite_file
from desk_app.db.repo_audit import anchor_file_for

STAMP_FORMAT = "%Y%m%dT%H%M%S%fZ"
COUNTED_TABLES = {"visits": "visit", "services": "service", "contacts": "follow_up_contact"}
"""What a backup is summarised by (name shown -> table)."""


class BackupCheckError(Exception):
    """A file is not a usable copy; the message is technical (the service words it for people)."""


@dataclass(frozen=True)
class DatabaseFacts:
    """What a database file holds: its schema revision and the counts shown before a restore."""

    revision: str | None
    counts: dict[str, int]


def stamp(now: dt.datetime | None = None) -> str:
    return (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).strftime(STAMP_FORMAT)


def backup_sqlite(source: Path, target_dir: Path, label: str) -> Path:
    """Copy ``source`` into ``target_dir`` as ``<stem>-<label>-<UTC time>.sqlite3``, verified."""
    target_dir.mkdir(parents=True, exist_ok=True)
    target = target_dir / f"{source.stem}-{label}-{stamp()}.sqlite3"
    copy_database(source, target)
    return target


def _connect_read_only(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=10)


def copy_database(source: Path, target: Path) -> None:
    """Copy ``source`` to ``target`` with the online backup API and verify the copy.

    Raises ``BackupCheckError`` (and leaves no file) when the copy fails ``integrity_check``.
    """
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    try:
        src = _connect_read_only(source)
        try:
            dst = sqlite3.connect(partial)
            try:
                src.backup(dst)  # one step: the whole database under one read transaction
                # A copy in the rollback journal is a single file: nothing to lose beside it.
                dst.execute("PRAGMA journal_mode=DELETE")
                dst.commit()
            finally:
                dst.close()
        finally:
            src.close()
        problems = integrity_problems(partial)
        if problems:
            raise BackupCheckError("; ".join(problems[:5]))
        partial.replace(target)
    except BaseException:
        for leftover in (partial, partial.with_name(partial.name + "-journal")):
            with contextlib.suppress(OSError):
                leftover.unlink(missing_ok=True)
        raise


def integrity_problems(path: Path) -> list[str]:
    """What ``PRAGMA integrity_check`` finds in ``path`` (empty: the file is sound)."""
    if not path.is_file():
        raise BackupCheckError(f"no such file: {path}")
    try:
        connection = _connect_read_only(path)
        try:
            rows = connection.execute("PRAGMA integrity_check").fetchall()
        finally:
            connection.close()
    except sqlite3.DatabaseError as exc:  # not a database, encrypted, truncated header
        return [str(exc)]
    messages = [str(row[0]) for row in rows]
    return [] if messages == ["ok"] else messages


def database_facts(path: Path) -> DatabaseFacts:
    """The schema revision and counts of a (verified) database file, read-only."""
    try:
        connection = _connect_read_only(path)
        try:
            tables = {
                row[0]
                for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
            revision = None
            if "alembic_version" in tables:
                row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
                revision = None if row is None else str(row[0])
            counts = {
                name: int(connection.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0])
                for name, table in COUNTED_TABLES.items()
                if table in tables
            }
        finally:
            connection.close()
    except sqlite3.DatabaseError as exc:
        raise BackupCheckError(str(exc)) from exc
    return DatabaseFacts(revision, counts)


def restore_into(backup: Path, live: Path) -> None:
    """Overwrite the database ``live`` with the pages of ``backup`` (the backup API, not a copy).

    Every connection of the app to ``live`` must be closed first; another process still holding
    it open makes SQLite wait (busy timeout) and then fail, leaving ``live`` as it was.
    """
    src = _connect_read_only(backup)
    try:
        dst = sqlite3.connect(live, timeout=10)
        try:
            src.backup(dst)
            dst.commit()
            dst.execute("PRAGMA journal_mode=WAL")  # the desk's mode, whatever the copy had
            dst.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            dst.close()
    finally:
        src.close()


class SqliteBackupStore:
    """``desk_app.services.backups.BackupStore`` over the app's SQLite engine.

    The service reaches the file, SQLite and Alembic only through this object, so the screens
    that use the service do not depend on the database layer (the import contracts).
    """

    def __init__(self, engine: Engine, migration_backups: Path | None = None) -> None:
        self._engine = engine
        self._migration_backups = migration_backups

    @property
    def database(self) -> Path | None:
        return sqlite_file(self._engine.url)

    def copy(self, source: Path, target: Path) -> list[str]:
        """A verified copy; the problems found (the copy is then deleted), else []."""
        try:
            copy_database(source, target)
        except (BackupCheckError, sqlite3.DatabaseError) as exc:  # a damaged source
            return [str(exc)]
        return []

    def integrity_problems(self, path: Path) -> list[str]:
        try:
            return integrity_problems(path)
        except BackupCheckError as exc:
            return [str(exc)]

    def facts(self, path: Path) -> tuple[str | None, dict[str, int]]:
        """Revision and counts; raises ``sqlite3.DatabaseError`` for an unreadable file."""
        try:
            facts = database_facts(path)
        except BackupCheckError as exc:
            raise sqlite3.DatabaseError(str(exc)) from exc
        return facts.revision, facts.counts

    def known_revisions(self) -> set[str]:
        from desk_app.db.migrate import script_directory

        return {rev.revision for rev in script_directory().walk_revisions()}

    def dispose(self) -> None:
        """Close every pooled connection of the app (it reconnects when next used)."""
        self._engine.dispose()

    def restore(self, backup: Path) -> None:
        """Close every pooled connection, then copy ``backup`` into the live file."""
        live = self.database
        if live is None:
            raise sqlite3.DatabaseError("not a SQLite file database")
        self._engine.dispose()
        restore_into(backup, live)

    def upgrade(self) -> None:
        """Bring a restored older database to this app's schema (backed up first)."""
        from desk_app.db.migrate import upgrade_database

        upgrade_database(self._engine, self._migration_backups)
        self._engine.dispose()

    def anchor_file(self) -> Path | None:
        live = self.database
        return None if live is None else anchor_file_for(live)
