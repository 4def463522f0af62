"""The body of every service's Alembic env.py: migrate on the connection `db.migrate` hands over."""

from __future__ import annotations

from alembic import context
from sqlalchemy import MetaData


def run_migrations(target_metadata: MetaData) -> None:
    config = context.config
    connection = config.attributes.get("connection")
    if connection is None:
        raise RuntimeError("migrations run at service start (uuut_kit.db.migrate), not offline")
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        version_table_schema=config.attributes["schema"],
    )
    with context.begin_transaction():
        context.run_migrations()
