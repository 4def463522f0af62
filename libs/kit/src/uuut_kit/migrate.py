"""`python -m uuut_kit.migrate SCHEMA MIGRATIONS_DIR`: Alembic upgrade to head, then exit.

Run by `uuut_kit.db.migrate` at a service's start; the database URL comes in the environment.
"""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection

from uuut_kit.db import MIGRATE_URL_VARIABLE, create_engine
from uuut_kit.logging import configure_logging


async def upgrade(url: str, schema: str, migrations_dir: Path) -> None:
    config = Config()
    config.set_main_option("script_location", str(migrations_dir))
    config.attributes["schema"] = schema

    def run(connection: Connection) -> None:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")

    engine = create_engine(url, schema, pool_size=1)
    try:
        async with engine.begin() as connection:
            await connection.run_sync(run)
    finally:
        await engine.dispose()


def main() -> None:
    schema, migrations_dir = sys.argv[1], Path(sys.argv[2])
    configure_logging(f"{schema}-migrations", os.environ.get("UUUT_LOG_LEVEL", "info"))
    asyncio.run(upgrade(os.environ[MIGRATE_URL_VARIABLE], schema, migrations_dir))


if __name__ == "__main__":
    main()
