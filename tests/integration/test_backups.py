"""Backups and restore on a real database: a copy taken under write load is sound and whole,
the rotation keeps 7 daily, 4 weekly and 12 monthly backups, start-up backs up only when due
and changed, a restore brings a backup's counts back and keeps a safety copy, a damaged or
foreign file is refused with nothing changed, and the CLI does the same."""

import datetime as dt
import io
import os
import sqlite3
import threading

import pytest

from desk_app.cli import main
from desk_app.db.backup import SqliteBackupStore, stamp
from desk_app.db.engine import make_engine, sqlite_url
from desk_app.db.migrate import _run_upgrade, head_revision
from desk_app.domain.errors import DeskError, PermissionDeniedError
from desk_app.domain.staff import Role, StaffSession
from desk_app.domain.visit import VisitDraft
from desk_app.services.access import Access
from desk_app.services.backups import BackupService, plan_rotation

NOW = dt.datetime(2026, 11, 28, 12, 0, tzinfo=dt.UTC)


def _service(ctx, access=None):
    store = SqliteBackupStore(ctx.engine, ctx.paths.backups)
    return BackupService(store, ctx.uow, access or ctx.access, ctx.paths, ctx.settings)


def _count(path, table="visit"):
    with sqlite3.connect(path) as con:
        return con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def _integrity(path):
    with sqlite3.connect(path) as con:
        return con.execute("PRAGMA integrity_check").fetchall()


def _record(ctx, n):
    for _ in range(n):
        ctx.desk.record_visit(VisitDraft(("JOB",)))


def test_backup_under_write_load_is_sound_and_whole(ctx, tmp_path):
    stop = threading.Event()
    saved = []

    def writer():
        while not stop.is_set():
            saved.append(ctx.desk.record_visit(VisitDraft(("JOB",))).id)

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        while len(saved) < 20:
            threading.Event().wait(0.01)
        before = len(saved)
        info = _service(ctx).backup_now(tmp_path / "usb")
        after = len(saved)
    finally:
        stop.set()
        thread.join()
    assert info.path.parent == tmp_path / "usb"
    assert _integrity(info.path) == [("ok",)]
    visits = _count(info.path)
    assert before <= visits <= after + 1
    # Every visit in the copy is whole: it has its topic row.
    assert _count(info.path, "visit_topic") == visits
    assert info.visits == visits
    assert not list((tmp_path / "usb").glob("*.partial"))
    # A single self-contained file: not in WAL mode.
    with sqlite3.connect(info.path) as con:
        assert con.execute("PRAGMA journal_mode").fetchone()[0] == "delete"


def test_a_backup_is_audited_and_listed(ctx):
    service = _service(ctx)
    info = service.backup_now()
    listed = service.list_backups()
    assert [b.path for b in listed] == [info.path]
    assert listed[0].size == info.path.stat().st_size
    with sqlite3.connect(ctx.paths.database) as con:
        actions = [r[0] for r in con.execute("SELECT action FROM audit_log")]
    assert "backup.create" in actions


def test_a_desk_worker_may_not_back_up_or_restore(ctx):
    desk = Access(StaffSession("u1", "d", "D", Role.DESK, "w"))
    service = _service(ctx, desk)
    with pytest.raises(PermissionDeniedError):
        service.backup_now()
    with pytest.raises(PermissionDeniedError):
        service.restore(ctx.paths.database)
    assert not list(ctx.paths.backups.glob("*backup*"))


def _daily_set(tmp_path, days):
    files = []
    for i in range(days):
        taken = NOW - dt.timedelta(days=i, hours=1)
        path = tmp_path / f"pointti-desk-backup-{stamp(taken)}.sqlite3"
        files.append((path, taken))
    return files


