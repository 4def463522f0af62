"""Alembic environment of the auth schema."""

from uuut_auth.models import Base
from uuut_kit.migrations_env import run_migrations

run_migrations(Base.metadata)
