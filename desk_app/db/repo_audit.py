"""The audit trail: append a chained row, read rows in order for the viewer and the check.

``append`` reads the chain's end from ``audit_anchor`` (locked for the transaction), inserts the
new row with its hash and moves the anchor, all inside the caller's transaction, and flushes at once
so a failure surfaces before the caller shows or stores personal data. After the transaction
commits, the same anchor is copied to ``audit.anchor`` next to a SQLite database file: a copy that a
change made inside the database alone cannot move back (see ``desk_app.domain.audit_chain``).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import os
from pathlib import Path

from sqlalchemy import delete, event, func, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from desk_app.db.engine import sqlite_file
from desk_app.db.models_audit import AuditAnchor, AuditLog
from desk_app.domain.audit_chain import (
    GENESIS,
    Anchor,
    AuditRow,
    ChainStart,
    Problem,
    chain_hash,
    format_anchor,
    parse_anchor,
    verify_trail,
)
from desk_app.domain.errors import AuditUnavailableError
from desk_app.i18n import _

log = logging.getLogger(__name__)

ANCHOR_FILE_NAME = "audit.anchor"
DATABASE_ANCHOR = "database anchor"
FILE_ANCHOR = "anchor file"


def anchor_file_for(database: Path) -> Path:
    return database.parent / ANCHOR_FILE_NAME


def read_anchor_file(path: Path) -> Anchor | None:
    """The anchor kept in ``path``; None when there is no readable anchor."""
    try:
        return parse_anchor(path.read_text(encoding="ascii"), FILE_ANCHOR)
    except (OSError, UnicodeDecodeError):
        return None


def write_anchor_file(path: Path, seq: int, hash_: str) -> None:
    """Replace the anchor file atomically, never moving it back to an earlier row (two desks
    committing at once may finish in either order)."""
    current = read_anchor_file(path)
    if current is not None and current.seq >= seq:
        return
    temporary = path.with_name(path.name + ".tmp")
    with open(temporary, "w", encoding="ascii") as handle:
        handle.write(format_anchor(seq, hash_))
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)


def _row(entry: AuditLog) -> AuditRow:
    return AuditRow(
        seq=entry.seq,
        at=entry.at,
        user_id=entry.user_id,
        username=entry.username,
        role=entry.role,
        workstation=entry.workstation,
        action=entry.action,
        record_kind=entry.record_kind,
        record_id=entry.record_id,
        result=entry.result,
        prev_hash=entry.prev_hash,
        hash=entry.hash,
    )


class AuditRepository:
    def __init__(self, session: Session) -> None:
        self.session = session
        self._pending_anchor: tuple[int, str] | None = None

    def anchor_file(self) -> Path | None:
        """Where this database's anchor file is (None for a server or in-memory database)."""
        database = sqlite_file(self.session.get_bind().engine.url)
        return None if database is None else anchor_file_for(database)

    def append(
        self,
        *,
        at: dt.datetime,
        user_id: str | None,
        username: str,
        role: str,
        workstation: str,
        action: str,
        record_kind: str,
        record_id: str | None,
        result: str,
    ) -> AuditRow:
        try:
            anchor = self.session.scalar(
                select(AuditAnchor).where(AuditAnchor.id == 1).with_for_update()
            )
            if anchor is None:  # a database whose anchor row was removed: start it again
                anchor = AuditAnchor(id=1, seq=0, hash=GENESIS)
                self.session.add(anchor)
            draft = AuditRow(
                anchor.seq + 1, at.astimezone(dt.UTC), user_id, username, role, workstation,
                action, record_kind, record_id, result, prev_hash=anchor.hash, hash="",
            )  # fmt: skip
            row = dataclasses.replace(draft, hash=chain_hash(anchor.hash, draft))
            self.session.add(AuditLog(**dataclasses.asdict(row)))
            anchor.seq, anchor.hash = row.seq, row.hash
            self.session.flush()
        except SQLAlchemyError as exc:
            log.error("audit row not written (%s): %s", action, exc)
            raise AuditUnavailableError(
                _(
                    "This could not be recorded in the audit trail, so it was refused and "
                    "nothing was shown or changed. Ask the administrator to run a check of the "
                    "database."
                )
            ) from exc
        if self._pending_anchor is None:
            event.listen(self.session, "after_commit", self._after_commit, once=True)
        self._pending_anchor = (row.seq, row.hash)
        return row

    def _after_commit(self, _session: Session) -> None:
        pending, self._pending_anchor = self._pending_anchor, None
        path = self.anchor_file()
        if pending is None or path is None:
            return
        try:
            write_anchor_file(path, *pending)
        except OSError as exc:
            # The row is stored; only the outside copy of the anchor lags (check reports it).
            log.warning("could not write the audit anchor file %s: %s", path, exc)

    def chain(self) -> list[AuditRow]:
        """Every row in ``seq`` order."""
        return [_row(e) for e in self.session.scalars(select(AuditLog).order_by(AuditLog.seq))]

    def entries(
        self, start: dt.datetime | None, end: dt.datetime | None, limit: int | None
    ) -> list[AuditRow]:
        """Rows with ``start <= at < end``, newest first."""
        query = select(AuditLog).order_by(AuditLog.seq.desc())
        if start is not None:
            query = query.where(AuditLog.at >= start)
        if end is not None:
            query = query.where(AuditLog.at < end)
        if limit is not None:
            query = query.limit(limit)
        return [_row(e) for e in self.session.scalars(query)]

    def anchor(self) -> Anchor | None:
        row = self.session.get(AuditAnchor, 1)
        return None if row is None else Anchor(DATABASE_ANCHOR, row.seq, row.hash, exact=True)

    def verify(self, anchor_file: Path | None) -> tuple[int, list[Problem]]:
        """How many rows the stored chain has and every problem of it, checked against the
        database anchor, the kept start and the anchor file ``anchor_file`` (None: no file,
        e.g. a server database). ``pointti-desk check`` and the audit viewer both ask here."""
        rows = self.chain()
        file_anchor = None if anchor_file is None else read_anchor_file(anchor_file)
        where = None if anchor_file is None else str(anchor_file)
        return len(rows), verify_trail(rows, self.anchor(), file_anchor, where, self.start())

    def start(self) -> ChainStart:
        row = self.session.get(AuditAnchor, 1)
        return ChainStart() if row is None else ChainStart(row.start_seq, row.start_hash)

    def count_before(self, cutoff: dt.datetime) -> int:
        """How many rows the retention would remove: those up to the last one before ``cutoff``."""
        last = self._last_seq_before(cutoff)
        if last is None:
            return 0
        return int(self.session.scalar(select(func.count()).where(AuditLog.seq <= last)) or 0)

    def _last_seq_before(self, cutoff: dt.datetime) -> int | None:
        return self.session.scalar(select(func.max(AuditLog.seq)).where(AuditLog.at < cutoff))

    def trim_before(self, cutoff: dt.datetime) -> tuple[int, ChainStart | None]:
        """Remove the rows up to the last one written before ``cutoff``, moving the chain's start
        to it first (the delete trigger allows nothing else). Returns how many rows went and the
        new start, for the caller to record in a ``retention.purge`` row in this transaction."""
        last = self._last_seq_before(cutoff)
        if last is None:
            return 0, None
        anchor = self.session.scalar(
            select(AuditAnchor).where(AuditAnchor.id == 1).with_for_update()
        )
        end = self.session.get(AuditLog, last)
        if anchor is None or end is None:
            return 0, None
        anchor.start_seq, anchor.start_hash = end.seq, end.hash
        self.session.flush()
        result = self.session.execute(delete(AuditLog).where(AuditLog.seq <= last))
        self.session.expire_all()
        return int(result.rowcount or 0), ChainStart(end.seq, end.hash)  # type: ignore[attr-defined]
