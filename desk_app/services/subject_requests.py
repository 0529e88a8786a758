"""Data subject requests: find a person's records, export everything about them, erase."""

from __future__ import annotations

from typing import Protocol


class SubjectRepo(Protocol):
    """What these use cases need of the database (``desk_app.db``'s implementation)."""
