"""The service database pool, against a real PostgreSQL."""

from __future__ import annotations

import asyncio
import socket

import asyncpg
import pytest

from uuut_kit.db import Database, connect, is_unavailable, plain_url


@pytest.fixture
async def url(database_url_for) -> str:  # type: ignore[no-untyped-def]
    return str(await database_url_for("search"))


@pytest.fixture
async def database(url: str) -> Database:
    database = await connect(url, "search")
    async with database.transaction() as connection:
        await connection.execute("CREATE TABLE notes (id int PRIMARY KEY, body text NOT NULL)")
    yield database  # type: ignore[misc]
    await database.close()


async def _bodies(database: Database) -> list[str]:
    async with database.connection() as connection:
        return [r["body"] for r in await connection.fetch("SELECT body FROM notes ORDER BY id")]


async def test_every_connection_works_in_the_services_own_schema(database: Database) -> None:
    async with database.connection() as connection:
        assert await connection.fetchval("SELECT current_schema()") == "search"
        assert await connection.fetchval("SELECT to_regclass('notes')::text") == "notes"


async def test_a_transaction_commits_when_its_block_ends(database: Database) -> None:
    async with database.transaction() as connection:
        await connection.execute("INSERT INTO notes VALUES (1, 'kept')")
    assert await _bodies(database) == ["kept"]


async def test_a_transaction_that_raises_leaves_nothing(database: Database) -> None:
    with pytest.raises(RuntimeError):
        async with database.transaction() as connection:
            await connection.execute("INSERT INTO notes VALUES (1, 'half-done')")
            raise RuntimeError("the workflow failed midway")
    assert await _bodies(database) == []


async def test_a_connection_the_server_dropped_is_replaced(database: Database, url: str) -> None:
    async with database.connection() as connection:
        pid = connection.get_server_pid()
    other = await asyncpg.connect(plain_url(url))
    try:
        # As a PostgreSQL restart does to every pooled connection.
        await other.execute("SELECT pg_terminate_backend($1)", pid)
    finally:
        await other.close()
    await asyncio.sleep(0.2)
    for _ in range(3):
        await database.ping()


async def test_a_refused_connection_is_unavailable_and_a_bad_query_is_not(
    database: Database,
) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    with pytest.raises(Exception) as refused:
        await asyncpg.connect(f"postgresql://nobody@127.0.0.1:{closed_port}/none", timeout=2)
    assert is_unavailable(refused.value)

    async with database.connection() as connection:
        with pytest.raises(asyncpg.PostgresError) as wrong:
            await connection.execute("SELECT * FROM no_such_table")
    assert not is_unavailable(wrong.value)


def test_urls_lose_any_sqlalchemy_driver_name() -> None:
    assert plain_url("postgresql+asyncpg://u:p@h:5/db") == "postgresql://u:p@h:5/db"
    assert plain_url("postgres://u@h/db") == "postgres://u@h/db"
