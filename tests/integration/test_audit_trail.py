"""The audit trail on a real database: one row per view, creation, change and deletion of a
visitor's contact details, naming the staff member and never the details; the hash chain and its
anchors catch rows edited, deleted, reordered or cut off with raw sqlite3 (also through
``pointti-desk check``); and when no audit row can be written, contact details are refused while
anonymous tallying keeps working."""

import datetime as dt
import sqlite3
import subprocess
import sys

import pytest

from desk_app.domain.audit_chain import ProblemKind
from desk_app.domain.codes import ReferralStatus
from desk_app.domain.errors import AuditUnavailableError, PermissionDeniedError
from desk_app.domain.followup import ContactDetails, FollowUpRequest
from desk_app.domain.staff import Role, StaffSession
from desk_app.domain.visit import VisitDraft
from desk_app.services import audit, retention
from desk_app.services.access import Access

NAME, PHONE, EMAIL = "Canary Virtanen", "040 9876543", "canary@example.fi"
SESSION = StaffSession("u-1", "mmeikalainen", "Maija Meikäläinen", Role.DESK, "desk-2")


def _sign_in(ctx, session=SESSION):
    access = getattr(ctx.desk, "_access", None)
    if access is None:
        access = ctx.desk._access = Access()
    access.sign_in(session)


def _contact(ctx):
    return ContactDetails(
        purpose="Ask whether the appointment happened",
        expires_on=ctx.desk.default_contact_expiry(),
        name=NAME,
        phone=PHONE,
        email=EMAIL,
    )


def _visit_with_contact(ctx):
    code = ctx.desk.active_services()[0].code
    recorded = ctx.desk.record_visit(
        VisitDraft(("JOB",), referral_codes=(code,)),
        follow_ups=[FollowUpRequest(code, ctx.desk.default_follow_up_due(), _contact(ctx))],
    )
    (item,) = ctx.desk.follow_ups()
    return recorded.id, item.referral_id


def _rows(ctx):
    with sqlite3.connect(ctx.paths.database) as con:
        return con.execute(
            "SELECT seq, user_id, username, role, workstation, action, record_kind, record_id,"
            " result FROM audit_log ORDER BY seq"
        ).fetchall()


def _trail(ctx):
    return audit.AuditTrail(ctx.uow, Access(StaffSession("a-1", "admin", "A", Role.ADMIN, "d-1")))


def _tamper(ctx, *statements):
    """What an attacker with the file does: drop the append-only triggers, change rows."""
    with sqlite3.connect(ctx.paths.database) as con:
        con.execute("DROP TRIGGER IF EXISTS audit_log_no_update")
        con.execute("DROP TRIGGER IF EXISTS audit_log_no_delete")
        for statement in statements:
            con.execute(statement)


def _check(ctx):
    return subprocess.run(
        [sys.executable, "-m", "desk_app", "--data-dir", str(ctx.paths.root), "check"],
        capture_output=True,
        text=True,
        timeout=120,
    )


def _audited_history(ctx):
    """Create, view, change and delete contact details: six audit rows."""
    _sign_in(ctx)
    _, referral_id = _visit_with_contact(ctx)
    assert ctx.desk.follow_up_contact(referral_id).phone == PHONE
    ctx.desk.set_follow_up_status(referral_id, ReferralStatus.CONTACTED, "left a message")
    ctx.desk.set_follow_up_status(
        referral_id, ReferralStatus.GOT_SERVICE, "started", delete_contact=True
    )
    visit_id2, referral_id2 = _visit_with_contact(ctx)
    ctx.desk.delete_visit(visit_id2)
    return referral_id, referral_id2


def test_each_access_to_contact_details_writes_one_row_without_the_details(ctx):
    referral_id, referral_id2 = _audited_history(ctx)
    rows = _rows(ctx)
    who = ("u-1", "mmeikalainen", "desk", "desk-2")
    assert [r[1:5] for r in rows] == [who] * 6
    assert [(r[0], r[5], r[6], r[7], r[8]) for r in rows] == [
        (1, "contact.create", "follow_up_contact", referral_id, "ok"),
        (2, "contact.view", "follow_up_contact", referral_id, "ok"),
        (3, "contact.update", "follow_up_contact", referral_id, "ok"),
        (4, "contact.delete", "follow_up_contact", referral_id, "ok"),
        (5, "contact.create", "follow_up_contact", referral_id2, "ok"),
        (6, "contact.delete", "follow_up_contact", referral_id2, "ok"),
    ]
    # The canary values appear nowhere in the audit tables (nor in the anchor file).
    dump = "\n".join(sqlite3.connect(ctx.paths.database).iterdump())
    audit_lines = [line for line in dump.splitlines() if "audit_" in line]
    for canary in (NAME, PHONE, EMAIL, "Canary", "9876543"):
        assert not any(canary in line for line in audit_lines)
        assert canary not in (ctx.paths.root / "audit.anchor").read_text()


