"""The database as built by the migrations: schema, pragmas, transactions, upgrades, refusals."""

import shutil
import sqlite3

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text

from desk_app.bootstrap import bootstrap
from desk_app.db import migrate
from desk_app.db.engine import make_engine, sqlite_pragmas
from desk_app.db.models import Base
from desk_app.domain.errors import DatabaseError, SchemaTooNewError
from desk_app.domain.visit import VisitDraft

HEAD = migrate.head_revision()  # the newest real revision; the tests add one after it


def test_migrations_build_exactly_the_models(ctx):
    with ctx.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, Base.metadata)
    assert differences == []


def test_connections_get_the_durability_pragmas(ctx):
    with ctx.engine.connect() as connection:
        pragmas = sqlite_pragmas(connection)
    assert pragmas["journal_mode"] == "wal"
    assert pragmas["foreign_keys"] == 1
    assert pragmas["synchronous"] == 2  # FULL
    assert pragmas["busy_timeout"] >= 5000


def test_write_transactions_take_the_write_lock_at_begin(ctx):
    """BEGIN IMMEDIATE: once a write unit of work has started, another writer must wait."""
    other = sqlite3.connect(ctx.paths.database, timeout=0, isolation_level=None)
    try:
        with ctx.uow(write=True) as uow:
            uow.catalogue.is_empty()  # a read only; a deferred BEGIN would hold no write lock
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                other.execute("BEGIN IMMEDIATE")
        other.execute("BEGIN IMMEDIATE")  # free again once the unit of work ended
        other.execute("ROLLBACK")
        with ctx.uow() as uow:  # read units of work do not block writers
            uow.catalogue.is_empty()
            other.execute("BEGIN IMMEDIATE")
            other.execute("ROLLBACK")
    finally:
        other.close()


def test_foreign_keys_are_enforced(ctx):
    with ctx.engine.connect() as connection, pytest.raises(Exception, match="FOREIGN KEY"):
        connection.execute(text("INSERT INTO visit_topic (visit_id, topic_id) VALUES ('x', 'y')"))


def test_a_newer_schema_is_refused_untouched(data_dir):
    bootstrap(data_dir).close()
    db = data_dir / "pointti-desk.sqlite3"
    with sqlite3.connect(db) as con:
        con.execute("UPDATE alembic_version SET version_num = '9999'")
    before = db.read_bytes()
    with pytest.raises(SchemaTooNewError, match="newer version"):
        bootstrap(data_dir)
    assert db.read_bytes() == before


def test_a_database_that_is_not_ours_is_refused(data_dir):
    data_dir.mkdir()
    with sqlite3.connect(data_dir / "pointti-desk.sqlite3") as con:
        con.execute("CREATE TABLE customers (id INTEGER)")
    with pytest.raises(DatabaseError, match="not created by Pointti Desk"):
        bootstrap(data_dir)


