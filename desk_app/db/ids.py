"""Deterministic ids for catalogue rows that have a stable code.

``uuid5`` of the row kind and code: every desk that loads the same catalogue gives a row the same
UUID, so shared servers and HSDS exports (which require UUIDs) agree.
"""

from __future__ import annotations

import uuid

NAMESPACE = uuid.UUID("6f1c4a52-2f43-4a0e-9d6c-5a7f0e2b9c11")


def stable_id(kind: str, code: str) -> str:
    return str(uuid.uuid5(NAMESPACE, f"{kind}:{code}"))
