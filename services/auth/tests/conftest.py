"""Fixtures of the auth tests: settings on a temp dir, a fresh auth schema, the domain wired up."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from uuut_auth.components import Components, assemble
from uuut_auth.config import AuthSettings
from uuut_auth.server import MIGRATIONS
from uuut_kit.db import open_database

from .support import FakeClock, make_settings


@pytest.fixture
def settings(tmp_path: Path) -> AuthSettings:
    return make_settings(tmp_path)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
async def database_url(database_url_for) -> str:  # type: ignore[no-untyped-def]
    return await database_url_for("auth")


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
