"""Ownerships: which user owns which torrent.

Revision ID: 0001
Revises:
Create Date: 2025-01-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "ownerships",
        sa.Column("user_id", sa.BigInteger(), primary_key=True),
        sa.Column("info_hash", sa.String(40), primary_key=True),
        sa.Column("media_id", sa.BigInteger(), nullable=True),
        sa.Column("episode", sa.Integer(), nullable=True),
        sa.Column(
            "added_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()
        ),
        sa.CheckConstraint("info_hash ~ '^[0-9a-f]{40}$'", name="ownerships_info_hash_hex"),
    )
    op.create_index("ix_ownerships_info_hash", "ownerships", ["info_hash"])


def downgrade() -> None:
    op.drop_table("ownerships")