def test_pending_migration_backs_up_the_file_first(data_dir, tmp_path, monkeypatch):
    ctx = bootstrap(data_dir)
    ctx.desk.record_visit(VisitDraft(("JOB",)))
    ctx.close()
    # A copy of the real scripts plus one more revision, as the next app version would ship.
    scripts = tmp_path / "migrations"
    shutil.copytree(migrate.MIGRATIONS_DIR, scripts)
    (scripts / "versions" / "9001_test_column.py").write_text(
        "import sqlalchemy as sa\nfrom alembic import op\n"
        f"revision = '9001'\ndown_revision = '{HEAD}'\nbranch_labels = None\ndepends_on = None\n"
        "def upgrade():\n"
        "    with op.batch_alter_table('visit') as batch:\n"
        "        batch.add_column(sa.Column('extra', sa.Integer(), nullable=True))\n"
        "def downgrade():\n    pass\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(migrate, "MIGRATIONS_DIR", scripts)
    engine = make_engine(f"sqlite:///{data_dir / 'pointti-desk.sqlite3'}")
    try:
        result = migrate.upgrade_database(engine, data_dir / "backups")
    finally:
        engine.dispose()
    assert (result.from_revision, result.to_revision) == (HEAD, "9001")
    assert result.backup is not None and result.backup.exists()
    with sqlite3.connect(result.backup) as con:
        assert con.execute("SELECT version_num FROM alembic_version").fetchone() == (HEAD,)
        assert con.execute("SELECT count(*) FROM visit").fetchone() == (1,)
    with sqlite3.connect(data_dir / "pointti-desk.sqlite3") as con:
        assert con.execute("SELECT version_num FROM alembic_version").fetchone() == ("9001",)
        assert con.execute("SELECT count(*) FROM visit WHERE extra IS NULL").fetchone() == (1,)
        assert con.execute("PRAGMA foreign_key_check").fetchall() == []


def test_a_new_database_is_not_backed_up(ctx):
    assert ctx.migration.from_revision is None and ctx.migration.backup is None
    assert list(ctx.paths.backups.iterdir()) == []


def _with_extra_migration(tmp_path, monkeypatch, body):
    scripts = tmp_path / "migrations"
    shutil.copytree(migrate.MIGRATIONS_DIR, scripts)
    (scripts / "versions" / "9001_test.py").write_text(
        "import sqlalchemy as sa\nfrom alembic import op\n"
        f"revision = '9001'\ndown_revision = '{HEAD}'\nbranch_labels = None\ndepends_on = None\n"
        f"def upgrade():\n{body}\n"
        "def downgrade():\n    pass\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(migrate, "MIGRATIONS_DIR", scripts)


def test_a_migration_that_breaks_foreign_keys_is_rolled_back_whole(data_dir, tmp_path, monkeypatch):
    bootstrap(data_dir).close()
    _with_extra_migration(
        tmp_path,
        monkeypatch,
        "    with op.batch_alter_table('visit') as batch:\n"
        "        batch.add_column(sa.Column('extra', sa.Integer(), nullable=True))\n"
        "    op.execute(\"INSERT INTO visit_topic (visit_id, topic_id) VALUES ('no', 'such')\")",
    )
    with pytest.raises(DatabaseError, match="nothing was changed"):
        bootstrap(data_dir)
    db = data_dir / "pointti-desk.sqlite3"
    with sqlite3.connect(db) as con:
        assert con.execute("SELECT version_num FROM alembic_version").fetchone() == (HEAD,)
        assert con.execute("SELECT count(*) FROM visit_topic").fetchone() == (0,)
        columns = [row[1] for row in con.execute("PRAGMA table_info(visit)")]
        assert "extra" not in columns
    assert list((data_dir / "backups").glob("*.sqlite3")), "the backup was taken first"


def test_a_locked_database_gives_a_plain_message_and_saves_nothing(ctx, monkeypatch):
    from desk_app.db import engine as engine_module

    monkeypatch.setattr(engine_module, "BUSY_TIMEOUT_MS", 200)
    quick = bootstrap(ctx.paths.root)  # a second desk process, with a short busy timeout
    blocker = sqlite3.connect(ctx.paths.database, isolation_level=None)
    blocker.execute("PRAGMA busy_timeout=0")
    blocker.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(DatabaseError, match="busy"):
            quick.desk.record_visit(VisitDraft(("JOB",)))
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
        quick.close()
    assert ctx.desk.visits_today() == []


def test_every_past_schema_version_upgrades_to_the_newest_with_data_kept(tmp_path):
    """Build the database at each earlier revision, put a visit in it, and upgrade."""
    from alembic import command

    from desk_app.db.engine import write_engine

    revisions = [r.revision for r in migrate.script_directory().walk_revisions()][::-1]
    for old in revisions[:-1]:
        db = tmp_path / f"at-{old}.sqlite3"
        engine = make_engine(f"sqlite:///{db}")
        try:
            with write_engine(engine).connect() as connection:
                command.upgrade(migrate.alembic_config(connection), old)
                connection.commit()
            with sqlite3.connect(db) as con:
                con.execute(
                    "INSERT INTO topic (id, code, ptv_classes, sort_order, source, created_at) "
                    "VALUES ('t1', 'JOB', '', 0, 'local', '2026-01-01 00:00:00')"
                )
                con.execute(
                    "INSERT INTO visit (id, desk, occurred_at, recorded_at, updated_at, channel, "
                    "visitor_type, outcome, language, interpreter, duration_band, visitor_count, "
                    "bands_agreed, gender, age_band, labour_status, education, home_area, "
                    "first_visit, eura_entry, is_demo) VALUES ('v1', 'd', '2026-01-01 10:00:00', "
                    "'2026-01-01 10:00:00', '2026-01-01 10:00:00', 'walk_in', 'individual', "
                    "'resolved_at_desk', 'fi', 'none', '5_15', 1, 0, 'not_stated', 'not_stated', "
                    "'not_stated', 'not_stated', 'not_stated', 'not_stated', 'not_offered', 0)"
                )
                con.execute("INSERT INTO visit_topic (visit_id, topic_id) VALUES ('v1', 't1')")
            result = migrate.upgrade_database(engine, tmp_path / f"backups-{old}")
        finally:
            engine.dispose()
        assert (result.from_revision, result.to_revision) == (old, HEAD)
        assert result.backup is not None
        with sqlite3.connect(db) as con:
            assert con.execute("SELECT count(*) FROM visit_topic").fetchone() == (1,)
            assert con.execute("PRAGMA foreign_key_check").fetchall() == []
    assert len(revisions) >= 2


def test_a_database_error_never_carries_the_values_into_its_message(ctx):
    """Errors reach the log file; a visitor's name in a failed statement must not."""
    import pytest
    from sqlalchemy import text
    from sqlalchemy.exc import IntegrityError

    canary = "Canary Visitor 7f3a"
    with ctx.engine.connect() as conn, pytest.raises(IntegrityError) as raised:
        conn.execute(text("INSERT INTO staff_user (id, username) VALUES (:v, :v)"), {"v": canary})
    assert canary not in str(raised.value)
