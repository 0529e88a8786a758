"""Writes of the taxonomy and the actors: topics (add, rename, merge, retire), organisations,
programmes."""

from __future__ import annotations

from sqlalchemy.orm import Session


class TaxonomyRepository:
    def __init__(self, session: Session) -> None:
        self.session = session
