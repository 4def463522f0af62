"""SQLAlchemy describes the schema for Alembic and nothing else: the migrations build exactly
what the models say, and the running service never loads either."""

from __future__ import annotations

import subprocess
import sys

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Connection

from uuut_kit.db import migrate
from uuut_kit.migrate import sqlalchemy_engine
from uuut_watchlist.config import SERVICE
from uuut_watchlist.models import Base
from uuut_watchlist.server import MIGRATIONS


async def test_models_and_migrations_agree(database_url_for) -> None:  # type: ignore[no-untyped-def]
    url = await database_url_for(SERVICE)
    await migrate(url, SERVICE, MIGRATIONS)

    def differences(connection: Connection) -> list[object]:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return list(compare_metadata(context, Base.metadata))

    engine = sqlalchemy_engine(url, SERVICE)
    try:
        async with engine.connect() as connection:
            assert await connection.run_sync(differences) == []
    finally:
        await engine.dispose()


def test_the_service_runs_without_sqlalchemy() -> None:
    # A fresh interpreter, since this one loaded SQLAlchemy for the test above; the modules
    # are those `python -m uuut_watchlist` imports.
    probe = (
        "import sys\n"
        "import uuut_kit.server, uuut_watchlist.__main__, uuut_watchlist.config,"
        " uuut_watchlist.server\n"
        "print(sorted(name for name in sys.modules"
        " if name.partition('.')[0] in ('sqlalchemy', 'alembic')"
        " or name == 'uuut_watchlist.models'))\n"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60
    )
    assert loaded.stdout.strip() == "[]"
