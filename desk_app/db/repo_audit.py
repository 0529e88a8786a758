"""The audit trail: append a chained row, read rows in order for the viewer and the check."""

from __future__ import annotations

from sqlalchemy.orm import Session


class AuditRepository:
    def __init__(self, session: Session) -> None:
        self.session = session
