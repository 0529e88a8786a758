"""The audit hash chain on its own: an intact chain verifies, and each kind of tampering (an
edited row, a deleted row, two rows swapped, the newest rows cut off) is named by ``seq``."""

import dataclasses
import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from desk_app.domain.audit_chain import (
    GENESIS,
    Anchor,
    AuditRow,
    ProblemKind,
    chain_hash,
    format_anchor,
    parse_anchor,
    verify,
)

T0 = dt.datetime(2026, 11, 28, 8, 0, tzinfo=dt.UTC)


def _chain(actions):
    rows, prev = [], GENESIS
    for seq, action in enumerate(actions, start=1):
        draft = AuditRow(
            seq, T0 + dt.timedelta(seconds=seq), "u-1", "maija", "desk", "desk-2",
            action, "follow_up_contact", f"r-{seq}", "ok", prev, "",
        )  # fmt: skip
        row = dataclasses.replace(draft, hash=chain_hash(prev, draft))
        rows.append(row)
        prev = row.hash
    return rows


def _anchor(rows):
    last = rows[-1]
    return Anchor("anchor file", last.seq, last.hash)


def _kinds(problems):
    return {(p.kind, p.seq) for p in problems}


ACTIONS = ["contact.create", "contact.view", "contact.update", "contact.view", "contact.delete"]


def test_an_intact_chain_has_no_problems():
    rows = _chain(ACTIONS)
    assert verify(rows, [_anchor(rows)]) == []
    assert verify([], [Anchor("database anchor", 0, GENESIS, exact=True)]) == []


def test_the_hash_covers_every_fact_and_the_previous_row():
    (row,) = _chain(["contact.view"])
    for field, value in [("username", "x"), ("record_id", "r-9"), ("at", T0), ("result", "no")]:
        assert chain_hash(GENESIS, dataclasses.replace(row, **{field: value})) != row.hash
    assert chain_hash("1" * 64, row) != row.hash


def test_an_edited_row_is_named():
    rows = _chain(ACTIONS)
    rows[2] = dataclasses.replace(rows[2], workstation="elsewhere")
    assert _kinds(verify(rows, [_anchor(rows)])) == {(ProblemKind.EDITED, 3)}


def test_a_rewritten_row_with_a_fresh_hash_breaks_the_next_link():
    rows = _chain(ACTIONS)
    edited = dataclasses.replace(rows[1], action="contact.create")
    rows[1] = dataclasses.replace(edited, hash=chain_hash(edited.prev_hash, edited))
    assert (ProblemKind.DELETED, 3) in _kinds(verify(rows))


def test_a_deleted_middle_row_is_named():
    rows = _chain(ACTIONS)
    del rows[2]
    problems = verify(rows, [_anchor(rows)])
    assert _kinds(problems) == {(ProblemKind.DELETED, 4)}
    assert "3" in problems[0].detail


def test_a_deleted_row_with_the_rest_renumbered_is_still_caught():
    rows = _chain(ACTIONS)
    anchor = _anchor(rows)
    rows = rows[:2] + [dataclasses.replace(r, seq=r.seq - 1) for r in rows[3:]]
    kinds = _kinds(verify(rows, [anchor]))
    assert (ProblemKind.DELETED, 3) in kinds and (ProblemKind.TRUNCATED, 5) in kinds


def test_swapped_rows_are_named_as_reordered():
    rows = _chain(ACTIONS)
    rows[1], rows[2] = dataclasses.replace(rows[2], seq=2), dataclasses.replace(rows[1], seq=3)
    kinds = _kinds(verify(rows, [_anchor(rows)]))
    assert (ProblemKind.REORDERED, 2) in kinds
    assert all(kind is ProblemKind.REORDERED for kind, _ in kinds)


def test_cut_off_newest_rows_show_only_against_an_anchor():
    rows = _chain(ACTIONS)
    anchor = _anchor(rows)
    assert verify(rows[:3]) == []  # the chain alone cannot see it
    problems = verify(rows[:3], [anchor])
    assert _kinds(problems) == {(ProblemKind.TRUNCATED, 5)}
    assert _kinds(verify([], [anchor])) == {(ProblemKind.TRUNCATED, 5)}


def test_rows_added_after_the_database_anchor_are_named():
    rows = _chain(ACTIONS)
    exact = Anchor("database anchor", 3, rows[2].hash, exact=True)
    assert _kinds(verify(rows, [exact])) == {(ProblemKind.ADDED, 4)}
    lagging_file = Anchor("anchor file", 3, rows[2].hash)
    assert verify(rows, [lagging_file]) == []  # the file may lag after a failed write


def test_anchor_file_text_round_trips_and_rejects_garbage():
    anchor = parse_anchor(format_anchor(7, "ab" * 32), "anchor file")
    assert anchor == Anchor("anchor file", 7, "ab" * 32)
    for text in ("", "7", "x " + "ab" * 32, "7 " + "zz" * 32, "7 abc"):
        assert parse_anchor(text, "anchor file") is None


@settings(max_examples=60, deadline=None)
@given(
    length=st.integers(min_value=2, max_value=12),
    tamper=st.sampled_from(["edit", "delete", "swap", "truncate"]),
    data=st.data(),
)
def test_any_single_tampering_of_any_chain_is_reported(length, tamper, data):
    rows = _chain([f"contact.{'view' if i % 2 else 'create'}" for i in range(length)])
    anchor = _anchor(rows)
    assert verify(rows, [anchor]) == []
    i = data.draw(st.integers(min_value=0, max_value=length - 1))
    if tamper == "edit":
        rows[i] = dataclasses.replace(rows[i], username="someone")
    elif tamper == "delete":
        del rows[i]
    elif tamper == "swap":
        j = data.draw(st.integers(min_value=0, max_value=length - 1).filter(lambda j: j != i))
        a, b = rows[i], rows[j]
        rows[i], rows[j] = dataclasses.replace(b, seq=a.seq), dataclasses.replace(a, seq=b.seq)
    else:
        rows = rows[:i]
    assert verify(rows, [anchor]) != []