def test_rotation_keeps_7_daily_4_weekly_12_monthly_over_two_years(tmp_path):
    files = _daily_set(tmp_path, 730)
    plan = plan_rotation(files, daily=7, weekly=4, monthly=12)
    assert len(plan.daily) == 7 and len(plan.weekly) == 4 and len(plan.monthly) == 12
    taken = dict(files)
    assert len({taken[p].date() for p in plan.daily}) == 7
    assert len({taken[p].isocalendar()[:2] for p in plan.weekly}) == 4
    assert len({(taken[p].year, taken[p].month) for p in plan.monthly}) == 12
    assert plan.keep == set(plan.daily) | set(plan.weekly) | set(plan.monthly)
    assert len(plan.keep) + len(plan.delete) == 730
    newest = max(files, key=lambda f: f[1])[0]
    assert newest in plan.keep
    # The oldest monthly backup is about a year old, nothing older stays.
    assert min(taken[p] for p in plan.keep) > NOW - dt.timedelta(days=366)


def test_rotation_is_capped_by_retention_but_never_loses_a_recent_backup(tmp_path):
    files = _daily_set(tmp_path, 730)
    cutoff = NOW - dt.timedelta(days=30)
    plan = plan_rotation(files, daily=7, weekly=4, monthly=12, not_before=cutoff)
    taken = dict(files)
    assert all(taken[p] >= cutoff for p in plan.keep)
    assert set(plan.daily) <= plan.keep
    one = files[:1]
    assert plan_rotation(one, daily=1, weekly=0, monthly=0).keep == {one[0][0]}


def test_rotation_runs_on_the_backups_folder(ctx):
    service = _service(ctx)
    folder = ctx.paths.backups
    for path, _taken in _daily_set(folder, 20):
        path.write_bytes(b"")
    other = folder / f"pointti-desk-before-0009-{stamp(NOW - dt.timedelta(days=3))}.sqlite3"
    other.write_bytes(b"")
    service.rotate(NOW)
    left = sorted(p.name for p in folder.glob("*-backup-*.sqlite3"))
    # 28.11. back to 9.11.2026: the 7 newest days, plus 15.11. as its ISO week's newest (the
    # weeks of 28.11. and 22.11. and the month are already among the days).
    kept_days = sorted({name.split("-backup-")[1][:8] for name in left})
    assert kept_days == ["20261115", *(f"202611{d}" for d in range(22, 29))]
    assert other.exists(), "copies taken before a migration are left to the retention purge"


def test_backup_if_due_only_when_due_and_changed(ctx):
    service = _service(ctx)
    first = service.backup_if_due()
    assert first is not None, "no backup yet: due"
    assert service.backup_if_due() is None, "a fresh backup: not due"
    later = dt.datetime.now(dt.UTC) + dt.timedelta(hours=25)
    # Nothing saved since: make the database look older than the backup.
    old = (first.taken_at - dt.timedelta(minutes=5)).timestamp()
    for path in ctx.paths.root.glob("pointti-desk.sqlite3*"):
        os.utime(path, (old, old))
    assert service.backup_if_due(later) is None, "over 24 h old but unchanged"
    _record(ctx, 1)
    second = service.backup_if_due(later)
    assert second is not None and second.visits == first.visits + 1


def test_backup_on_exit_only_after_a_change(ctx):
    service = _service(ctx)
    first = service.backup_on_exit()
    assert first is not None
    old = (first.taken_at - dt.timedelta(minutes=5)).timestamp()
    for path in ctx.paths.root.glob("pointti-desk.sqlite3*"):
        os.utime(path, (old, old))
    assert service.backup_on_exit() is None


def test_restore_round_trip_brings_the_counts_back_and_keeps_a_safety_copy(ctx):
    service = _service(ctx)
    _record(ctx, 3)
    backup = service.backup_now()
    _record(ctx, 4)
    assert _count(ctx.paths.database) == 7
    inspected = service.inspect(backup.path)
    assert inspected.counts["visits"] == 3 and inspected.counts["services"] > 0
    safety = service.restore(backup.path)
    assert ".before-restore-" in safety.path.name
    assert _count(safety.path) == 7
    assert _count(ctx.paths.database) == 3
    # The app's engine works on the restored file, whose audit trail records the restore.
    assert len(ctx.desk.visits_today()) == 3
    with sqlite3.connect(ctx.paths.database) as con:
        actions = [r[0] for r in con.execute("SELECT action FROM audit_log")]
        assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert actions[-1] == "backup.restore"
    assert _integrity(ctx.paths.database) == [("ok",)]


