"""Checks of the SQLite file before the app opens it for work: damage, read-only, network path.

A desk must never lose a morning's work to a start-up that "fixes" a bad file. So, before the
app's engine touches the file (connecting switches it to WAL, closing checkpoints the WAL), the
file is opened read-only and ``PRAGMA quick_check`` is run. A damaged file is copied, byte for
byte, to ``<name>.corrupt-<UTC stamp>`` (and its WAL next to it) and start-up stops with
:class:`DamagedDatabaseError`, which names the copy and the newest backup that passes
``integrity_check``; the damaged file itself stays where it is, so the next start finds it damaged
again instead of building a silently empty database over it. A file or folder the app may not
write opens in read-only mode: an engine whose write transactions refuse with a plain message
before SQLite is asked to write anything. A file on a network share gets a warning, since SQLite's
locking is unreliable there and the shared-server mode is the supported way to share a database.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import os
import shutil
import sqlite3
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import Connection
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.pool import QueuePool

from desk_app.db.engine import BUSY_TIMEOUT_MS
from desk_app.db.migrate import check_revision
from desk_app.db.repo_audit import anchor_file_for
from desk_app.domain.errors import DatabaseError, ReadOnlyDatabaseError, SchemaTooNewError
from desk_app.i18n import _

log = logging.getLogger(__name__)

NETWORK_FILESYSTEMS = frozenset(
    {"nfs", "nfs4", "cifs", "smb", "smb2", "smb3", "smbfs", "9p", "afs", "ncpfs", "fuse.sshfs"}
)
CORRUPT_MARK = ".corrupt-"
_BEGIN_OPTION = "pointti_begin"  # the execution option desk_app.db.engine.write_engine sets


class DamagedDatabaseError(DatabaseError):
    """The database file failed its check; it was kept as ``kept_as`` and ``backup`` is offered.

    ``backup`` is None when no backup passes ``integrity_check``; ``kept_as`` is None when the
    copy could not be written (a read-only folder): the damaged file is then only where it was.
    """

    def __init__(
        self,
        message: str,
        *,
        database: Path,
        kept_as: Path | None,
        backup: Path | None,
        problems: tuple[str, ...],
    ) -> None:
        super().__init__(message)
        self.database = database
        self.kept_as = kept_as
        self.backup = backup
        self.backup_time = (
            None
            if backup is None
            else dt.datetime.fromtimestamp(backup.stat().st_mtime, dt.UTC).astimezone()
        )
        self.problems = problems


class HasBackups(Protocol):
    """Anything with a backups folder: ``desk_app.paths.DataPaths`` in the app."""

    @property
    def backups(self) -> Path: ...


@dataclass(frozen=True)
class StartupReport:
    """What the checks found: read-only mode, warnings for the UI, and how long they took."""

    read_only: bool = False
    warnings: tuple[str, ...] = field(default_factory=tuple)
    quick_check_seconds: float = 0.0


def _ro_uri(path: Path, immutable: bool = False) -> str:
    # immutable=1 lets SQLite read a WAL file in a folder where it cannot create the -shm file.
    return f"{path.resolve().as_uri()}?mode=ro" + ("&immutable=1" if immutable else "")


def connect_read_only(path: Path) -> sqlite3.Connection:
    """A read-only connection that never creates, changes or checkpoints anything.

    In a folder we may not write, and with no WAL content to read, the file is opened as
    immutable so SQLite does not even create its -shm file there (it would, running as root).
    """
    wal = path.with_name(path.name + "-wal")
    wal_has_frames = wal.exists() and wal.stat().st_size > 0
    immutable = not _writable(path.parent) and not wal_has_frames
    try:
        connection = sqlite3.connect(
            _ro_uri(path, immutable),
            uri=True,
            check_same_thread=False,
            timeout=BUSY_TIMEOUT_MS / 1000,
        )
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return connection
    except sqlite3.OperationalError:
        if immutable or _writable(path.parent):
            raise
    # A WAL database in a read-only folder without its -shm file: read the main file as is.
    return sqlite3.connect(_ro_uri(path, immutable=True), uri=True, check_same_thread=False)


def sqlite_check(path: Path, pragma: str = "quick_check") -> list[str]:
    """The lines of ``PRAGMA quick_check`` (or ``integrity_check``); a failure to open is a line."""
    try:
        connection = connect_read_only(path)
        try:
            return [str(row[0]) for row in connection.execute(f"PRAGMA {pragma}")]
        finally:
            connection.close()
    except (sqlite3.Error, OSError, ValueError) as exc:
        return [f"not a readable SQLite database ({exc})"]


def _writable(path: Path) -> bool:
    # os.access says yes to root for any file on a writable mount; a file or folder whose
    # owner removed every write bit is meant read-only, so we honour the bits as well.
    try:
        bits = path.stat().st_mode & 0o222
    except OSError:
        return False
    return bool(bits) and os.access(path, os.W_OK)


def is_read_only(path: Path) -> bool:
    """True when the file, or its folder (WAL needs the -wal and -shm files), may not be written."""
    if path.exists():
        return not (_writable(path) and _writable(path.parent))
    return path.parent.exists() and not _writable(path.parent)


def _mounts(mounts_file: Path) -> Iterable[tuple[str, str]]:
    try:
        text = mounts_file.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return []
    rows = []
    for line in text.splitlines():
        parts = line.split()
        if len(parts) >= 3:
            # /proc/mounts escapes spaces in mount points as \040.
            rows.append((parts[1].replace("\\040", " "), parts[2]))
    return rows


def is_network_path(path: Path | str, mounts_file: Path = Path("/proc/mounts")) -> bool:
    """A Windows UNC path, or on Linux a path on an nfs/cifs/smb file system."""
    text = str(path)
    if text.startswith(("\\\\", "//")):
        return True
    if os.name == "nt":
        return False
    resolved = str(Path(path).resolve())
    best, best_type = "", ""
    for mount_point, fs_type in _mounts(mounts_file):
        inside = resolved == mount_point or resolved.startswith(mount_point.rstrip("/") + "/")
        if inside and len(mount_point) >= len(best):
            best, best_type = mount_point, fs_type
    return best_type in NETWORK_FILESYSTEMS


def _digest(path: Path) -> str:
    sha = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            sha.update(block)
    return sha.hexdigest()


def preserve_damaged(path: Path) -> Path | None:
    """Copy the damaged file (and its WAL) aside, byte for byte; the original is not touched.

    A copy identical to the newest earlier one is not made again, so a desk restarted ten times
    on the same damaged file does not fill the disk. None when the copy cannot be written.
    """
    earlier = sorted(path.parent.glob(f"{path.name}{CORRUPT_MARK}*[0-9]Z"))
    same_size = earlier and earlier[-1].stat().st_size == path.stat().st_size
    if same_size and _digest(earlier[-1]) == _digest(path):
        return earlier[-1]
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%fZ")
    target = path.with_name(f"{path.name}{CORRUPT_MARK}{stamp}")
    try:
        shutil.copyfile(path, target)
        wal = path.with_name(path.name + "-wal")
        if wal.exists():
            shutil.copyfile(wal, target.with_name(target.name + "-wal"))
    except OSError:
        log.exception("could not copy the damaged database %s aside", path)
        return None
    return target


def newest_good_backup(paths: HasBackups) -> Path | None:
    """The newest backup in ``paths.backups`` that passes ``integrity_check`` and is ours."""
    folder = paths.backups
    if not folder.is_dir():
        return None
    candidates = [p for p in folder.iterdir() if p.is_file() and p.suffix == ".sqlite3"]
    candidates.sort(key=lambda p: p.stat().st_mtime, reverse=True)
    for candidate in candidates:
        if sqlite_check(candidate, "integrity_check") != ["ok"]:
            log.warning("backup %s fails integrity_check; not offered", candidate)
            continue
        if _has_schema_version(candidate):
            return candidate
    return None


def _has_schema_version(path: Path) -> bool:
    try:
        connection = connect_read_only(path)
        try:
            row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        finally:
            connection.close()
    except sqlite3.Error:
        return False
    return row is not None


def check_database_file(database: Path, backups: Path) -> StartupReport:
    """Run the start-up checks on a SQLite file; raise :class:`DamagedDatabaseError` if damaged."""
    warnings: list[str] = []
    if is_network_path(database):
        message = _(
            "The database {path} is on a network drive. SQLite's locking is not reliable there "
            "and data can be lost; use the shared-server mode (a database server) to share "
            "one database between desks."
        ).format(path=database)
        log.warning("%s", message)
        warnings.append(message)
    read_only = is_read_only(database)
    if read_only:
        message = _(
            "The database {path} or its folder cannot be written. Pointti Desk is open "
            "read-only: you can look things up but not save."
        ).format(path=database)
        log.warning("%s", message)
        warnings.append(message)
    if not database.exists():
        return StartupReport(read_only, tuple(warnings))
    started = time.perf_counter()
    problems = sqlite_check(database)
    seconds = time.perf_counter() - started
    log.info("quick_check of %s: %s in %.2f s", database, problems[:1], seconds)
    if problems != ["ok"]:
        raise _damaged(database, backups, problems)
    _check_schema_read_only(database, backups)
    return StartupReport(read_only, tuple(warnings), seconds)


def _check_schema_read_only(database: Path, backups: Path) -> None:
    """Refuse a foreign or newer database before a writable engine can checkpoint into it.

    A WAL left by another database passes ``quick_check`` (SQLite replays any well-formed WAL),
    but the file then shows someone else's tables; closing a writable connection would copy
    them into the file for good. So a database that is not ours while a WAL is present counts
    as damaged, and any other refusal happens here, read-only, too.
    """
    engine = read_only_engine(database)
    try:
        check_revision(engine)
    except SchemaTooNewError:
        raise
    except DatabaseError as exc:
        wal = database.with_name(database.name + "-wal")
        if wal.exists() and wal.stat().st_size > 0:
            problem = f"a WAL that does not fit the database ({exc})"
            raise _damaged(database, backups, [problem]) from exc
        raise
    except SQLAlchemyError as exc:
        raise _damaged(database, backups, [str(exc)]) from exc
    finally:
        engine.dispose()


def _damaged(database: Path, backups: Path, problems: list[str]) -> DamagedDatabaseError:
    log.error("the database %s is damaged: %s", database, problems[:10])
    kept_as = preserve_damaged(database)
    backup = newest_good_backup(_Folder(backups))
    kept = str(kept_as or database)
    if backup is not None:
        message = _(
            "The database is damaged. It has been kept unchanged as {kept}. "
            "A good backup exists: {backup}."
        ).format(kept=kept, backup=backup.name)
    else:
        message = _(
            "The database is damaged. It has been kept unchanged as {kept}. "
            "No good backup was found; contact your IT support."
        ).format(kept=kept)
    return DamagedDatabaseError(
        message, database=database, kept_as=kept_as, backup=backup, problems=tuple(problems[:20])
    )


@dataclass(frozen=True)
class _Folder:
    backups: Path


def read_only_engine(database: Path) -> Engine:
    """An engine over a read-only connection whose write transactions refuse before starting."""
    engine = create_engine(
        "sqlite://",
        creator=lambda: connect_read_only(database),
        poolclass=QueuePool,
        hide_parameters=True,
    )
    event.listen(engine, "connect", _on_connect)
    event.listen(engine, "begin", _on_begin)
    return engine


def _on_connect(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None  # we emit BEGIN ourselves, as the app's engine does
    dbapi_connection.execute("PRAGMA foreign_keys=ON")
    dbapi_connection.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")


def _on_begin(connection: Connection) -> None:
    if connection.get_execution_options().get(_BEGIN_OPTION) == "IMMEDIATE":
        raise ReadOnlyDatabaseError(
            _("The database is open read-only, so nothing can be saved. Nothing was changed.")
        )
    connection.exec_driver_sql("BEGIN")


def replace_damaged(database: Path, backup: Path) -> None:
    """Put a verified backup in place of a damaged database, once the damaged one is kept.

    The backup service's restore opens the live database first, which a damaged file does not
    allow; this path needs no engine. It refuses unless an identical ``.corrupt-`` copy of the
    damaged file exists (so the original is never lost) and the backup passes
    ``integrity_check``. The copy is made with the online backup API into a temporary file that
    then replaces the damaged one in a single rename.
    """
    if sqlite_check(backup, "integrity_check") != ["ok"] or not _has_schema_version(backup):
        raise DatabaseError(
            _("{file} is damaged or is not a Pointti Desk database; it cannot be restored.").format(
                file=backup.name
            )
        )
    if database.exists() and preserve_damaged(database) is None:
        raise DatabaseError(
            _(
                "The damaged database could not be copied aside, so it was not replaced. "
                "Free some disk space or ask your IT support."
            )
        )
    partial = database.with_name(database.name + ".restoring")
    partial.unlink(missing_ok=True)
    source = connect_read_only(backup)
    try:
        target = sqlite3.connect(partial)
        try:
            source.backup(target)
            target.execute("PRAGMA journal_mode=DELETE")  # one file; the app turns WAL on
            target.commit()
        finally:
            target.close()
    finally:
        source.close()
    for suffix in ("-wal", "-shm"):  # the damaged file's WAL was kept with its copy
        database.with_name(database.name + suffix).unlink(missing_ok=True)
    os.replace(partial, database)
    # The restored audit trail ends earlier than the anchor file of the damaged one: that anchor
    # goes beside the kept copy (as a restore from the Backups page does), so check stays clean.
    anchor = anchor_file_for(database)
    if anchor.exists():
        anchor.replace(database.with_name(f"{database.name}.corrupt.audit.anchor"))
    log.warning("replaced the damaged database %s by the backup %s", database, backup)
