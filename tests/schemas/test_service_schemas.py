"""SQLAlchemy describes each service's schema for Alembic and nothing else: the migrations
build exactly what its models say, and the running service never loads either."""

from __future__ import annotations

import importlib

import pytest

from uuut_kit.db import migrations_head
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


@pytest.mark.parametrize("service", SERVICES)
def test_the_head_read_at_start_is_alembics(service: str) -> None:
    # A start skips the migrations child when the schema is at this head: it must be Alembic's.
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    migrations = importlib.import_module(f"uuut_{service}.server").MIGRATIONS
    config = Config()
    config.set_main_option("script_location", str(migrations))
    scripts = sorted((migrations / "versions").glob("*.py"))
    assert migrations_head(scripts) == ScriptDirectory.from_config(config).get_current_head()
