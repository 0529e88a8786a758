"""audit_anchor keeps where the kept audit trail starts, so its oldest rows can be purged

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-28

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | Sequence[str] | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

GENESIS = "0" * 64

# A row may be deleted only once the anchor's start has moved past it, which the retention purge
# does in the same transaction (and records in the chain). Any other DELETE still fails.
NO_DELETE_BEFORE_START = (
    "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log "
    "WHEN old.seq > (SELECT start_seq FROM audit_anchor WHERE id = 1) "
    "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END"
)
NO_DELETE = (
    "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log "
    "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END"
)


def upgrade() -> None:
    with op.batch_alter_table("audit_anchor") as batch:
        batch.add_column(
            sa.Column("start_seq", sa.Integer(), nullable=False, server_default=sa.text("0"))
        )
        batch.add_column(
            sa.Column(
                "start_hash", sa.String(length=64), nullable=False, server_default=GENESIS
            )
        )
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_delete")
        op.execute(NO_DELETE_BEFORE_START)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_delete")
        op.execute(NO_DELETE)
    with op.batch_alter_table("audit_anchor") as batch:
        batch.drop_column("start_hash")
        batch.drop_column("start_seq")
