"""Suomi.fi PTV files (API v11 JSON) mapped into the catalogue, keeping PTV ids and overrides."""

from __future__ import annotations

from typing import Protocol


class PtvRepo(Protocol):
    """What these use cases need of the database (desk_app.db's implementation)."""
