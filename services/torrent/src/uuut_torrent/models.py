"""Tables of the torrent schema, as SQLAlchemy describes them.

Read only by the Alembic environment (`migrations/env.py`) and by the test that checks the
migrations build this schema. The service never imports it: its queries are plain SQL
(`repository.py`), and SQLAlchemy would cost it about 20 MB resident.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, DateTime, Identity, Index, Integer, String, func, text
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class OwnershipRow(Base):
    """A user owns a torrent (by v1 info hash); a torrent may have several owners."""

    __tablename__ = "ownerships"

    user_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    info_hash: Mapped[str] = mapped_column(String(40), primary_key=True)
    media_id: Mapped[int | None] = mapped_column(BigInteger)
    episode: Mapped[int | None] = mapped_column(Integer)
    # Every episode a batch holds (the owner owns them all); empty for a single episode.
    episodes: Mapped[list[int]] = mapped_column(
        ARRAY(Integer), nullable=False, server_default=text("'{}'::integer[]")
    )
    added_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), nullable=False
    )

    __table_args__ = (Index("ix_ownerships_info_hash", "info_hash"),)


class PendingAddRow(Base):
    """One attempt to add a torrent for a user, recorded before qBittorrent is touched.

    Deleted in the transaction that records the ownership, so a row that outlives its attempt
    names a torrent a failure or a crash may have left in qBittorrent with no owner.
    """

    __tablename__ = "pending_adds"

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    user_id: Mapped[int] = mapped_column(BigInteger, nullable=False)
    info_hash: Mapped[str] = mapped_column(String(40), nullable=False)
    started_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), nullable=False
    )
