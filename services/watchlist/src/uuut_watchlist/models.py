"""Tables of the watchlist schema (they arrive with the watchlist issue)."""

from __future__ import annotations

from sqlalchemy.orm import DeclarativeBase


class Base(DeclarativeBase):
    pass
