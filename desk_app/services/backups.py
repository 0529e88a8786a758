"""Backups and restore of the desk's SQLite database (issue 8, points 1 and 2).

``BackupService`` takes verified copies with SQLite's online backup API (``desk_app.db.backup``):
on demand ("Back up now", ``pointti-desk backup``), at start-up when the newest backup is over
24 hours old and the data changed since, and on exit when the data changed. Copies in the data
directory's ``backups/`` are rotated grandfather-father-son (``plan_rotation``); a copy written
to another folder (a USB stick) is never touched again.

*Did the data change?* Every commit writes the database file or, in WAL mode, its ``-wal`` file,
so the newest modification time of the two, compared with the stamp of the newest backup, tells
whether anything was saved since. It needs no extra write (a marker row would itself be a change)
and survives crashes; its one error is a checkpoint after the backup of frames written before
it, which costs at most one extra backup. Automatic backups are housekeeping and are not audited:
an audit row written after each one would itself count as a change and defeat the check.

``restore`` checks the file first (``integrity_check``, a known Pointti Desk schema revision, not
newer than this app), keeps the current database as ``<stem>.before-restore-<stamp>.sqlite3`` in
``backups/``, disposes every pooled connection, copies the backup into the live file with the
backup API, migrates it if it is older and records the restore in the restored audit trail. The
caller then reopens (the app closes; the CLI exits).
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import shutil
import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from desk_app.domain.errors import DatabaseError, DeskError, SchemaTooNewError
from desk_app.domain.staff import Permission
from desk_app.i18n import _
from desk_app.paths import DataPaths
from desk_app.services import audit
from desk_app.services.access import Access
from desk_app.services.retention import RetentionCutoffs, backup_time
from desk_app.services.unit_of_work import UnitOfWorkFactory
from desk_app.settings import Settings

log = logging.getLogger(__name__)

AUTO_LABEL = "backup"
"""Label of the backups the rotation manages; other copies (before a migration or a restore)
are left to the retention purge."""
DUE_AFTER = dt.timedelta(hours=24)
STAMP_FORMAT = "%Y%m%dT%H%M%S%fZ"
"""The UTC stamp in a backup's name (as ``desk_app.db.backup`` writes it)."""
_ROTATED = re.compile(rf"-{AUTO_LABEL}-(\d{{8}}T\d{{6}})(\d{{6}})?Z\.sqlite3$")


class BackupStore(Protocol):
    """The database file, SQLite and the migrations as this service needs them
    (``desk_app.db.backup.SqliteBackupStore``)."""

    @property
    def database(self) -> Path | None: ...
    def copy(self, source: Path, target: Path) -> list[str]: ...
    def integrity_problems(self, path: Path) -> list[str]: ...
    def facts(self, path: Path) -> tuple[str | None, dict[str, int]]: ...
    def known_revisions(self) -> set[str]: ...
    def dispose(self) -> None: ...
    def restore(self, backup: Path) -> None: ...
    def upgrade(self) -> None: ...
    def anchor_file(self) -> Path | None: ...


def stamp(now: dt.datetime | None = None) -> str:
    return (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).strftime(STAMP_FORMAT)


@dataclass(frozen=True)
class BackupInfo:
    """One backup file: where, when (UTC, from its name), how big, and what it holds."""

    path: Path
    taken_at: dt.datetime
    size: int
    revision: str | None = None
    counts: dict[str, int] = field(default_factory=dict, hash=False)

    @property
    def visits(self) -> int | None:
        return self.counts.get("visits")


@dataclass(frozen=True)
class RotationPlan:
    """Which backups stay and why; ``delete`` is everything else."""

    daily: tuple[Path, ...]
    weekly: tuple[Path, ...]
    monthly: tuple[Path, ...]
    keep: frozenset[Path]
    delete: tuple[Path, ...]


