"""Alembic migration scripts, run from code by ``desk_app.db.migrate`` (never by hand)."""
