"""The audit trail tables: ``audit_log`` (one hash-chained row per action on personal data or
admin action, never the personal values) and ``audit_anchor`` (the last ``seq`` and hash, updated
in the same transaction as each row, so a cut-off tail shows).

On SQLite the migrations add triggers that refuse UPDATE on ``audit_log`` and DELETE of any row
the anchor's start has not moved past (only the retention purge moves it); the chain
(``desk_app.domain.audit_chain``) catches changes made around them.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, Index, Integer, String, text
from sqlalchemy.orm import Mapped, mapped_column

from desk_app.db.base import ID_LENGTH, Base, UtcDateTime
from desk_app.domain.audit_chain import GENESIS

HASH_LENGTH = 64  # sha256, hex


class AuditLog(Base):
    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_at", "at"),)

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    user_id: Mapped[str | None] = mapped_column(String(ID_LENGTH))
    username: Mapped[str] = mapped_column(String(60))
    role: Mapped[str] = mapped_column(String(12))
    workstation: Mapped[str] = mapped_column(String(120))
    action: Mapped[str] = mapped_column(String(40))
    record_kind: Mapped[str] = mapped_column(String(40))
    record_id: Mapped[str | None] = mapped_column(String(80))
    result: Mapped[str] = mapped_column(String(40))
    prev_hash: Mapped[str] = mapped_column(String(HASH_LENGTH))
    hash: Mapped[str] = mapped_column(String(HASH_LENGTH))


class AuditAnchor(Base):
    """A single row (id 1): the chain's last ``seq`` and hash (0 and GENESIS when empty), and
    where the kept chain starts: the ``seq`` and hash of the last row the retention purge removed
    (0 and GENESIS while nothing was purged). The first kept row must follow on from it."""

    __tablename__ = "audit_anchor"
    __table_args__ = (CheckConstraint("id = 1", name="single_row"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    seq: Mapped[int] = mapped_column(Integer)
    hash: Mapped[str] = mapped_column(String(HASH_LENGTH))
    start_seq: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    start_hash: Mapped[str] = mapped_column(String(HASH_LENGTH), server_default=GENESIS)
