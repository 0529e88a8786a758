"""Harness 5f: a stored database of every schema revision upgrades to head with its rows intact,
and a migration that fails half-way leaves the database at its old revision, with its backup.

The fixtures are ``tests/fixtures/schemas/at-<revision>.sqlite3`` (regenerate them with
``tests/fixtures/make_schema_fixtures.py``). A new migration without a fixture fails here, so the
stored history stays complete.
"""

import shutil
import sqlite3
from pathlib import Path

import pytest
from alembic.operations import Operations

from desk_app.bootstrap import bootstrap
from desk_app.db.check import check_sqlite_file
from desk_app.db.migrate import head_revision, script_directory
from desk_app.domain.errors import DatabaseError
from desk_app.paths import DB_FILE_NAME

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "schemas"
REVISIONS = [rev.revision for rev in reversed(list(script_directory().walk_revisions()))]
# Rebuilt by the migrations and triggers rather than carried over row by row.
DERIVED = frozenset({"visit_month_count", "visit_day_count", "alembic_version"})


def counts(path: Path) -> dict[str, int]:
    with sqlite3.connect(path) as con:
        tables = [
            name
            for (name,) in con.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        return {t: con.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}


def revision_of(path: Path) -> str:
    with sqlite3.connect(path) as con:
        return con.execute("SELECT version_num FROM alembic_version").fetchone()[0]


def install(revision: str, tmp_path: Path) -> Path:
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    shutil.copyfile(FIXTURES / f"at-{revision}.sqlite3", data_dir / DB_FILE_NAME)
    return data_dir


def test_every_revision_has_a_fixture():
    assert sorted(p.name for p in FIXTURES.glob("at-*.sqlite3")) == [
        f"at-{r}.sqlite3" for r in REVISIONS
    ]


@pytest.mark.parametrize("revision", REVISIONS)
def test_a_stored_database_upgrades_to_head_with_its_rows(revision, tmp_path):
    data_dir = install(revision, tmp_path)
    before = counts(data_dir / DB_FILE_NAME)
    assert revision_of(data_dir / DB_FILE_NAME) == revision
    assert before["visit"] > 0 and before["referral"] > 0

    ctx = bootstrap(data_dir, load_example=False)
    try:
        assert ctx.migration.to_revision == head_revision()
        assert (ctx.migration.backup is not None) == (revision != head_revision())
        topics = ctx.desk.topics()
    finally:
        ctx.close()
    assert topics

    after = counts(data_dir / DB_FILE_NAME)
    kept = {t: n for t, n in before.items() if t not in DERIVED}
    assert {t: after.get(t) for t in kept} == kept
    assert revision_of(data_dir / DB_FILE_NAME) == head_revision()
    report = check_sqlite_file(data_dir / DB_FILE_NAME)
    assert report.ok, report.problems


def test_a_migration_failing_half_way_leaves_the_old_revision_and_a_backup(tmp_path, monkeypatch):
    previous, last = REVISIONS[-2], REVISIONS[-1]
    data_dir = install(previous, tmp_path)
    database = data_dir / DB_FILE_NAME
    before = counts(database)
    real_create_table = Operations.create_table
    calls = []

    def create_then_fail(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        # The last migration's first operation runs; its second raises.
        if calls:
            raise RuntimeError("injected fault")
        calls.append(args[0])
        return real_create_table(self, *args, **kwargs)

    monkeypatch.setattr(Operations, "create_table", create_then_fail)
    with pytest.raises(DatabaseError, match="nothing was changed"):
        bootstrap(data_dir, load_example=False)
    assert calls, "the fault must come after a first operation that really ran"

    assert revision_of(database) == previous
    assert counts(database) == before, "the first operation's table was rolled back too"
    backups = list((data_dir / "backups").glob(f"*-before-{last}-*.sqlite3"))
    assert len(backups) == 1
    assert revision_of(backups[0]) == previous
    assert counts(backups[0]) == before
