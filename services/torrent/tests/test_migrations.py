"""The migrations build exactly the schema the models describe."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from uuut_kit.db import migrate
from uuut_kit.migrate import sqlalchemy_engine
from uuut_torrent.models import Base
from uuut_torrent.server import MIGRATIONS


async def test_models_and_migrations_agree(database_url_for) -> None:
    url = await database_url_for("torrent")
    await migrate(url, "torrent", MIGRATIONS)

    def differences(connection):  # type: ignore[no-untyped-def]
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return compare_metadata(context, Base.metadata)

    engine = sqlalchemy_engine(url, "torrent")
    try:
        async with engine.connect() as connection:
            diff = await connection.run_sync(differences)
    finally:
        await engine.dispose()
    assert diff == []
