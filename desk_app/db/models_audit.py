"""The audit trail tables: ``audit_log`` (one hash-chained row per action on personal data or
admin action, never the personal values) and ``audit_anchor`` (the last ``seq`` and hash, updated
in the same transaction as each row, so a cut-off tail shows).

On SQLite the migration adds triggers that refuse UPDATE and DELETE on ``audit_log``; the chain
(``desk_app.domain.audit_chain``) catches changes made around them.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from desk_app.db.base import ID_LENGTH, Base, UtcDateTime

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
    """A single row (id 1): the chain's last ``seq`` and hash (0 and GENESIS when empty)."""

    __tablename__ = "audit_anchor"
    __table_args__ = (CheckConstraint("id = 1", name="single_row"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    seq: Mapped[int] = mapped_column(Integer)
    hash: Mapped[str] = mapped_column(String(HASH_LENGTH))
