"""Staff accounts: the first admin, signing in with throttling, switching user, user admin."""

from __future__ import annotations

from typing import Protocol


class StaffRepo(Protocol):
    """What these use cases need of the database (``desk_app.db``'s implementation)."""
