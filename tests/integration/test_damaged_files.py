"""Harness 5d: a corpus of damaged database files, each started on in a real process.

Every case is built in the test from one good database: byte flips in the header and in pages,
truncation, a zeroed header, foreign files named like the database, and a WAL from another
database. ``pointti-desk check`` and the app's start-up must end in time with a message, never a
traceback; a damaged file must stay byte-identical, be kept as a ``.corrupt-`` copy, and the good
backup must be offered. Read-only and network-path start-ups are checked here too.
"""

import hashlib
import json
import os
import random
import sqlite3
import stat
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
from sqlalchemy import text

from desk_app.bootstrap import bootstrap, restore_damaged_database
from desk_app.db.backup import backup_sqlite
from desk_app.db.engine import write_engine
from desk_app.db.startup_checks import (
    DamagedDatabaseError,
    ReadOnlyDatabaseError,
    is_network_path,
    newest_good_backup,
)
from desk_app.paths import DB_FILE_NAME, DataPaths

TIMEOUT_S = 10

# The start-up path as the GUI takes it, minus Qt: one JSON line says how it ended.
START_SCRIPT = """
import json, sys
from sqlalchemy import text

from desk_app.bootstrap import bootstrap, restore_damaged_database
from desk_app.db.engine import write_engine
from desk_app.db.startup_checks import DamagedDatabaseError
from desk_app.domain.errors import DeskError
try:
    ctx = bootstrap(sys.argv[1], load_example=False)
except DamagedDatabaseError as exc:
    print(json.dumps({"outcome": "damaged", "kept_as": str(exc.kept_as or ""),
                      "backup": str(exc.backup or ""), "message": str(exc)}))
except DeskError as exc:
    print(json.dumps({"outcome": "refused", "message": str(exc)}))
else:
    ctx.close()
    print(json.dumps({"outcome": "ok"}))
"""


def _png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return len(data).to_bytes(4, "big") + body + zlib.crc32(body).to_bytes(4, "big")

    header = (1).to_bytes(4, "big") * 2 + bytes([8, 0, 0, 0, 0])
    pixels = zlib.compress(b"\x00\x00")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def _flip(data: bytearray, offset: int) -> None:
    data[offset] ^= 0xFF


def _pages(data: bytes) -> int:
    return len(data) // 4096


def _damage(name: str, good: bytes, tmp: Path) -> tuple[bytes, bytes | None]:
    """The damaged database bytes (and a WAL, for the mismatched-WAL case)."""
    data = bytearray(good)
    rng = random.Random(name)
    if name.startswith("header-flip-"):
        _flip(data, int(name.rsplit("-", 1)[1]))
    elif name.startswith("page-flips-"):
        page = {"first": 1, "middle": _pages(good) // 2, "last": _pages(good) - 1}[name[11:]]
        for _ in range(16):
            _flip(data, page * 4096 + rng.randrange(4096))
    elif name == "truncated-half":
        del data[len(data) // 2 :]
    elif name == "truncated-in-header-page":
        del data[1000:]
    elif name == "zeroed-header":
        data[:100] = bytes(100)
    elif name == "foreign-png":
        return _png(), None
    elif name == "foreign-text":
        return b"visits.csv\n2026-11-28;Kela;1\n" * 50, None
    elif name == "mismatched-wal":
        return bytes(data), _foreign_wal(tmp)
    return bytes(data), None


def _foreign_wal(tmp: Path) -> bytes:
    """A valid WAL written by some other database, left with its frames uncheckpointed."""
    other = tmp / "other.sqlite3"
    keeper = sqlite3.connect(other)
    keeper.execute("PRAGMA journal_mode=WAL")
    keeper.execute("PRAGMA wal_autocheckpoint=0")
    keeper.execute("CREATE TABLE thing(x TEXT)")
    keeper.executemany("INSERT INTO thing VALUES (?)", [("x" * 500,)] * 200)
    keeper.commit()
    wal = (tmp / "other.sqlite3-wal").read_bytes()
    keeper.close()
    return wal


CASES = [
    "header-flip-0",
    "header-flip-16",
    "header-flip-18",
    "header-flip-21",
    "header-flip-56",
    "page-flips-first",
    "page-flips-middle",
    "page-flips-last",
    "truncated-half",
    "truncated-in-header-page",
    "zeroed-header",
    "foreign-png",
    "foreign-text",
    "mismatched-wal",
]
# Damage SQLite must notice; other cases may also look healthy (a flipped byte inside a text).
MUST_BE_DAMAGED = {
    "header-flip-0",
    "mismatched-wal",
    "truncated-in-header-page",
    "zeroed-header",
    "foreign-png",
    "foreign-text",
}


@pytest.fixture(scope="module")
def good_database(tmp_path_factory) -> bytes:
    data_dir = tmp_path_factory.mktemp("good") / "data"
    ctx = bootstrap(data_dir)
    ctx.close()
    return (data_dir / DB_FILE_NAME).read_bytes()


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args],
        capture_output=True,
        text=True,
        timeout=TIMEOUT_S,
        env={**os.environ, "POINTTI_DESK_LANG": "en"},
    )


