"""A person's consented contact records, found by name, phone or email, for a subject request."""

from __future__ import annotations

from sqlalchemy.orm import Session


class SubjectRepository:
    def __init__(self, session: Session) -> None:
        self.session = session
