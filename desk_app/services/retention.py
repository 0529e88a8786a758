"""Retention: purge what is past its time, keep monthly aggregates, leave no bytes behind.

The rules (``desk_app.settings``, defaults in brackets):

- consented contact details: ``retention_contact_days_after_close`` (90) days after their
  follow-up closed, or at their expiry date, whichever comes first;
- free-text notes (a follow-up's status note): ``retention_note_days`` (30) after writing;
- audit rows: ``retention_audit_days`` (730); the chain keeps its start so it still verifies
  (``desk_app.domain.audit_chain``), and the purge itself is the next row of the chain;
- raw visit rows: whole local months older than ``retention_visit_months`` (24); they are folded
  into ``visit_month_count`` first, so every count stays the same.

``purge`` does the rows in one write transaction; every connection runs with ``secure_delete=ON``
(deleted values are overwritten with zeros), and afterwards the WAL, which still holds the old
page versions, is checkpointed and truncated, so the purged values leave no bytes in the database
files. A ``VACUUM`` gives the space back after visits were folded.
Backups older than the shortest personal-data retention are deleted; from the younger ones the
contacts and notes the live database no longer holds are removed (a backup never outlives an
erasure). Leftover temporary PDFs are deleted.
``plan_purge`` (``pointti-desk purge --dry-run``) counts the same things and changes nothing.
The report holds counts only, never a value.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol
from zoneinfo import ZoneInfo

from desk_app.domain.audit_chain import PURGE_ACTION, PURGE_RECORD_KIND
from desk_app.i18n import ngettext
from desk_app.paths import DataPaths
from desk_app.services import audit
from desk_app.services.unit_of_work import UnitOfWorkFactory
from desk_app.settings import Settings

log = logging.getLogger(__name__)

DAILY_PURGE_AT = dt.time(0, 5)
"""Local time of the daily purge while the app runs (start-up also purges)."""

TEMPORARY_FILE_PATTERNS = ("self-test-*.pdf", ".*.partial")
"""Leftovers of interrupted PDF writes in the exports folder and the data directory."""
TEMPORARY_FILE_MIN_AGE = dt.timedelta(hours=1)
"""A younger leftover may still be being written by another process."""

_BACKUP_STAMP = re.compile(r"-(\d{8}T\d{6})(\d{6})?Z\.sqlite3$")


class RetentionRepo(Protocol):
    """What these use cases need of the database (``desk_app.db``'s implementation)."""

    def expired_contact_ids(self, now: dt.datetime, closed_before: dt.datetime) -> list[str]: ...
    def referral_ids_of_contacts(self, contact_ids: Sequence[str]) -> list[str]: ...
    def delete_contacts_by_id(self, contact_ids: Sequence[str]) -> int: ...
    def stale_note_count(self, written_before: dt.datetime) -> int: ...
    def clear_stale_notes(self, written_before: dt.datetime) -> int: ...
    def old_visit_counts(self, before: dt.datetime) -> tuple[int, int]: ...
    def fold_visits_before(self, before: dt.datetime, tz: ZoneInfo) -> tuple[int, int]: ...
    def reclaim_space(self, *, vacuum: bool) -> bool: ...
    def personal_ids(self) -> tuple[set[str], set[str]]: ...
    def scrub_copy(self, path: Path, contacts: set[str], notes: set[str]) -> bool: ...


class PurgeContext(Protocol):
    """The parts of the started app (``bootstrap.AppContext``) a purge needs."""

    @property
    def uow(self) -> UnitOfWorkFactory: ...
    @property
    def settings(self) -> Settings: ...
    @property
    def paths(self) -> DataPaths: ...


@dataclass(frozen=True)
class RetentionCutoffs:
    """The instants before which each kind of data goes, for one ``now``."""

    contact_closed_before: dt.datetime
    note_written_before: dt.datetime
    audit_before: dt.datetime
    visits_before: dt.datetime
    backups_before: dt.datetime

    @classmethod
    def of(cls, now: dt.datetime, settings: Settings) -> RetentionCutoffs:
        tz = ZoneInfo(settings.timezone)
        contact = now - dt.timedelta(days=settings.retention_contact_days_after_close)
        note = now - dt.timedelta(days=settings.retention_note_days)
        return cls(
            contact_closed_before=contact,
            note_written_before=note,
            audit_before=now - dt.timedelta(days=settings.retention_audit_days),
            visits_before=month_start(now, tz, -settings.retention_visit_months),
            # A backup holds every kind of personal data: it goes with the shortest retention.
            backups_before=min(contact, note),
        )


def month_start(now: dt.datetime, tz: ZoneInfo, months: int) -> dt.datetime:
    """The first instant (UTC) of the local month ``months`` away from ``now``'s month."""
    local = now.astimezone(tz)
    index = local.year * 12 + local.month - 1 + months
    first = dt.datetime(index // 12, index % 12 + 1, 1, tzinfo=tz)
    return first.astimezone(dt.UTC)


@dataclass(frozen=True)
class PurgeReport:
    """What a purge removed (or, for a dry run, would remove): counts only."""

    dry_run: bool
    contacts: int
    notes: int
    visits: int
    loose_handouts: int
    aggregate_rows: int
    backups: int
    temporary_files: int
    audit_rows: int = 0
    wal_emptied: bool = True

    @property
    def total(self) -> int:
        return (
            self.contacts
            + self.notes
            + self.visits
            + self.loose_handouts
            + self.backups
            + self.temporary_files
            + self.audit_rows
        )

    def report_lines(self) -> list[str]:
        """One translated line per kind of data, for the CLI and the app."""
        n = self
        lines = [
            ngettext(
                "Contact details of {n} follow-up: removed",
                "Contact details of {n} follow-ups: removed",
                n.contacts,
            ),
            ngettext("{n} free-text note: cleared", "{n} free-text notes: cleared", n.notes),
            ngettext(
                "{n} visit older than the retention: folded into monthly counts and removed",
                "{n} visits older than the retention: folded into monthly counts and removed",
                n.visits,
            ),
            ngettext(
                "{n} handout printed without a visit: folded into monthly counts and removed",
                "{n} handouts printed without a visit: folded into monthly counts and removed",
                n.loose_handouts,
            ),
            ngettext("{n} old backup: deleted", "{n} old backups: deleted", n.backups),
            ngettext(
                "{n} temporary file: deleted", "{n} temporary files: deleted", n.temporary_files
            ),
            ngettext(
                "{n} audit trail row older than the retention: removed",
                "{n} audit trail rows older than the retention: removed",
                n.audit_rows,
            ),
        ]
        counts = (
            n.contacts,
            n.notes,
            n.visits,
            n.loose_handouts,
            n.backups,
            n.temporary_files,
            n.audit_rows,
        )
        return [line.format(n=count) for line, count in zip(lines, counts, strict=True)]


def plan_purge(
    uow_factory: UnitOfWorkFactory,
    now: dt.datetime,
    settings: Settings,
    *,
    paths: DataPaths | None = None,
) -> PurgeReport:
    """What ``purge`` would remove at ``now``; changes nothing."""
    cut = RetentionCutoffs.of(now, settings)
    with uow_factory() as uow:
        contacts = len(uow.retention.expired_contact_ids(now, cut.contact_closed_before))
        notes = uow.retention.stale_note_count(cut.note_written_before)
        visits, loose = uow.retention.old_visit_counts(cut.visits_before)
        audit_rows = uow.audit.count_before(cut.audit_before)
    return PurgeReport(
        dry_run=True,
        contacts=contacts,
        notes=notes,
        visits=visits,
        loose_handouts=loose,
        aggregate_rows=0,
        backups=_count_backups(old_backups(paths, cut.backups_before)) if paths else 0,
        temporary_files=len(temporary_files(paths, now)) if paths else 0,
        audit_rows=audit_rows,
    )


def purge(
    uow_factory: UnitOfWorkFactory,
    now: dt.datetime,
    settings: Settings,
    *,
    paths: DataPaths | None = None,
) -> PurgeReport:
    """Remove everything past its retention at ``now`` and leave no bytes of it behind."""
    cut = RetentionCutoffs.of(now, settings)
    tz = ZoneInfo(settings.timezone)
    with uow_factory(write=True) as uow:
        expired = uow.retention.expired_contact_ids(now, cut.contact_closed_before)
        # The deletion of each contact is recorded (by the referral it belonged to, no values).
        for referral_id in uow.retention.referral_ids_of_contacts(expired):
            audit.record(uow, None, PURGE_ACTION, audit.CONTACT, referral_id)
        contacts = uow.retention.delete_contacts_by_id(expired)
        notes = uow.retention.clear_stale_notes(cut.note_written_before)
        _, loose = uow.retention.old_visit_counts(cut.visits_before)
        visits, aggregate_rows = uow.retention.fold_visits_before(cut.visits_before, tz)
        audit_rows, start = uow.audit.trim_before(cut.audit_before)
        if start is not None:  # the chain now starts after the removed rows: say so in it
            audit.record(uow, None, PURGE_ACTION, PURGE_RECORD_KIND, start.record_id)
        uow.commit()
    # Outside the transaction: empty the WAL, where the old versions of the purged pages live.
    # secure_delete (every connection) zeroes deleted values in the file itself; measured by the
    # canary test, that is enough without VACUUM (with it OFF, 4 matches stay). A VACUUM, which
    # locks out writers for a while, runs only when visits went, to give the space back.
    with uow_factory() as uow:
        wal_emptied = uow.retention.reclaim_space(vacuum=visits > 0)
    if not wal_emptied:
        log.warning("purge: the WAL could not be emptied (another connection is reading)")
    backups = scrubbed = temporary = 0
    if paths is not None:
        backups = _count_backups(_delete_files(old_backups(paths, cut.backups_before)))
        scrubbed = _scrub_backups(uow_factory, paths)
        temporary = len(_delete_files(temporary_files(paths, now)))
    report = PurgeReport(
        dry_run=False,
        contacts=contacts,
        notes=notes,
        visits=visits,
        loose_handouts=loose,
        aggregate_rows=aggregate_rows,
        backups=backups,
        temporary_files=temporary,
        audit_rows=audit_rows,
        wal_emptied=wal_emptied,
    )
    log.info(
        "purge: %d contact(s), %d note(s), %d visit(s) into %d monthly row(s), %d loose "
        "handout(s), %d backup(s) deleted and %d scrubbed, %d temporary file(s), %d audit row(s)",
        contacts,
        notes,
        visits,
        aggregate_rows,
        loose,
        backups,
        scrubbed,
        temporary,
        audit_rows,
    )
    return report


def _scrub_backups(uow_factory: UnitOfWorkFactory, paths: DataPaths) -> int:
    """Remove from the kept backups what the live database no longer holds; how many changed."""
    kept = sorted(p for p in paths.backups.glob("*.sqlite3") if p.is_file())
    if not kept:
        return 0
    scrubbed = 0
    with uow_factory() as uow:
        contacts, notes = uow.retention.personal_ids()
    for path in kept:
        with uow_factory() as uow:
            try:
                scrubbed += uow.retention.scrub_copy(path, contacts, notes)
            except Exception as exc:  # a broken backup must not stop the purge of the others
                log.warning("purge: cannot scrub backup %s: %s", path.name, exc)
    return scrubbed


def backup_time(path: Path) -> dt.datetime:
    """When a backup was taken: the UTC stamp in its name, else the file's modification time."""
    match = _BACKUP_STAMP.search(path.name)
    if match:
        return dt.datetime.strptime(match.group(1), "%Y%m%dT%H%M%S").replace(tzinfo=dt.UTC)
    return dt.datetime.fromtimestamp(path.stat().st_mtime, dt.UTC)


def old_backups(paths: DataPaths, before: dt.datetime) -> list[Path]:
    """Backup files (with their -wal/-shm/-journal companions) taken before ``before``."""
    if not paths.backups.is_dir():
        return []
    found = []
    for path in sorted(paths.backups.glob("*.sqlite3")):
        if path.is_file() and backup_time(path) <= before:
            found.append(path)
            found.extend(
                companion
                for suffix in ("-wal", "-shm", "-journal")
                if (companion := path.with_name(path.name + suffix)).exists()
            )
    return found


def temporary_files(paths: DataPaths, now: dt.datetime) -> list[Path]:
    """Leftover temporary PDFs and partial writes older than ``TEMPORARY_FILE_MIN_AGE``."""
    found = []
    for folder in (paths.root, paths.exports):
        if not folder.is_dir():
            continue
        for pattern in TEMPORARY_FILE_PATTERNS:
            for path in folder.glob(pattern):
                modified = dt.datetime.fromtimestamp(path.stat().st_mtime, dt.UTC)
                if path.is_file() and now - modified >= TEMPORARY_FILE_MIN_AGE:
                    found.append(path)
    return sorted(set(found))


def _count_backups(files: list[Path]) -> int:
    return sum(1 for path in files if path.suffix == ".sqlite3")


def _delete_files(files: list[Path]) -> list[Path]:
    removed = []
    for path in files:
        try:
            path.unlink()
            removed.append(path)
        except FileNotFoundError:
            pass
        except OSError as exc:
            log.warning("purge: cannot delete %s: %s", path.name, exc.strerror or exc)
    return removed


def purge_on_start(
    ctx: PurgeContext, now: dt.datetime | None = None, settings: Settings | None = None
) -> PurgeReport | None:
    """The start-up (and daily) purge: never stops the app; a failure is logged. ``settings``:
    the ones in force now (an admin may have changed the retention since start-up)."""
    try:
        rules = settings or ctx.settings
        return purge(ctx.uow, now or dt.datetime.now(dt.UTC), rules, paths=ctx.paths)
    except Exception:
        log.exception("the retention purge failed; it is tried again at the next start or day")
        return None


def seconds_until_next_daily_purge(now: dt.datetime, tz: ZoneInfo | str) -> float:
    """Seconds from ``now`` to the next ``DAILY_PURGE_AT`` local time (for the app's timer)."""
    zone = ZoneInfo(tz) if isinstance(tz, str) else tz
    local = now.astimezone(zone)
    target = dt.datetime.combine(local.date(), DAILY_PURGE_AT, tzinfo=zone)
    if target <= local:
        target = dt.datetime.combine(
            local.date() + dt.timedelta(days=1), DAILY_PURGE_AT, tzinfo=zone
        )
    return max(1.0, (target.astimezone(dt.UTC) - now.astimezone(dt.UTC)).total_seconds())
