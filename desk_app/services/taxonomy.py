"""The taxonomy and the actors: topics (add, rename, merge, retire), organisations, programmes."""

from __future__ import annotations

from typing import Protocol


class TaxonomyRepo(Protocol):
    """What these use cases need of the database (desk_app.db's implementation)."""
