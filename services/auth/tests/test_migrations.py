"""SQLAlchemy describes the schema for Alembic and nothing else: the migrations build exactly
what the models say, and the running service never loads either."""

from __future__ import annotations

from uuut_auth.config import SERVICE
from uuut_auth.models import Base
from uuut_auth.server import MIGRATIONS
from uuut_kit.testing import migrations_drift, schema_modules_loaded


async def test_models_and_migrations_agree(database_url_for) -> None:  # type: ignore[no-untyped-def]
    url = await database_url_for(SERVICE)
    assert await migrations_drift(url, SERVICE, MIGRATIONS, Base.metadata) == []


def test_the_service_runs_without_sqlalchemy() -> None:
    assert schema_modules_loaded(SERVICE) == []
