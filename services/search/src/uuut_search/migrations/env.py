"""Alembic environment of the search schema."""

from uuut_kit.migrations_env import run_migrations
from uuut_search.models import Base

run_migrations(Base.metadata)
