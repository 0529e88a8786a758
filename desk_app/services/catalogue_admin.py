"""Staff keep the catalogue true: edit services, their channels and hours, with validation."""

from __future__ import annotations

from typing import Protocol


class CatalogueEditRepo(Protocol):
    """What these use cases need of the database (desk_app.db's implementation)."""
