"""Fixtures of the auth tests: settings on a temp dir, a fresh auth schema, the domain wired up."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from uuut_auth.components import Components, assemble
from uuut_auth.config import AuthSettings
from uuut_auth.server import MIGRATIONS
from uuut_kit.db import Database, connect, migrate

from .support import FakeClock, make_settings


@pytest.fixture
def settings(tmp_path: Path) -> AuthSettings:
    return make_settings(tmp_path)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture(scope="session")
async def migrated_database_url(database_url_for) -> str:  # type: ignore[no-untyped-def]
    """One provisioned, migrated auth schema for the run (provisioning costs ~0.5 s)."""
    url: str = await database_url_for("auth")
    await migrate(url, "auth", MIGRATIONS)
    return url


@pytest.fixture
async def database_url(migrated_database_url: str) -> str:
    """The auth schema, emptied for this test."""
    database = await connect(migrated_database_url, "auth")
    try:
        async with database.connection() as connection:
            await connection.execute(
                "TRUNCATE users, logins, refresh_tokens RESTART IDENTITY CASCADE"
            )
    finally:
        await database.close()
    return migrated_database_url


@pytest.fixture
async def database(database_url: str) -> AsyncIterator[Database]:
    """The service's pool on the emptied schema (already migrated: no child process)."""
    database = await connect(database_url, "auth")
    yield database
    await database.close()


@pytest.fixture
async def parts(
    settings: AuthSettings, database: Database, clock: FakeClock
) -> AsyncIterator[Components]:
    """The domain as the server wires it, keys published, no gRPC."""
    parts = assemble(settings, database, clock)
    await parts.maintenance.rotate_keys()
    yield parts
    await parts.close()
