"""Tables of the watchlist schema, described for Alembic (migrations/env.py) and the tests.

The service itself never imports this module: it queries in plain SQL (repository.py), and
importing SQLAlchemy would cost each process about 20 MB resident.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, DateTime, LargeBinary, String, func
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class AniListLinkRow(Base):
    """A user's AniList link: whose account, and their token sealed by the token vault."""

    __tablename__ = "anilist_links"

    user_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    # Not unique: several of our users may link the same AniList account.
    anilist_user_id: Mapped[int] = mapped_column(BigInteger, index=True)
    anilist_username: Mapped[str] = mapped_column(String(64))
    token_key_id: Mapped[str] = mapped_column(String(64))
    token_sealed: Mapped[bytes] = mapped_column(LargeBinary)
    linked_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
