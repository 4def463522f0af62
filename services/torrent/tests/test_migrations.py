"""The migrations build exactly the schema the models describe."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from uuut_kit.db import open_database
from uuut_torrent.models import Base
from uuut_torrent.server import MIGRATIONS


async def test_models_and_migrations_agree(database_url_for) -> None:
    engine = await open_database(await database_url_for("torrent"), "torrent", MIGRATIONS)

    def differences(connection):  # type: ignore[no-untyped-def]
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return compare_metadata(context, Base.metadata)

    try:
        async with engine.connect() as connection:
            diff = await connection.run_sync(differences)
    finally:
        await engine.dispose()
    assert diff == []
