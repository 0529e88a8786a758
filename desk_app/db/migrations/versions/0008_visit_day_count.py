"""visit_day_count and stats_utc_offset: the statistics' day summary, kept by triggers

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-28

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from desk_app.db.base import UtcDateTime
from desk_app.db.stats_summary import TRIGGER_NAMES, TRIGGERS, rebuild_summary

revision: str = "0008"
down_revision: str | Sequence[str] | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Frozen here: the migration must build the same table whatever the model says later.
DIMENSIONS = (
    "hour",
    "channel",
    "visitor_type",
    "outcome",
    "language",
    "programme",
    "gender",
    "age_band",
    "labour_status",
    "education",
    "topic",
    "referral_service",
    "handout_lang",
)


def upgrade() -> None:
    op.create_table(
        "visit_day_count",
        sa.Column("dimension", sa.String(length=20), nullable=False),
        sa.Column("day", sa.String(length=10), nullable=False),
        sa.Column("desk", sa.String(length=60), nullable=False),
        sa.Column("code", sa.String(length=60), nullable=False),
        sa.Column("visits", sa.Integer(), nullable=False),
        sa.Column("visitors", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            " OR ".join(f"dimension = '{name}'" for name in DIMENSIONS),
            name=op.f("ck_visit_day_count_dimension"),
        ),
        sa.PrimaryKeyConstraint(
            "dimension", "day", "desk", "code", name=op.f("pk_visit_day_count")
        ),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "stats_utc_offset",
        sa.Column("starts_at", UtcDateTime(), nullable=False),
        sa.Column("offset_seconds", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("starts_at", name=op.f("pk_stats_utc_offset")),
    )
    op.create_index(
        "ix_referral_follow_up",
        "referral",
        ["follow_up_due"],
        unique=False,
        sqlite_where=sa.text("follow_up = 1"),
        postgresql_where=sa.text("follow_up = true"),
    )
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        for statement in TRIGGERS:
            op.execute(statement)
        # Existing databases: count the visits already stored (the triggers take it from here).
        rebuild_summary(bind)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for name in TRIGGER_NAMES:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.drop_index("ix_referral_follow_up", table_name="referral")
    op.drop_table("stats_utc_offset")
    op.drop_table("visit_day_count")
