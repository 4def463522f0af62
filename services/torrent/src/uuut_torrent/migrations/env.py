"""Alembic environment of the torrent schema."""

from uuut_kit.migrations_env import run_migrations
from uuut_torrent.models import Base

run_migrations(Base.metadata)
