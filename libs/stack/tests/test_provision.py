"""Provisioning: one role and schema per service, idempotent, and services isolated."""

from __future__ import annotations

import itertools
from collections.abc import Awaitable, Callable
from urllib.parse import urlsplit, urlunsplit

import asyncpg
import pytest

from uuut_stack.credentials import redact_url
from uuut_stack.errors import StackError
from uuut_stack.provision import libpq_url, provision_service_schema

_databases = itertools.count(1)

FreshDatabase = Callable[[], Awaitable[str]]


@pytest.fixture
def fresh_database(postgres_owner_url: str) -> FreshDatabase:
    """`await fresh_database()`: the superuser URL of a new, empty database."""

    async def create() -> str:
        name = f"stack_provision_{next(_databases)}"
        owner = await asyncpg.connect(postgres_owner_url)
        try:
            await owner.execute(f'CREATE DATABASE "{name}"')
        finally:
            await owner.close()
        return urlunsplit(urlsplit(postgres_owner_url)._replace(path=f"/{name}"))

    return create


async def test_provisioning_is_idempotent_and_updates_the_password(
    fresh_database: FreshDatabase,
) -> None:
    owner_url = await fresh_database()
    first = await provision_service_schema(owner_url, "auth", "first-password")
    conn = await asyncpg.connect(libpq_url(first))
    await conn.execute("CREATE TABLE users (name text)")  # lands in its schema
    await conn.close()

    second = await provision_service_schema(owner_url, "auth", "second-password")
    assert second.startswith("postgresql+asyncpg://uuut_auth:second-password@")
    with pytest.raises(asyncpg.InvalidPasswordError):
        await asyncpg.connect(libpq_url(first))
    conn = await asyncpg.connect(libpq_url(second))
    try:
        assert await conn.fetchval("SELECT current_user") == "uuut_auth"
        assert await conn.fetchval("SHOW search_path") == "auth"
        assert await conn.fetchval("SELECT count(*) FROM auth.users") == 0  # kept
    finally:
        await conn.close()


async def test_a_service_cannot_touch_another_services_schema_or_public(
    fresh_database: FreshDatabase,
) -> None:
    owner_url = await fresh_database()
    auth_url = await provision_service_schema(owner_url, "auth", "auth-password")
    torrent_url = await provision_service_schema(owner_url, "torrent", "torrent-password")

    auth = await asyncpg.connect(libpq_url(auth_url))
    await auth.execute(
        "CREATE TABLE auth.secrets (hash text); INSERT INTO auth.secrets VALUES ('x')"
    )
    await auth.close()

    torrent = await asyncpg.connect(libpq_url(torrent_url))
    try:
        with pytest.raises(asyncpg.InsufficientPrivilegeError, match="permission denied"):
            await torrent.fetch("SELECT * FROM auth.secrets")
        with pytest.raises(asyncpg.InsufficientPrivilegeError, match="permission denied"):
            await torrent.execute("CREATE TABLE auth.planted (x int)")
        with pytest.raises(asyncpg.InsufficientPrivilegeError, match="permission denied"):
            await torrent.execute("CREATE TABLE public.planted (x int)")
        # Unqualified names go to its own schema.
        await torrent.execute("CREATE TABLE owned (hash text)")
        where = "SELECT schemaname FROM pg_tables WHERE tablename = 'owned'"
        assert await torrent.fetchval(where) == "torrent"
    finally:
        await torrent.close()


async def test_works_through_a_createrole_owner_that_is_not_superuser(
    fresh_database: FreshDatabase,
) -> None:
    superuser_url = await fresh_database()
    database = urlsplit(superuser_url).path.lstrip("/")
    conn = await asyncpg.connect(superuser_url)
    try:
        await conn.execute("CREATE ROLE app_owner LOGIN CREATEROLE PASSWORD 'owner-password'")
        await conn.execute(f'ALTER DATABASE "{database}" OWNER TO app_owner')
    finally:
        await conn.close()
    port = urlsplit(superuser_url).port
    owner_url = f"postgresql+asyncpg://app_owner:owner-password@127.0.0.1:{port}/{database}"

    for _ in range(2):
        url = await provision_service_schema(owner_url, "watchlist", "watchlist-password")
    service = await asyncpg.connect(libpq_url(url))
    try:
        await service.execute("CREATE TABLE entries (media_id int)")
        assert await service.fetchval("SELECT current_schema()") == "watchlist"
    finally:
        await service.close()


async def test_unreachable_database_is_one_clear_error_without_the_password(
    free_port: Callable[[], int],
) -> None:
    url = f"postgresql://someone:s3cret-value@127.0.0.1:{free_port()}/db"
    with pytest.raises(StackError, match="cannot reach the database") as caught:
        await provision_service_schema(url, "auth", "pw")
    assert "s3cret-value" not in str(caught.value)
    assert "someone:***@" in str(caught.value)


def test_redact_url_hides_passwords_only() -> None:
    assert redact_url("postgresql://u:p%40ss@h:5/db?sslmode=require") == (
        "postgresql://u:***@h:5/db?sslmode=require"
    )
    assert (
        redact_url("postgresql://h/db?user=u&password=p") == "postgresql://h/db?user=u&password=***"
    )
    assert redact_url("http://127.0.0.1:8080") == "http://127.0.0.1:8080"


def test_libpq_url_accepts_both_forms_and_nothing_else() -> None:
    assert libpq_url("postgresql+asyncpg://u:p@h/db") == "postgresql://u:p@h/db"
    assert libpq_url("postgres://u:p@h/db") == "postgresql://u:p@h/db"
    with pytest.raises(StackError):
        libpq_url("mysql://u:p@h/db")