def _newest_per_bucket(
    ordered: list[tuple[Path, dt.datetime]], key: Callable[[dt.datetime], object], count: int
) -> tuple[Path, ...]:
    """The newest backup of each of the ``count`` most recent buckets that have one."""
    chosen: list[Path] = []
    seen: set[object] = set()
    for path, taken in ordered:  # newest first
        bucket = key(taken)
        if bucket in seen:
            continue
        if len(seen) >= count:
            break
        seen.add(bucket)
        chosen.append(path)
    return tuple(chosen)


def plan_rotation(
    backups: Iterable[tuple[Path, dt.datetime]],
    *,
    daily: int,
    weekly: int,
    monthly: int,
    not_before: dt.datetime | None = None,
) -> RotationPlan:
    """Grandfather-father-son: keep the newest backup of each of the last ``daily`` days,
    ``weekly`` ISO weeks and ``monthly`` months (UTC, from the stamps), and always the newest.

    A backup taken before ``not_before`` (the retention cutoff) goes whatever the rotation says:
    a backup must not keep personal data longer than the live database may.
    """
    ordered = sorted(backups, key=lambda item: (item[1], item[0].name), reverse=True)
    days = _newest_per_bucket(ordered, lambda t: t.date(), daily)
    weeks = _newest_per_bucket(ordered, lambda t: t.isocalendar()[:2], weekly)
    months = _newest_per_bucket(ordered, lambda t: (t.year, t.month), monthly)
    keep = set(days) | set(weeks) | set(months)
    if ordered:
        keep.add(ordered[0][0])
    if not_before is not None:
        keep -= {path for path, taken in ordered if taken < not_before}
    delete = tuple(path for path, _taken in ordered if path not in keep)
    return RotationPlan(days, weeks, months, frozenset(keep), delete)


