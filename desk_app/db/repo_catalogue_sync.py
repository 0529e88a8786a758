"""The whole catalogue as one versioned JSON document, and its import (diff, dry run, apply)."""

from __future__ import annotations

from sqlalchemy.orm import Session


class CatalogueSyncRepository:
    def __init__(self, session: Session) -> None:
        self.session = session