def _damaged_dir(name: str, good: bytes, tmp_path: Path) -> tuple[DataPaths, Path]:
    paths = DataPaths(tmp_path / "data").ensure()
    paths.database.write_bytes(good)
    backup = backup_sqlite(paths.database, paths.backups, "daily")
    damaged, wal = _damage(name, good, tmp_path)
    paths.database.write_bytes(damaged)
    if wal is not None:
        paths.database.with_name(paths.database.name + "-wal").write_bytes(wal)
    return paths, backup


@pytest.mark.parametrize("name", CASES)
def test_damaged_file_never_crashes_and_is_kept(name, good_database, tmp_path):
    paths, backup = _damaged_dir(name, good_database, tmp_path)
    before = _digest(paths.database)

    check = _run("-m", "desk_app", "check", "--data-dir", str(paths.root))
    assert check.returncode in (0, 1), check.stderr
    assert "Traceback" not in check.stderr + check.stdout
    assert _digest(paths.database) == before, "check changed the file"

    start = _run("-c", START_SCRIPT, str(paths.root))
    assert start.returncode == 0, start.stderr
    assert "Traceback" not in start.stderr
    result = json.loads(start.stdout.strip().splitlines()[-1])
    if name in MUST_BE_DAMAGED:
        assert result["outcome"] == "damaged", result
    if result["outcome"] == "ok":
        return  # damage SQLite cannot see (a flipped byte inside a text) opens as usual
    assert _digest(paths.database) == before, "start-up changed a file it refused"
    if result["outcome"] != "damaged":
        return
    kept = Path(result["kept_as"])
    assert kept.name.startswith(DB_FILE_NAME + ".corrupt-")
    assert _digest(kept) == before
    assert Path(result["backup"]) == backup
    assert "damaged" in result["message"]

    again = _run("-c", START_SCRIPT, str(paths.root))
    assert json.loads(again.stdout.strip().splitlines()[-1])["outcome"] == "damaged"
    copies = list(paths.root.glob(DB_FILE_NAME + ".corrupt-*[0-9]Z"))
    assert copies == [kept], "a restart on the same damage must not pile up copies"


def test_no_restore_offered_when_every_backup_is_damaged(good_database, tmp_path):
    paths, backup = _damaged_dir("zeroed-header", good_database, tmp_path)
    backup.write_bytes(bytes(4096))
    assert newest_good_backup(paths) is None
    start = _run("-c", START_SCRIPT, str(paths.root))
    result = json.loads(start.stdout.strip().splitlines()[-1])
    assert result["outcome"] == "damaged" and result["backup"] == ""
    assert paths.database.read_bytes()[:100] == bytes(100), "no empty database over it"


