"""The audit trail's hash chain: how a row is encoded and hashed, and how a chain is verified.

Each audit row stores the hash of the row before it (``prev_hash``; the first row chains from
``GENESIS``) and its own ``hash = sha256(prev_hash + "\\n" + canonical(row))``. The canonical
encoding is compact, key-sorted JSON of the row's facts (time in UTC to the microsecond, user,
role, workstation, action, record kind and id, result); ``seq`` is deliberately not hashed, so that
a changed position shows up as a broken link (a reordered row points at a row that is no longer
before it) rather than as an edit. ``verify`` names what it finds by ``seq``:

- *edited*: a row's facts no longer give its stored hash;
- *deleted*: a gap in ``seq``, or a row whose predecessor's hash is nowhere in the chain;
- *reordered*: a row whose ``prev_hash`` is the hash of some other row than the one before it;
- *truncated*: an anchor (the last ``seq`` and hash, kept in the database and in a file next to
  it) is ahead of the last row, or its hash differs from the row at that ``seq``.

The retention purge removes the oldest rows. It first moves the chain's *start* (``ChainStart``:
the ``seq`` and hash of the last removed row, kept in the database anchor) and then appends a
``retention.purge`` row whose record id names that same start (``ChainStart.record_id``). The first
kept row must follow on from the start, and a start that no purge row in the chain names was moved
by hand: rows cut from the beginning show up either way.

The chain makes tampering evident, not impossible: someone who can write both the database and the
anchor file can rebuild everything after a change. That is why the anchor file lives outside the
database and why ``pointti-desk check`` and the admin viewer can run at any time.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

GENESIS = "0" * 64
PURGE_ACTION = "retention.purge"
PURGE_RECORD_KIND = "audit_log"


@dataclass(frozen=True)
class AuditRow:
    """One stored audit row, as read back (``seq`` and both hashes included)."""

    seq: int
    at: dt.datetime
    user_id: str | None
    username: str
    role: str
    workstation: str
    action: str
    record_kind: str
    record_id: str | None
    result: str
    prev_hash: str
    hash: str


def utc_text(at: dt.datetime) -> str:
    if at.tzinfo is None:
        raise ValueError("audit times must be timezone-aware")
    return at.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def canonical(row: AuditRow) -> bytes:
    """The bytes a row's hash covers (everything but ``seq`` and the hashes)."""
    facts = {
        "at": utc_text(row.at),
        "user_id": row.user_id,
        "username": row.username,
        "role": row.role,
        "workstation": row.workstation,
        "action": row.action,
        "record_kind": row.record_kind,
        "record_id": row.record_id,
        "result": row.result,
    }
    return json.dumps(facts, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def chain_hash(prev_hash: str, row: AuditRow) -> str:
    return hashlib.sha256(prev_hash.encode("ascii") + b"\n" + canonical(row)).hexdigest()


@dataclass(frozen=True)
class Anchor:
    """The last ``seq`` and hash as remembered somewhere else than the rows themselves.

    ``exact``: the anchor is written in the same transaction as every row (the database's
    ``audit_anchor``), so rows after it were added around the app. The anchor file is written
    after the commit and may lag behind by a row or two if writing it failed.
    """

    source: str
    seq: int
    hash: str
    exact: bool = False


def format_anchor(seq: int, hash_: str) -> str:
    return f"{seq} {hash_}\n"


def parse_anchor(text: str, source: str) -> Anchor | None:
    """An anchor file's content; None when it does not hold "<seq> <64 hex digits>"."""
    parts = text.split()
    if len(parts) != 2 or not parts[0].isdigit() or len(parts[1]) != 64:
        return None
    try:
        int(parts[1], 16)
    except ValueError:
        return None
    return Anchor(source, int(parts[0]), parts[1])


@dataclass(frozen=True)
class ChainStart:
    """Where the kept chain starts: the last purged row's ``seq`` and hash (0, GENESIS: none)."""

    seq: int = 0
    hash: str = GENESIS

    @property
    def record_id(self) -> str:
        """How the ``retention.purge`` row that moved the start names it."""
        return f"{self.seq}:{self.hash}"


class ProblemKind(StrEnum):
    EDITED = "edited"
    DELETED = "deleted"
    REORDERED = "reordered"
    TRUNCATED = "truncated"
    ADDED = "added"  # rows after the database anchor: written around the app


@dataclass(frozen=True)
class Problem:
    kind: ProblemKind
    seq: int
    detail: str

    def __str__(self) -> str:
        return f"row {self.seq}: {self.kind.value} ({self.detail})"


def verify(
    rows: Sequence[AuditRow], anchors: Sequence[Anchor] = (), start: ChainStart | None = None
) -> list[Problem]:
    """Every problem of a chain read in ``seq`` order, checked against the given anchors and the
    kept start (the beginning of the trail when ``start`` is None)."""
    start = start or ChainStart()
    problems: list[Problem] = _start_problems(rows, start)
    position = {row.hash: row.seq for row in rows}
    previous: AuditRow | None = None
    for row in rows:
        if chain_hash(row.prev_hash, row) != row.hash:
            problems.append(Problem(ProblemKind.EDITED, row.seq, "its content no longer matches"))
        problems += _link_problems(previous, row, position, start)
        previous = row
    last = rows[-1] if rows else None
    by_seq = {row.seq: row for row in rows}
    for anchor in anchors:
        problems += _anchor_problems(anchor, last, by_seq)
    return problems


def _start_problems(rows: Sequence[AuditRow], start: ChainStart) -> list[Problem]:
    """A start moved past row 0 must be named by a purge row of the chain."""
    if start.seq == 0:
        return []
    named = any(
        row.action == PURGE_ACTION
        and row.record_kind == PURGE_RECORD_KIND
        and row.record_id == start.record_id
        for row in rows
    )
    if named:
        return []
    detail = f"the trail was made to start after row {start.seq} without a recorded purge"
    return [Problem(ProblemKind.DELETED, start.seq, detail)]


def _link_problems(
    previous: AuditRow | None, row: AuditRow, position: dict[str, int], start: ChainStart
) -> list[Problem]:
    expected_seq = start.seq + 1 if previous is None else previous.seq + 1
    if row.seq > expected_seq:
        first, last = expected_seq, row.seq - 1
        missing = str(first) if first == last else f"{first}–{last}"
        return [Problem(ProblemKind.DELETED, row.seq, f"row(s) {missing} missing before it")]
    expected_prev = start.hash if previous is None else previous.hash
    if row.prev_hash == expected_prev:
        return []
    pointed = position.get(row.prev_hash)
    if pointed is not None and pointed != row.seq:
        return [
            Problem(
                ProblemKind.REORDERED,
                row.seq,
                f"it was written after row {pointed}, not after row {expected_seq - 1}",
            )
        ]
    if row.prev_hash in (GENESIS, start.hash):
        return [Problem(ProblemKind.REORDERED, row.seq, "it was written as the first row")]
    return [
        Problem(
            ProblemKind.DELETED,
            row.seq,
            "the row written before it is gone or was rewritten",
        )
    ]


def _anchor_problems(
    anchor: Anchor, last: AuditRow | None, by_seq: dict[int, AuditRow]
) -> list[Problem]:
    last_seq = last.seq if last is not None else 0
    if anchor.seq > last_seq:
        first = last_seq + 1
        missing = str(first) if first == anchor.seq else f"{first}–{anchor.seq}"
        return [
            Problem(
                ProblemKind.TRUNCATED,
                anchor.seq,
                f"the {anchor.source} ends at row {anchor.seq}; row(s) {missing} are gone",
            )
        ]
    problems: list[Problem] = []
    row = by_seq.get(anchor.seq)
    if anchor.seq > 0 and row is not None and row.hash != anchor.hash:
        problems.append(
            Problem(
                ProblemKind.EDITED,
                anchor.seq,
                f"it differs from the {anchor.source}; the rows up to it were rewritten",
            )
        )
    if anchor.exact and last_seq > anchor.seq:
        problems.append(
            Problem(
                ProblemKind.ADDED,
                anchor.seq + 1,
                f"rows after the {anchor.source} (row {anchor.seq}) were added outside the app",
            )
        )
    return problems


def verify_trail(
    rows: Sequence[AuditRow],
    database_anchor: Anchor | None,
    file_anchor: Anchor | None,
    anchor_file: str | None,
    start: ChainStart | None = None,
) -> list[Problem]:
    """``verify`` with the database anchor and the anchor file (``anchor_file`` names the file
    when the database has one; its anchor is then required as soon as there are rows)."""
    problems: list[Problem] = []
    anchors = [a for a in (database_anchor, file_anchor) if a is not None]
    if database_anchor is None:
        problems.append(Problem(ProblemKind.DELETED, 0, "the database anchor row is gone"))
    if anchor_file is not None and file_anchor is None and rows:
        missing = f"the anchor file {anchor_file} is missing or unreadable"
        problems.append(Problem(ProblemKind.TRUNCATED, 0, missing))
    return problems + verify(rows, anchors, start)
