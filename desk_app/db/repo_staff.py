"""Staff accounts: read by login name, add, update, count."""

from __future__ import annotations

from sqlalchemy.orm import Session


class StaffRepository:
    def __init__(self, session: Session) -> None:
        self.session = session
