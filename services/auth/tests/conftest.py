"""Fixtures of the auth tests: settings on a temp dir, a fresh auth schema, the domain wired up."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from uuut_auth.components import Components, assemble
from uuut_auth.config import AuthSettings
from uuut_auth.server import MIGRATIONS
from uuut_kit.db import create_engine, open_database

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
    url = await database_url_for("auth")
    engine = await open_database(url, "auth", MIGRATIONS)
    await engine.dispose()
    return url


@pytest.fixture
async def database_url(migrated_database_url: str) -> str:
    """The auth schema, emptied for this test."""
    engine = create_engine(migrated_database_url, "auth")
    try:
        async with engine.begin() as connection:
            await connection.execute(
                text("TRUNCATE users, logins, refresh_tokens RESTART IDENTITY CASCADE")
            )
    finally:
        await engine.dispose()
    return migrated_database_url


@pytest.fixture
async def engine(database_url: str) -> AsyncIterator[AsyncEngine]:
    engine = await open_database(database_url, "auth", MIGRATIONS)
    yield engine
    await engine.dispose()


@pytest.fixture
async def parts(
    settings: AuthSettings, engine: AsyncEngine, clock: FakeClock
) -> AsyncIterator[Components]:
    """The domain as the server wires it, keys published, no gRPC."""
    parts = assemble(settings, engine, clock)
    await parts.maintenance.rotate_keys()
    yield parts
    await parts.close()