def test_a_damaged_database_is_kept_byte_for_byte_and_replaced(ctx):
    service = _service(ctx)
    _record(ctx, 2)
    good = service.backup_now()
    _record(ctx, 1)
    ctx.engine.dispose()
    database = ctx.paths.database
    with sqlite3.connect(database) as con:
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = bytearray(database.read_bytes())
    for offset in range(8192, len(data), 97):
        data[offset] ^= 0x5A
    database.write_bytes(bytes(data))
    safety = service.restore(good.path)
    assert safety.path.read_bytes() == bytes(data)
    assert _integrity(database) == [("ok",)]
    assert len(ctx.desk.visits_today()) == 2


def test_a_backup_from_a_newer_version_is_refused(ctx):
    service = _service(ctx)
    backup = service.backup_now()
    with sqlite3.connect(backup.path) as con:
        con.execute("UPDATE alembic_version SET version_num = '9999'")
    before = ctx.paths.database.read_bytes()
    with pytest.raises(DeskError, match="newer version"):
        service.restore(backup.path)
    assert ctx.paths.database.read_bytes() == before


def test_restore_of_an_older_schema_migrates_it(ctx, tmp_path):
    old = tmp_path / "old.sqlite3"
    engine = make_engine(sqlite_url(old))
    try:
        _run_upgrade(engine, "0007")
    finally:
        engine.dispose()
    service = _service(ctx)
    assert service.inspect(old).revision == "0007"
    service.restore(old)
    with sqlite3.connect(ctx.paths.database) as con:
        assert con.execute("SELECT version_num FROM alembic_version").fetchone()[0] == (
            head_revision()
        )
    assert ctx.desk.visits_today() == []


@pytest.mark.parametrize("kind", ["damaged", "foreign", "text", "missing"])
def test_a_damaged_or_foreign_file_is_refused_and_nothing_changes(ctx, tmp_path, kind):
    service = _service(ctx)
    _record(ctx, 2)
    bad = tmp_path / "bad.sqlite3"
    if kind == "damaged":
        good = service.backup_now(tmp_path)
        data = bytearray(good.path.read_bytes())
        for offset in range(4096, len(data), 97):
            data[offset] ^= 0xFF
        bad.write_bytes(bytes(data))
    elif kind == "foreign":
        with sqlite3.connect(bad) as con:
            con.execute("CREATE TABLE notes (x)")
    elif kind == "text":
        bad.write_text("not a database at all\n" * 100)
    before = ctx.paths.database.read_bytes()
    backups_before = sorted(ctx.paths.backups.iterdir())
    with pytest.raises(DeskError) as refused:
        service.restore(bad)
    assert str(refused.value)
    assert sorted(ctx.paths.backups.iterdir()) == backups_before
    assert ctx.paths.database.read_bytes() == before
    assert len(ctx.desk.visits_today()) == 2


def test_cli_backup_and_restore(tmp_path, capsys, monkeypatch):
    data = str(tmp_path / "data")
    out = tmp_path / "usb"
    assert main(["--data-dir", data, "backup", "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    (copy,) = out.glob("*.sqlite3")
    assert str(copy) in printed and "0 visits" in printed
    assert main(["--data-dir", data, "demo-data", "--visits", "5"]) == 0
    capsys.readouterr()
    monkeypatch.setattr("sys.stdin", io.StringIO("n\n"))
    assert main(["--data-dir", data, "restore", str(copy)]) == 1
    assert "Nothing was restored" in capsys.readouterr().out
    database = tmp_path / "data" / "pointti-desk.sqlite3"
    assert _count(database) == 5
    monkeypatch.setattr("sys.stdin", io.StringIO("y\n"))
    assert main(["--data-dir", data, "restore", str(copy)]) == 0
    assert "before-restore" in capsys.readouterr().out
    assert _count(database) == 0
    assert main(["--data-dir", data, "restore", str(copy), "--yes"]) == 0
    assert main(["--data-dir", data, "check"]) == 0
    bad = tmp_path / "bad.sqlite3"
    bad.write_text("nope")
    assert main(["--data-dir", data, "restore", str(bad), "--yes"]) == 1
    assert "cannot be restored" in capsys.readouterr().err
