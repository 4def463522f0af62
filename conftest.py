"""Fixtures every test folder may use: a real PostgreSQL for the whole run."""

from __future__ import annotations

import itertools
import socket
from collections.abc import AsyncIterator, Awaitable, Callable
from urllib.parse import urlsplit, urlunsplit

import asyncpg
import pytest

DatabaseUrlFor = Callable[[str], Awaitable[str]]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
async def postgres_owner_url(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[str]:
    """An embedded PostgreSQL started once per run, exactly as `uuutorrent up` starts it."""
    from uuut_stack.postgres import EmbeddedPostgres
    from uuut_stack.process import Child

    server = EmbeddedPostgres(tmp_path_factory.mktemp("postgres"), _free_port())
    server.prepare()
    child = Child(server.child_spec())
    child.spawn()
    await child.wait_ready(60)
    yield server.owner_url
    await child.stop()


@pytest.fixture(scope="session")
async def database_url_for(postgres_owner_url: str) -> DatabaseUrlFor:
    """`await database_url_for("auth")`: a fresh database with that service's schema and role."""
    from uuut_stack.provision import provision_service_schema

    counter = itertools.count(1)

    async def provision(service: str) -> str:
        name = f"test_{service}_{next(counter)}"
        owner = await asyncpg.connect(postgres_owner_url)
        try:
            await owner.execute(f'CREATE DATABASE "{name}"')
        finally:
            await owner.close()
        parts = urlsplit(postgres_owner_url)
        database_owner_url = urlunsplit(parts._replace(path=f"/{name}"))
        return await provision_service_schema(database_owner_url, service, f"pw-{service}-test")

    return provision
