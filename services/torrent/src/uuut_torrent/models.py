"""Tables of the torrent schema."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, DateTime, Index, Integer, String, func, text
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
