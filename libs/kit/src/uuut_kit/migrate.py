"""`python -m uuut_kit.migrate SCHEMA MIGRATIONS_DIR`: Alembic upgrade to head, then exit.

Run by `uuut_kit.db.migrate` at a service's start; the database URL comes in the environment.
The only process that loads SQLAlchemy: Alembic is built on it.
"""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from uuut_kit.db import child_database_url, plain_url
from uuut_kit.logging import configure_logging


def sqlalchemy_engine(url: str, schema: str) -> AsyncEngine:
    """A one-connection SQLAlchemy engine on the service's schema (Alembic's, and the tests'
    that compare the migrated schema with the models)."""
    _, _, rest = plain_url(url).partition("://")
    return create_async_engine(
        f"postgresql+asyncpg://{rest}",
        pool_size=1,
        connect_args={"server_settings": {"search_path": schema}, "timeout": 5},
    )


async def upgrade(url: str, schema: str, migrations_dir: Path) -> None:
    config = Config()
    config.set_main_option("script_location", str(migrations_dir))
    config.attributes["schema"] = schema

    def run(connection: Connection) -> None:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")

    engine = sqlalchemy_engine(url, schema)
    try:
        async with engine.begin() as connection:
            await connection.run_sync(run)
    finally:
        await engine.dispose()


def main() -> None:
    schema, migrations_dir = sys.argv[1], Path(sys.argv[2])
    configure_logging(f"{schema}-migrations", os.environ.get("UUUT_LOG_LEVEL", "info"))
    asyncio.run(upgrade(child_database_url(), schema, migrations_dir))


if __name__ == "__main__":
    main()
