"""Small values the use cases return besides domain objects."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class Changes:
    """What a use case changed, so the UI refreshes exactly the views that show it."""

    visits: bool = False
    catalogue: bool = False

    def __or__(self, other: Changes) -> Changes:
        return Changes(self.visits or other.visits, self.catalogue or other.catalogue)


NO_CHANGES = Changes()
VISITS_CHANGED = Changes(visits=True)


@dataclass(frozen=True)
class RecordedVisit:
    id: str
    occurred_at: dt.datetime
    visitor_count: int
    referral_count: int
    changes: Changes = VISITS_CHANGED


@dataclass(frozen=True)
class SeedResult:
    loaded: bool
    counts: dict[str, int]
