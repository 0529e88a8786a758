"""What the retention purge finds and removes, and the monthly aggregates it keeps.

Every method works on whole sets in a few statements (no row-by-row ORM work), so a purge of
years of visits stays one short transaction. Nothing here reads a contact's name, phone or email:
rows are selected by their times and deleted by id.

``reclaim_space`` runs outside any transaction, after the purge's commit: it checkpoints and
truncates the WAL (the old versions of purged pages live there until then) and, when asked,
rebuilds the file with ``VACUUM``. ``scrub_copy`` does the same to a backup copy: whatever
personal data the live database no longer holds is removed from the copy too.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import and_, delete, func, or_, select, update
from sqlalchemy.orm import Session

from desk_app.db import models as m
from desk_app.db.models_aggregates import VISIT_COLUMN_DIMENSIONS, VisitMonthDimension
from desk_app.domain.followup import CLOSED_STATUSES

_CLOSED = [s.value for s in CLOSED_STATUSES]
_Key = tuple[str, str, str, str]
"""(month, desk, dimension, code) of one aggregate row."""
_CHUNK = 500  # ids per IN (...) list, under SQLite's variable limit


def month_of(when: dt.datetime, tz: ZoneInfo) -> str:
    """The local calendar month of an instant, ``YYYY-MM``."""
    return when.astimezone(tz).strftime("%Y-%m")


def _chunks(ids: Sequence[str]) -> Iterable[Sequence[str]]:
    for start in range(0, len(ids), _CHUNK):
        yield ids[start : start + _CHUNK]


class RetentionRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    # -- contacts and notes ------------------------------------------------------------------

    def expired_contact_ids(self, now: dt.datetime, closed_before: dt.datetime) -> list[str]:
        """Contacts past their expiry, or whose follow-up closed at or before ``closed_before``."""
        query = (
            select(m.FollowUpContact.id)
            .join(m.Referral, m.Referral.id == m.FollowUpContact.referral_id)
            .where(
                or_(
                    m.FollowUpContact.expires_at <= now,
                    and_(
                        m.Referral.status.in_(_CLOSED),
                        m.Referral.status_changed_at <= closed_before,
                    ),
                )
            )
        )
        return list(self.session.scalars(query))

    def referral_ids_of_contacts(self, contact_ids: Sequence[str]) -> list[str]:
        """The referrals whose contact details these are (what the audit trail names)."""
        found: list[str] = []
        for chunk in _chunks(contact_ids):
            query = select(m.FollowUpContact.referral_id).where(m.FollowUpContact.id.in_(chunk))
            found.extend(self.session.scalars(query))
        return sorted(found)

    def delete_contacts_by_id(self, contact_ids: Sequence[str]) -> int:
        removed = 0
        for chunk in _chunks(contact_ids):
            result = self.session.execute(
                delete(m.FollowUpContact).where(m.FollowUpContact.id.in_(chunk))
            )
            removed += int(result.rowcount or 0)  # type: ignore[attr-defined]
        return removed

    def _stale_note_filter(self, written_before: dt.datetime):  # type: ignore[no-untyped-def]
        written = func.coalesce(m.Referral.status_changed_at, m.Referral.created_at)
        return and_(m.Referral.status_note.is_not(None), written <= written_before)

    def stale_note_count(self, written_before: dt.datetime) -> int:
        return int(
            self.session.scalar(
                select(func.count())
                .select_from(m.Referral)
                .where(self._stale_note_filter(written_before))
            )
            or 0
        )

    def clear_stale_notes(self, written_before: dt.datetime) -> int:
        """Null the free-text notes written at or before ``written_before``."""
        result = self.session.execute(
            update(m.Referral)
            .where(self._stale_note_filter(written_before))
            .values(status_note=None)
            .execution_options(synchronize_session=False)
        )
        return int(result.rowcount or 0)  # type: ignore[attr-defined]

    # -- visits --------------------------------------------------------------------------------

    def old_visit_counts(self, before: dt.datetime) -> tuple[int, int]:
        """(visit rows, handouts without a visit) older than ``before``: what a fold removes."""
        visits = self.session.scalar(
            select(func.count()).select_from(m.Visit).where(m.Visit.occurred_at < before)
        )
        loose = self.session.scalar(
            select(func.count())
            .select_from(m.HandoutPrint)
            .where(m.HandoutPrint.visit_id.is_(None), m.HandoutPrint.printed_at < before)
        )
        return int(visits or 0), int(loose or 0)

    def fold_visits_before(self, before: dt.datetime, tz: ZoneInfo) -> tuple[int, int]:
        """Add the visits older than ``before`` to the monthly counts, then delete them with their
        topics, referrals, contacts and handouts (and handouts printed without a visit).

        Demo visits and visits marked deleted are removed without being counted, as the
        statistics leave them out. Returns (visit rows removed, aggregate rows written).
        """
        counts: Counter[_Key] = Counter()
        visitors: Counter[_Key] = Counter()
        months: dict[str, tuple[str, str, int]] = {}  # visit id -> (month, desk, visitor_count)
        v = m.Visit
        columns = [getattr(v, d.value) for d in VISIT_COLUMN_DIMENSIONS]
        counted = and_(v.occurred_at < before, v.deleted_at.is_(None), v.is_demo.is_(False))
        rows = self.session.execute(
            select(v.id, v.occurred_at, v.desk, v.visitor_count, v.programme_id, *columns).where(
                counted
            )
        )
        for visit_id, occurred, desk, count, programme_id, *values in rows:
            month = month_of(occurred, tz)
            months[visit_id] = (month, desk, count)
            keys = [(month, desk, VisitMonthDimension.TOTAL.value, "")]
            keys.append((month, desk, VisitMonthDimension.PROGRAMME.value, programme_id or ""))
            keys.extend(
                (month, desk, d.value, value)
                for d, value in zip(VISIT_COLUMN_DIMENSIONS, values, strict=True)
            )
            for key in keys:
                counts[key] += 1
                visitors[key] += count

        def add(visit_id: str, dimension: VisitMonthDimension, code: str) -> None:
            month, desk, count = months[visit_id]
            key = (month, desk, dimension.value, code)
            counts[key] += 1
            visitors[key] += count

        linked = [
            (select(m.VisitTopic.visit_id, m.VisitTopic.topic_id), (VisitMonthDimension.TOPIC,)),
            (
                select(m.Referral.visit_id, m.Referral.service_id, m.Referral.status),
                (VisitMonthDimension.REFERRAL_SERVICE, VisitMonthDimension.REFERRAL_STATUS),
            ),
            (
                select(m.HandoutPrint.visit_id, m.HandoutPrint.service_id, m.HandoutPrint.lang),
                (VisitMonthDimension.HANDOUT_SERVICE, VisitMonthDimension.HANDOUT_LANG),
            ),
        ]
        for query, dimensions in linked:
            # The first column is the link's visit_id: join the visits that are counted.
            query = query.join(v, v.id == query.selected_columns[0]).where(counted)
            for visit_id, *codes in self.session.execute(query):
                for dimension, code in zip(dimensions, codes, strict=True):
                    add(str(visit_id), dimension, code or "")
        for service_id, lang, printed in self.session.execute(
            select(m.HandoutPrint.service_id, m.HandoutPrint.lang, m.HandoutPrint.printed_at).where(
                m.HandoutPrint.visit_id.is_(None), m.HandoutPrint.printed_at < before
            )
        ):
            month = month_of(printed, tz)
            for dimension, code in (
                (VisitMonthDimension.HANDOUT_SERVICE, service_id or ""),
                (VisitMonthDimension.HANDOUT_LANG, lang),
            ):
                key = (month, "", dimension.value, code)
                counts[key] += 1
                visitors[key] += 1

        written = self._add_counts(counts, visitors)
        result = self.session.execute(delete(v).where(v.occurred_at < before))
        self.session.execute(
            delete(m.HandoutPrint).where(
                m.HandoutPrint.visit_id.is_(None), m.HandoutPrint.printed_at < before
            )
        )
        return int(result.rowcount or 0), written  # type: ignore[attr-defined]

    def _add_counts(self, counts: Counter[_Key], visitors: Counter[_Key]) -> int:
        """Add to the stored monthly rows (a month folded in two runs adds up)."""
        agg = m.VisitMonthCount
        for key, visits in counts.items():
            month, desk, dimension, code = key
            row = self.session.get(agg, (month, desk, dimension, code))
            if row is None:
                self.session.add(
                    agg(
                        month=month,
                        desk=desk,
                        dimension=dimension,
                        code=code,
                        visits=visits,
                        visitors=visitors[key],
                    )
                )
            else:
                row.visits += visits
                row.visitors += visitors[key]
        self.session.flush()
        return len(counts)

    def monthly_counts(self, dimension: str) -> dict[tuple[str, str, str], tuple[int, int]]:
        """{(month, desk, code): (visits, visitors)} of one dimension (for statistics, tests)."""
        agg = m.VisitMonthCount
        rows = self.session.execute(
            select(agg.month, agg.desk, agg.code, agg.visits, agg.visitors).where(
                agg.dimension == dimension
            )
        )
        return {(mo, desk, code): (n, people) for mo, desk, code, n, people in rows}

    # -- the file ------------------------------------------------------------------------------

    def reclaim_space(self, *, vacuum: bool) -> bool:
        """Checkpoint and truncate the WAL (and VACUUM when asked); SQLite only.

        Must run with no transaction open on this session; returns whether the WAL was emptied
        (False when another connection still reads an old snapshot).
        """
        engine = self.session.get_bind()
        if engine.dialect.name != "sqlite":
            return True
        raw = engine.raw_connection()  # type: ignore[union-attr]
        try:
            cursor = raw.cursor()
            try:
                cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                if vacuum:
                    cursor.execute("VACUUM")
                    cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                busy = cursor.fetchone()
            finally:
                cursor.close()
        finally:
            raw.close()
        return busy is None or busy[0] == 0

    def personal_ids(self) -> tuple[set[str], set[str]]:
        """(ids of the contacts, ids of the referrals with a note) the live database holds."""
        contacts = set(self.session.scalars(select(m.FollowUpContact.id)))
        notes = set(
            self.session.scalars(select(m.Referral.id).where(m.Referral.status_note.is_not(None)))
        )
        return contacts, notes

    def scrub_copy(self, path: Path, contacts: set[str], notes: set[str]) -> bool:
        """Remove from a SQLite copy (a backup) the contacts and notes not in ``contacts`` and
        ``notes``, zeroed and vacuumed; returns whether anything was removed."""
        con = sqlite3.connect(path, isolation_level=None)
        try:
            con.execute("PRAGMA secure_delete=ON")
            tables = {row[0] for row in con.execute("SELECT name FROM sqlite_master")}
            changed = 0
            con.execute("BEGIN IMMEDIATE")
            if "follow_up_contact" in tables:
                stored = [row[0] for row in con.execute("SELECT id FROM follow_up_contact")]
                for chunk in _chunks([i for i in stored if i not in contacts]):
                    marks = ",".join("?" * len(chunk))
                    sql = f"DELETE FROM follow_up_contact WHERE id IN ({marks})"
                    changed += con.execute(sql, list(chunk)).rowcount
            columns = {row[1] for row in con.execute("PRAGMA table_info(referral)")}
            if "status_note" in columns:
                noted = [
                    row[0]
                    for row in con.execute("SELECT id FROM referral WHERE status_note IS NOT NULL")
                ]
                for chunk in _chunks([i for i in noted if i not in notes]):
                    marks = ",".join("?" * len(chunk))
                    sql = f"UPDATE referral SET status_note = NULL WHERE id IN ({marks})"
                    changed += con.execute(sql, list(chunk)).rowcount
            con.execute("COMMIT")
            if changed:
                con.execute("VACUUM")
                con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            return bool(changed)
        finally:
            con.close()
