"""Each user's release preferences (quality, preferred groups, trusted only).

Revision ID: 0002
Revises: 0001
Create Date: 2025-01-02
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "preferences",
        sa.Column(
            "user_id",
            sa.BigInteger(),
            sa.ForeignKey("users.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("quality", sa.String(8), nullable=False),
        sa.Column("groups", postgresql.ARRAY(sa.String(64)), nullable=False),
        sa.Column("trusted_only", sa.Boolean(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "quality IN ('480p', '720p', '1080p', '2160p')", name="preferences_quality_check"
        ),
    )


def downgrade() -> None:
    op.drop_table("preferences")
