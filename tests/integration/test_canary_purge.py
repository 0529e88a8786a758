"""The canary: a unique name, phone, email and note are stored, backed up and logged around, aged
past retention and purged; afterwards not one byte of them is left in the database file, its WAL
and shared memory, the backups or the logs, and the visit counts are what they were."""

import datetime as dt
import logging
import random
import sqlite3
import uuid
from pathlib import Path

import pytest

from desk_app.db.backup import backup_sqlite
from desk_app.domain.codes import ReferralStatus
from desk_app.domain.followup import ContactDetails, FollowUpRequest
from desk_app.domain.visit import VisitDraft
from desk_app.services.retention import purge


def _canaries():
    tag = uuid.uuid4().hex
    phone = "040 " + "".join(random.choice("0123456789") for _ in range(7))
    return {
        "name": f"Kanarialintu {tag[:12]}",
        "phone": phone,
        "email": f"k{tag[12:24]}@example.org",
        "note": f"soitettu {tag[24:]}",
    }


def _encodings(value):
    return [value.encode(enc) for enc in ("utf-8", "utf-16-le", "utf-16-be")] + [
        value.replace(" ", "").encode("utf-8")
    ]


def _matches(root: Path, canaries):
    """{file kind: number of canary byte matches} over every file of the data directory."""
    found: dict[str, int] = {}
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        if path.parent.name == "backups":
            kind = "backups"
        elif path.parent.name == "logs":
            kind = "logs"
        elif path.name.startswith("pointti-desk.sqlite3"):
            kind = path.name.replace("pointti-desk.sqlite3", "database") or "database"
        else:
            kind = "other"
        data = path.read_bytes()
        hits = sum(data.count(needle) for v in canaries.values() for needle in _encodings(v))
        found[kind] = found.get(kind, 0) + hits
    return found


def _visit_counts(database: Path):
    """(visits, visitors) through the monthly aggregates plus the remaining raw rows."""
    with sqlite3.connect(database) as con:
        raw = con.execute(
            "SELECT count(*), coalesce(sum(visitor_count), 0) FROM visit WHERE NOT is_demo"
        ).fetchone()
        folded = con.execute(
            "SELECT coalesce(sum(visits), 0), coalesce(sum(visitors), 0) "
            "FROM visit_month_count WHERE dimension = 'total'"
        ).fetchone()
    return raw[0] + folded[0], raw[1] + folded[1]


def _store_canary(ctx, canaries):
    code = ctx.desk.active_services()[0].code
    contact = ContactDetails(
        purpose="Ask whether the appointment happened",
        expires_on=ctx.desk.default_contact_expiry(),
        name=canaries["name"],
        phone=canaries["phone"],
        email=canaries["email"],
    )
    ctx.desk.record_visit(
        VisitDraft(("JOB",), referral_codes=(code,)),
        follow_ups=[FollowUpRequest(code, ctx.desk.default_follow_up_due(), contact)],
    )
    ctx.desk.record_visit(VisitDraft(("JOB", "DIGI"), visitor_count=3))
    (item,) = ctx.desk.follow_ups()
    ctx.desk.set_follow_up_status(item.referral_id, ReferralStatus.GOT_SERVICE, canaries["note"])
    # The canaries are really there before the purge (the test can fail).
    assert ctx.desk.follow_up_contact(item.referral_id).name == canaries["name"]
    return item.referral_id


@pytest.mark.parametrize("how", ["clock", "aged_rows"])
def test_purged_canary_leaves_no_bytes_and_counts_stay(ctx, how):
    canaries = _canaries()
    referral_id = _store_canary(ctx, canaries)
    backup_sqlite(ctx.paths.database, ctx.paths.backups, "manual")
    logging.getLogger("test.canary").info("activity around referral %s", referral_id)
    before = _visit_counts(ctx.paths.database)
    assert _matches(ctx.paths.root, canaries)["backups"] > 0

    now = ctx.desk.now()
    if how == "clock":
        # Two and a half years later: contact, note, visits and the backup are all past retention.
        now += dt.timedelta(days=900)
    else:
        # Today, with the rows aged: the backup is young and must be scrubbed instead of deleted.
        old = (now - dt.timedelta(days=120)).replace(tzinfo=None).isoformat(" ")
        with sqlite3.connect(ctx.paths.database) as con:
            con.execute("UPDATE referral SET status_changed_at = ?", (old,))
    report = purge(ctx.uow, now, ctx.settings, paths=ctx.paths)
    assert report.contacts == 1 and report.notes == 1
    assert report.wal_emptied

    found = _matches(ctx.paths.root, canaries)
    assert found.get("database", 0) == 0
    assert found.get("database-wal", 0) == 0
    assert found.get("database-shm", 0) == 0
    assert found.get("backups", 0) == 0
    assert found.get("logs", 0) == 0
    assert sum(found.values()) == 0, found
    assert _visit_counts(ctx.paths.database) == before
    if how == "clock":
        assert report.visits == 2 and report.backups == 1
    else:
        assert report.visits == 0 and report.backups == 0
        assert len(list(ctx.paths.backups.glob("*.sqlite3"))) == 1
    ctx.close()
    assert sum(_matches(ctx.paths.root, canaries).values()) == 0
