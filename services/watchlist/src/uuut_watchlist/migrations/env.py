"""Alembic environment of the watchlist schema."""

from uuut_kit.migrations_env import run_migrations
from uuut_watchlist.models import Base

run_migrations(Base.metadata)
