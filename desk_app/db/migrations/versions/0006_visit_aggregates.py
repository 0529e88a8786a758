"""visit_month_count: monthly counts of the visits the retention purge removed

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-28

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | Sequence[str] | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Frozen here: the migration must build the same table whatever the model says later.
DIMENSIONS = (
    "total",
    "channel",
    "visitor_type",
    "outcome",
    "language",
    "interpreter",
    "duration_band",
    "gender",
    "age_band",
    "labour_status",
    "education",
    "home_area",
    "first_visit",
    "eura_entry",
    "programme",
    "topic",
    "referral_service",
    "referral_status",
    "handout_lang",
    "handout_service",
)


def upgrade() -> None:
    op.create_table(
        "visit_month_count",
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("desk", sa.String(length=60), nullable=False),
        sa.Column("dimension", sa.String(length=20), nullable=False),
        sa.Column("code", sa.String(length=60), nullable=False),
        sa.Column("visits", sa.Integer(), nullable=False),
        sa.Column("visitors", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            " OR ".join(f"dimension = '{name}'" for name in DIMENSIONS),
            name=op.f("ck_visit_month_count_dimension"),
        ),
        sa.CheckConstraint(
            "visits >= 0 AND visitors >= 0", name=op.f("ck_visit_month_count_counts_not_negative")
        ),
        sa.PrimaryKeyConstraint(
            "month", "desk", "dimension", "code", name=op.f("pk_visit_month_count")
        ),
    )


def downgrade() -> None:
    op.drop_table("visit_month_count")