class BackupService:
    """Backing up and restoring; the admin's methods require ``Permission.MANAGE_BACKUPS``.

    Start-up and exit run as the system (``Access.system()``) through ``backup_if_due`` and
    ``backup_on_exit``, which still check the permission of the access they were given.
    """

    def __init__(
        self,
        store: BackupStore,
        uow_factory: UnitOfWorkFactory,
        access: Access,
        paths: DataPaths,
        settings: Callable[[], Settings] | Settings,
    ) -> None:
        self._store = store
        self._uow = uow_factory
        self._access = access
        self._paths = paths
        self._settings = settings

    # -- reading ----------------------------------------------------------------------------

    def list_backups(self) -> list[BackupInfo]:
        """Every backup in ``backups/``, newest first, with its counts when it can be read."""
        self._access.require(Permission.MANAGE_BACKUPS)
        found = []
        for path in self._backup_files():
            counts: dict[str, int] = {}
            revision = None
            try:
                revision, counts = self._store.facts(path)
            except sqlite3.DatabaseError as exc:  # listed anyway: the admin should see it is there
                log.warning("cannot read backup %s: %s", path.name, exc)
            found.append(BackupInfo(path, backup_time(path), path.stat().st_size, revision, counts))
        return sorted(found, key=lambda info: (info.taken_at, info.path.name), reverse=True)

    def inspect(self, file: Path) -> BackupInfo:
        """Verify ``file`` and read its date and counts; a ``DeskError`` says what is wrong."""
        self._access.require(Permission.MANAGE_BACKUPS)
        return self._inspect(Path(file))

    # -- backing up -------------------------------------------------------------------------

    def backup_now(self, target_dir: Path | None = None) -> BackupInfo:
        """A verified backup into ``target_dir`` (default ``backups/``, then rotated); audited."""
        session = self._access.require(Permission.MANAGE_BACKUPS)
        info = self._take(target_dir)
        with self._uow(write=True) as uow:
            audit.record(uow, session, "backup.create", "database", None)
            uow.commit()
        return info

    def backup_if_due(self, now: dt.datetime | None = None) -> BackupInfo | None:
        """At start-up: back up when the newest backup is over 24 h old and data changed."""
        self._access.require(Permission.MANAGE_BACKUPS)
        now = now or dt.datetime.now(dt.UTC)
        newest = self._newest_time()
        if newest is not None and now - newest < DUE_AFTER:
            return None
        if not self._changed_since(newest):
            return None
        return self._take(None, now)

    def backup_on_exit(self) -> BackupInfo | None:
        """On exit: back up when anything was saved since the newest backup."""
        self._access.require(Permission.MANAGE_BACKUPS)
        if not self._changed_since(self._newest_time()):
            return None
        return self._take(None)

    def rotate(self, now: dt.datetime | None = None) -> list[Path]:
        """Delete the backups the rotation does not keep; the deleted files."""
        self._access.require(Permission.MANAGE_BACKUPS)
        return self._rotate(now or dt.datetime.now(dt.UTC))

    # -- restoring --------------------------------------------------------------------------

    def restore(self, file: Path) -> BackupInfo:
        """Replace the live database by ``file``; the safety copy of the old one is returned.

        The caller must not use its services afterwards: the app restarts, the CLI exits.
        """
        session = self._access.require(Permission.MANAGE_BACKUPS)
        live = self._database()
        chosen = self._inspect(Path(file))
        if chosen.path.resolve() == live.resolve():
            raise DeskError(_("This is the database in use; choose a backup file."))
        self._paths.backups.mkdir(parents=True, exist_ok=True)
        now = stamp()
        safety = self._paths.backups / f"{live.stem}.before-restore-{now}.sqlite3"
        try:
            problems = self._store.copy(live, safety)
            if problems:
                # The current database is itself damaged (the usual reason to restore): it is
                # kept byte for byte, with its WAL, since no consistent copy can be made of it.
                log.warning("the database is damaged (%s); kept byte for byte", problems[0])
                self._store.dispose()
                self._keep_bytes(live, safety)
                problems = []
        except (sqlite3.DatabaseError, OSError) as exc:
            problems = [str(exc)]
        if problems:
            raise DatabaseError(
                _(
                    "The current database could not be copied aside ({error}); "
                    "nothing was restored."
                ).format(error=problems[0])
            )
        try:
            self._store.restore(chosen.path)
        except Exception as exc:
            log.exception("restore of %s failed", chosen.path)
            raise DatabaseError(
                _("Restoring failed ({error}). The database as it was is kept in {file}.").format(
                    error=exc, file=safety
                )
            ) from exc
        # The restored audit trail ends earlier than the anchor file of the replaced one; the
        # old anchor goes beside the safety copy so the next row starts a consistent anchor.
        anchor = self._store.anchor_file()
        if anchor is not None and anchor.exists():
            anchor.replace(self._paths.backups / f"{safety.stem}.audit.anchor")
        self._store.upgrade()
        with self._uow(write=True) as uow:
            audit.record(uow, session, "backup.restore", "database", None)
            uow.commit()
        log.info("restored %s from %s; safety copy %s", live, chosen.path, safety)
        return BackupInfo(safety, backup_time(safety), safety.stat().st_size)

    # -- helpers ----------------------------------------------------------------------------

    @staticmethod
    def _keep_bytes(live: Path, safety: Path) -> None:
        shutil.copyfile(live, safety)
        wal = live.with_name(live.name + "-wal")
        if wal.exists():
            shutil.copyfile(wal, safety.with_name(safety.name + "-wal"))

    def _settings_now(self) -> Settings:
        return self._settings() if callable(self._settings) else self._settings

    def _database(self) -> Path:
        path = self._store.database
        if path is None:
            raise DeskError(
                _(
                    "Backups here are for the desk's own SQLite file; "
                    "back up a server database on the server."
                )
            )
        return path

    def _backup_files(self) -> list[Path]:
        folder = self._paths.backups
        if not folder.is_dir():
            return []
        return [p for p in folder.glob("*.sqlite3") if p.is_file()]

    def _rotated(self) -> list[tuple[Path, dt.datetime]]:
        """The rotated backups with their times to the microsecond (``backup_time`` cuts to
        seconds, too coarse to tell a save just after a backup from one just before)."""
        found = []
        for path in self._backup_files():
            match = _ROTATED.search(path.name)
            if match:
                taken = dt.datetime.strptime(match.group(1), "%Y%m%dT%H%M%S")
                micro = int(match.group(2) or 0)
                found.append((path, taken.replace(microsecond=micro, tzinfo=dt.UTC)))
        return found

    def _newest_time(self) -> dt.datetime | None:
        times = [taken for _path, taken in self._rotated()]
        return max(times) if times else None

    def _changed_since(self, moment: dt.datetime | None) -> bool:
        if moment is None:
            return True
        live = self._database()
        times = [
            path.stat().st_mtime_ns
            for path in (live, live.with_name(live.name + "-wal"))
            if path.exists()
        ]
        if not times:
            return False
        # The stamp is taken before the copy starts: a save during the copy counts as a change,
        # which errs towards one backup too many.
        return dt.datetime.fromtimestamp(max(times) / 1e9, dt.UTC) > moment

    def _take(self, target_dir: Path | None, now: dt.datetime | None = None) -> BackupInfo:
        live = self._database()
        folder = Path(target_dir) if target_dir is not None else self._paths.backups
        try:
            folder.mkdir(parents=True, exist_ok=True)
            target = folder / f"{live.stem}-{AUTO_LABEL}-{stamp()}.sqlite3"
            problems = self._store.copy(live, target)
        except (OSError, sqlite3.DatabaseError) as exc:
            raise DatabaseError(
                _("The backup could not be written to {folder}: {error}").format(
                    folder=folder, error=getattr(exc, "strerror", None) or exc
                )
            ) from exc
        if problems:
            log.error("backup failed its integrity check: %s", "; ".join(problems))
            raise DatabaseError(
                _(
                    "The backup copy failed its integrity check and was deleted. "
                    "Run pointti-desk check on the database. ({error})"
                ).format(error=problems[0])
            )
        revision, counts = self._store.facts(target)
        info = BackupInfo(target, backup_time(target), target.stat().st_size, revision, counts)
        log.info("backup written: %s (%d bytes)", target, info.size)
        if target_dir is None:
            self._rotate(now or dt.datetime.now(dt.UTC))
        return info

    def _rotate(self, now: dt.datetime) -> list[Path]:
        settings = self._settings_now()
        plan = plan_rotation(
            self._rotated(),
            daily=settings.backup_keep_daily,
            weekly=settings.backup_keep_weekly,
            monthly=settings.backup_keep_monthly,
            not_before=RetentionCutoffs.of(now, settings).backups_before,
        )
        deleted = []
        for path in plan.delete:
            for victim in (path, *(path.with_name(path.name + s) for s in ("-wal", "-shm"))):
                try:
                    victim.unlink(missing_ok=True)
                except OSError as exc:
                    log.warning("rotation: cannot delete %s: %s", victim.name, exc)
            deleted.append(path)
        if deleted:
            log.info("backup rotation deleted %d backup(s)", len(deleted))
        return deleted

    def _inspect(self, path: Path) -> BackupInfo:
        if not path.is_file():
            raise DeskError(_("There is no file {file}.").format(file=path))
        try:
            problems = self._store.integrity_problems(path)
            facts = None if problems else self._store.facts(path)
        except (sqlite3.DatabaseError, OSError) as exc:
            problems, facts = [str(exc)], None
        if problems or facts is None:
            raise DatabaseError(
                _("{file} is damaged or is not a database; it cannot be restored.").format(
                    file=path.name
                )
            )
        revision, counts = facts
        if revision is None or "visits" not in counts:
            raise DatabaseError(
                _("{file} is not a Pointti Desk database; it cannot be restored.").format(
                    file=path.name
                )
            )
        if revision not in self._store.known_revisions():
            raise SchemaTooNewError(
                _(
                    "{file} was written by a newer version of Pointti Desk; "
                    "install that version to restore it."
                ).format(file=path.name)
            )
        return BackupInfo(path, backup_time(path), path.stat().st_size, revision, counts)
