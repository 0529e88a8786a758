"""Retention: purge what is past its time, keep monthly aggregates, leave no bytes behind."""

from __future__ import annotations

from typing import Protocol


class RetentionRepo(Protocol):
    """What these use cases need of the database (``desk_app.db``'s implementation)."""
