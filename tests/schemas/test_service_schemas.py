"""SQLAlchemy describes each service's schema for Alembic and nothing else: the migrations
build exactly what its models say, and the running service never loads either."""

from __future__ import annotations

import importlib

import pytest

from uuut_kit.testing import migrations_drift, schema_modules_loaded

SERVICES = ["auth", "watchlist", "search", "torrent"]


@pytest.mark.parametrize("service", SERVICES)
async def test_models_and_migrations_agree(database_url_for, service: str) -> None:  # type: ignore[no-untyped-def]
    models = importlib.import_module(f"uuut_{service}.models")
    server = importlib.import_module(f"uuut_{service}.server")
    url = await database_url_for(service)
    assert await migrations_drift(url, service, server.MIGRATIONS, models.Base.metadata) == []


@pytest.mark.parametrize("service", SERVICES)
def test_the_service_runs_without_sqlalchemy(service: str) -> None:
    assert schema_modules_loaded(service) == []
