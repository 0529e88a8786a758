"""referral.status_note: the reason given when a follow-up status is set

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("referral") as batch:
        batch.add_column(sa.Column("status_note", sa.Text(), nullable=True))
        batch.create_index("ix_referral_follow_up_due", ["follow_up_due"])


def downgrade() -> None:
    with op.batch_alter_table("referral") as batch:
        batch.drop_index("ix_referral_follow_up_due")
        batch.drop_column("status_note")
