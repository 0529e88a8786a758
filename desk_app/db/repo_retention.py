"""What the retention purge finds and removes, and the monthly aggregates it keeps."""

from __future__ import annotations

from sqlalchemy.orm import Session


class RetentionRepository:
    def __init__(self, session: Session) -> None:
        self.session = session
