"""ptv_snapshot on organisation, service and channel: the PTV values as last imported

A re-import of a Suomi.fi PTV file compares each field with this snapshot to tell a local edit
(kept) from a change in PTV (taken). Existing rows get NULL: nothing was imported into them yet.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("organisation", "service", "channel")


def upgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("ptv_snapshot", sa.Text(), nullable=True))


def downgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table) as batch:
            batch.drop_column("ptv_snapshot")
