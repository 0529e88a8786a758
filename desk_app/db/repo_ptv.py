"""Services and channels imported from Suomi.fi PTV files, keeping PTV ids and local overrides."""

from __future__ import annotations

from sqlalchemy.orm import Session


class PtvRepository:
    def __init__(self, session: Session) -> None:
        self.session = session
