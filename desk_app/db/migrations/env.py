"""Alembic environment: always called from ``desk_app.db.migrate`` with an open connection."""

from alembic import context

from desk_app.db.base import UtcDateTime
from desk_app.db.models import Base

config = context.config
target_metadata = Base.metadata


def render_item(type_, obj, autogen_context):  # type: ignore[no-untyped-def]
    """Render our UTC column type as its plain storage type, so scripts stay frozen in time."""
    if type_ == "type" and isinstance(obj, UtcDateTime):
        return "sa.DateTime()"
    return False


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is None:
        raise RuntimeError("run migrations through desk_app.db.migrate, not the alembic CLI")
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,  # SQLite cannot ALTER most things; batch mode rebuilds tables
        compare_type=True,
        render_item=render_item,
        # All pending migrations in one transaction, so a failed check undoes all of them.
        # SQLite's DDL is transactional once the driver stops committing on its own, which
        # desk_app.db.engine arranges; Alembic assumes otherwise unless told.
        transaction_per_migration=False,
        transactional_ddl=True,
    )
    with context.begin_transaction():
        context.run_migrations()
        if connection.dialect.name == "sqlite":
            # Foreign keys are off while batch mode rebuilds tables; check them before commit.
            problems = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            if problems:
                raise RuntimeError(f"foreign key check failed after migration: {problems[:5]}")


if context.is_offline_mode():
    raise RuntimeError("offline (SQL script) migrations are not supported")
run_migrations_online()
