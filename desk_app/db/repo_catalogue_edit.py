"""Writes of the catalogue by staff: services, their channels and opening hours."""

from __future__ import annotations

from sqlalchemy.orm import Session


class CatalogueEditRepository:
    def __init__(self, session: Session) -> None:
        self.session = session
