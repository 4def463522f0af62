"""Ownerships record every episode a batch torrent holds.

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
    # Empty for a single episode, so existing rows need no backfill.
    op.add_column(
        "ownerships",
        sa.Column(
            "episodes",
            postgresql.ARRAY(sa.Integer()),
            nullable=False,
            server_default=sa.text("'{}'::integer[]"),
        ),
    )


def downgrade() -> None:
    op.drop_column("ownerships", "episodes")
