"""The catalogue as our own versioned JSON: export, and an import that shows its changes first."""

from __future__ import annotations

from typing import Protocol


class CatalogueSyncRepo(Protocol):
    """What these use cases need of the database (desk_app.db's implementation)."""