def test_views_without_a_visit_or_details_write_no_row_and_tallies_none(ctx):
    _sign_in(ctx)
    ctx.desk.record_visit(VisitDraft(("JOB",), visitor_count=5))
    assert _rows(ctx) == []


def test_an_untampered_chain_verifies_in_the_viewer_and_in_check(ctx):
    _audited_history(ctx)
    report = _trail(ctx).verify()
    assert report.ok and report.rows == 6
    assert _rows(ctx)[-1][5] == "audit.verify"  # verifying is itself recorded
    result = _check(ctx)
    assert result.returncode == 0, result.stderr
    assert "audit trail: 7 rows, chain ok" in result.stdout


def test_a_desk_role_may_not_read_the_audit_trail(ctx):
    with pytest.raises(PermissionDeniedError):
        audit.AuditTrail(ctx.uow, Access(SESSION)).entries()


def test_the_audit_log_refuses_update_and_delete_through_sql(ctx):
    _audited_history(ctx)
    with sqlite3.connect(ctx.paths.database) as con:
        for statement in ("UPDATE audit_log SET result = 'x'", "DELETE FROM audit_log"):
            with pytest.raises(sqlite3.IntegrityError, match="append-only"):
                con.execute(statement)


TAMPERING = {
    "edited": (
        ["UPDATE audit_log SET username = 'someone' WHERE seq = 3"],
        ProblemKind.EDITED,
        3,
    ),
    "deleted": (["DELETE FROM audit_log WHERE seq = 3"], ProblemKind.DELETED, 4),
    "reordered": (
        [
            "UPDATE audit_log SET seq = -1 WHERE seq = 2",
            "UPDATE audit_log SET seq = 2 WHERE seq = 3",
            "UPDATE audit_log SET seq = 3 WHERE seq = -1",
        ],
        ProblemKind.REORDERED,
        2,
    ),
    "truncated": (["DELETE FROM audit_log WHERE seq >= 5"], ProblemKind.TRUNCATED, 6),
    "truncated with the anchor row moved back": (
        [
            "DELETE FROM audit_log WHERE seq >= 5",
            "UPDATE audit_anchor SET seq = 4, hash = (SELECT hash FROM audit_log WHERE seq = 4)",
        ],
        ProblemKind.TRUNCATED,
        6,
    ),
}


@pytest.mark.parametrize("case", list(TAMPERING))
def test_tampering_with_raw_sqlite_is_reported_by_verify_and_by_check(ctx, case):
    _audited_history(ctx)
    statements, kind, seq = TAMPERING[case]
    _tamper(ctx, *statements)
    report = audit.verify_database(ctx.uow)
    assert not report.ok
    assert (kind, seq) in {(p.kind, p.seq) for p in report.problems}, report.problems
    result = _check(ctx)
    assert result.returncode == 1
    assert f"row {seq}: {kind.value}" in result.stderr


def test_a_deleted_anchor_file_is_reported_when_rows_exist(ctx):
    _audited_history(ctx)
    (ctx.paths.root / "audit.anchor").unlink()
    report = audit.verify_database(ctx.uow)
    assert [p.kind for p in report.problems] == [ProblemKind.TRUNCATED]


def _break_audit_writes(ctx):
    with sqlite3.connect(ctx.paths.database) as con:
        con.execute(
            "CREATE TRIGGER audit_log_broken BEFORE INSERT ON audit_log "
            "BEGIN SELECT RAISE(ABORT, 'disk trouble'); END"
        )


