"""The audit trail of personal data and admin actions: one hash-chained row per action."""

from __future__ import annotations

from typing import Protocol


class AuditRepo(Protocol):
    """What these use cases need of the database (``desk_app.db``'s implementation)."""
