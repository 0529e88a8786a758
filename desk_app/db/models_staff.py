"""Staff accounts: personal logins with a role; passwords only as Argon2id hashes.

``username`` is the login name (stored lower-case, unique). ``failed_attempts`` and
``locked_until`` carry the growing delay after wrong passwords across restarts. An account is
never deleted while the audit trail names it: it is disabled (``active`` false).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, CheckConstraint, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from desk_app.db.base import ID_LENGTH, Base, UtcDateTime, utcnow


class StaffUser(Base):
    __tablename__ = "staff_user"
    __table_args__ = (CheckConstraint("role IN ('desk', 'admin')", name="role_known"),)

    id: Mapped[str] = mapped_column(String(ID_LENGTH), primary_key=True)
    username: Mapped[str] = mapped_column(String(60), unique=True)
    display_name: Mapped[str] = mapped_column(String(120))
    role: Mapped[str] = mapped_column(String(12))
    password_hash: Mapped[str] = mapped_column(Text)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False)
    failed_attempts: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    last_login_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow, onupdate=utcnow)