def test_newest_good_backup_skips_a_damaged_newer_one(good_database, tmp_path):
    paths, older = _damaged_dir("zeroed-header", good_database, tmp_path)
    newer = paths.backups / "pointti-desk-daily-newer.sqlite3"
    newer.write_bytes(good_database[: len(good_database) // 2])
    os.utime(newer, (older.stat().st_mtime + 60,) * 2)
    assert newest_good_backup(paths) == older


def test_read_only_file_opens_read_only_and_refuses_to_save(good_database, tmp_path):
    paths = DataPaths(tmp_path / "data").ensure()
    paths.database.write_bytes(good_database)
    paths.database.chmod(stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
    before = _digest(paths.database)
    ctx = bootstrap(paths.root)
    try:
        assert ctx.read_only
        assert any("read-only" in warning for warning in ctx.warnings)
        assert ctx.desk.topics(), "looking things up still works"
        # Every unit of work that writes starts its transaction on write_engine.
        refused = pytest.raises(ReadOnlyDatabaseError, match="read-only")
        with refused, write_engine(ctx.engine).begin() as connection:
            connection.execute(text("DELETE FROM alembic_version"))
    finally:
        ctx.close()
    assert _digest(paths.database) == before


def test_read_only_database_needing_a_migration_is_refused(tmp_path):
    paths = DataPaths(tmp_path / "data").ensure()
    with sqlite3.connect(paths.database) as con:
        con.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) PRIMARY KEY)")
        con.execute("INSERT INTO alembic_version VALUES ('0001')")
    paths.database.chmod(stat.S_IRUSR)
    start = _run("-c", START_SCRIPT, str(paths.root))
    result = json.loads(start.stdout.strip().splitlines()[-1])
    assert result["outcome"] == "refused" and "read-only" in result["message"], result


def test_network_paths_are_recognised(tmp_path):
    mounts = tmp_path / "mounts"
    share = tmp_path / "share"
    share.mkdir()
    mounts.write_text(
        f"/dev/sda1 / ext4 rw 0 0\n//server/desk {share} cifs rw 0 0\n", encoding="utf-8"
    )
    assert is_network_path(r"\\server\share\pointti-desk.sqlite3")
    assert is_network_path(share / "pointti-desk.sqlite3", mounts)
    assert not is_network_path(tmp_path / "local.sqlite3", mounts)


@pytest.mark.parametrize("name", ["zeroed-header", "mismatched-wal"])
def test_the_offered_backup_replaces_the_damaged_file_and_the_desk_starts(
    name, good_database, tmp_path
):
    paths, backup = _damaged_dir(name, good_database, tmp_path)
    damaged = paths.database.read_bytes()
    with pytest.raises(DamagedDatabaseError) as error:
        bootstrap(paths.root, load_example=False)
    assert error.value.backup == backup and error.value.kept_as is not None

    restore_damaged_database(error.value.database, error.value.backup)
    assert error.value.kept_as.read_bytes() == damaged, "the damaged original is still kept"
    ctx = bootstrap(paths.root, load_example=False)
    try:
        assert not ctx.read_only and ctx.desk.topics()
    finally:
        ctx.close()


def test_staff_can_sign_in_to_a_read_only_database_and_look_things_up(tmp_path):
    """Read-only mode is usable: the password is checked without writing, wrong ones are still
    counted (in memory), and nothing is written to the file."""
    import os

    from desk_app.bootstrap import bootstrap
    from desk_app.domain.accounts import LoginError
    from desk_app.services.access import Access
    from desk_app.services.accounts import AccountService

    data = tmp_path / "ro"
    ctx = bootstrap(data)
    AccountService(ctx.uow, Access.system()).create_first_admin("admin", "A", "admin password 1")
    ctx.close()
    database = data / "pointti-desk.sqlite3"
    os.chmod(database, 0o444)
    before = database.read_bytes()
    access = Access()
    ctx = bootstrap(data, access=access)
    try:
        assert ctx.read_only
        accounts = AccountService(ctx.uow, access)
        with pytest.raises(LoginError):
            accounts.sign_in("admin", "wrong password 1")
        assert accounts.sign_in("admin", "admin password 1").username == "admin"
        assert ctx.desk.active_services()  # the catalogue can be looked up
        accounts.lock()
        assert accounts.verify_same_user("admin password 1")  # the idle lock works too
        accounts.sign_out()
        assert accounts.access.session is None
    finally:
        ctx.close()
    assert database.read_bytes() == before
