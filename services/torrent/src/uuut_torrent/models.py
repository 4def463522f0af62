"""Tables of the torrent schema (they arrive with the torrent issue)."""

from __future__ import annotations

from sqlalchemy.orm import DeclarativeBase


class Base(DeclarativeBase):
    pass