def test_when_no_audit_row_can_be_written_contact_details_are_refused_but_tallying_works(ctx):
    _sign_in(ctx)
    _, referral_id = _visit_with_contact(ctx)
    _break_audit_writes(ctx)
    before = len(ctx.desk.visits_today())

    with pytest.raises(AuditUnavailableError, match="audit trail"):
        ctx.desk.follow_up_contact(referral_id)
    code = ctx.desk.active_services()[0].code
    with pytest.raises(AuditUnavailableError):
        ctx.desk.record_visit(
            VisitDraft(("JOB",), referral_codes=(code,)),
            follow_ups=[FollowUpRequest(code, ctx.desk.default_follow_up_due(), _contact(ctx))],
        )
    assert len(ctx.desk.visits_today()) == before  # the refused visit left nothing behind

    ctx.desk.record_visit(VisitDraft(("JOB",), visitor_count=3))
    ctx.desk.record_visit(VisitDraft(("JOB",), referral_codes=(code,)))
    assert len(ctx.desk.visits_today()) == before + 2


def _at(ctx, seq):
    with sqlite3.connect(ctx.paths.database) as con:
        (text,) = con.execute("SELECT at FROM audit_log WHERE seq = ?", (seq,)).fetchone()
    return dt.datetime.fromisoformat(text).replace(tzinfo=dt.UTC)


def _purge_rows_before(ctx, seq, *, dry_run=False):
    """Purge at the moment row ``seq`` turns older than the retention: the rows before it go."""
    now = _at(ctx, seq) + dt.timedelta(days=ctx.settings.retention_audit_days)
    run = retention.plan_purge if dry_run else retention.purge
    return run(ctx.uow, now, ctx.settings)


def test_audit_rows_past_retention_are_purged_and_the_rest_still_verifies(ctx):
    _audited_history(ctx)
    plan = _purge_rows_before(ctx, 5, dry_run=True)
    assert plan.audit_rows == 4 and len(_rows(ctx)) == 6  # the dry run removed nothing
    assert "4 audit trail rows older than the retention: removed" in plan.report_lines()
    report = _purge_rows_before(ctx, 5)
    assert report.audit_rows == 4
    rows = _rows(ctx)
    assert [r[0] for r in rows] == [5, 6, 7]
    # The purge is the next row of the chain and names where the kept chain starts.
    assert rows[-1][2:] == (
        "-",
        "-",
        rows[-1][4],
        "retention.purge",
        "audit_log",
        rows[-1][7],
        "ok",
    )
    assert rows[-1][7].startswith("4:")
    assert audit.verify_database(ctx.uow).ok
    result = _check(ctx)
    assert result.returncode == 0, result.stderr
    assert "audit trail: 3 rows, chain ok" in result.stdout
    # Rows the start has not passed still refuse to be deleted.
    con = sqlite3.connect(ctx.paths.database)
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        con.execute("DELETE FROM audit_log WHERE seq = 5")
    con.close()


CUT_FROM_THE_START = {
    "the first kept row deleted after a purge": (
        True,
        ["DELETE FROM audit_log WHERE seq = 5"],
        6,
    ),
    "the start moved by hand without a purge": (
        False,
        [
            "UPDATE audit_anchor SET start_seq = 2,"
            " start_hash = (SELECT hash FROM audit_log WHERE seq = 2)",
            "DELETE FROM audit_log WHERE seq <= 2",
        ],
        2,
    ),
    "rows cut from the start with the anchor left alone": (
        False,
        ["DELETE FROM audit_log WHERE seq <= 2"],
        3,
    ),
}


@pytest.mark.parametrize("case", list(CUT_FROM_THE_START))
def test_rows_cut_from_the_start_of_the_trail_are_reported(ctx, case):
    _audited_history(ctx)
    purge_first, statements, seq = CUT_FROM_THE_START[case]
    if purge_first:
        _purge_rows_before(ctx, 5)
    _tamper(ctx, *statements)
    report = audit.verify_database(ctx.uow)
    assert (ProblemKind.DELETED, seq) in {(p.kind, p.seq) for p in report.problems}, report
    assert _check(ctx).returncode == 1


def test_the_purge_of_a_contact_is_recorded_by_its_referral(ctx):
    _sign_in(ctx)
    _, referral_id = _visit_with_contact(ctx)
    ctx.desk.set_follow_up_status(referral_id, ReferralStatus.GOT_SERVICE, "started")
    later = ctx.desk.now() + dt.timedelta(days=ctx.settings.retention_contact_days_after_close + 1)
    assert retention.purge(ctx.uow, later, ctx.settings).contacts == 1
    last = _rows(ctx)[-1]
    assert last[5:] == ("retention.purge", "follow_up_contact", referral_id, "ok")
    assert audit.verify_database(ctx.uow).ok
