"""AniList links: one per user, token sealed at rest.

Revision ID: 0001
Revises:
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "anilist_links",
        sa.Column("user_id", sa.BigInteger(), primary_key=True, autoincrement=False),
        sa.Column("anilist_user_id", sa.BigInteger(), nullable=False),
        sa.Column("anilist_username", sa.String(64), nullable=False),
        sa.Column("token_key_id", sa.String(64), nullable=False),
        sa.Column("token_sealed", sa.LargeBinary(), nullable=False),
        sa.Column(
            "linked_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.Column(
            "updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
    )
    op.create_index("ix_anilist_links_anilist_user_id", "anilist_links", ["anilist_user_id"])


def downgrade() -> None:
    op.drop_index("ix_anilist_links_anilist_user_id", table_name="anilist_links")
    op.drop_table("anilist_links")
