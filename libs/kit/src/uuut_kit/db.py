"""The database of one service: an async engine bound to its own schema, and its migrations."""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

import asyncpg
from sqlalchemy import exc as sa_exc
from sqlalchemy import text
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from uuut_kit.logging import get_logger

log = get_logger(__name__)
# The child process that migrates takes the URL from here, never from its command line.
MIGRATE_URL_VARIABLE = "UUUT_MIGRATE_DATABASE_URL"


def async_url(url: str) -> str:
    """Accept plain postgresql:// URLs and use the asyncpg driver for them."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+asyncpg://" + url[len(prefix) :]
    return url


def create_engine(url: str, schema: str, *, pool_size: int = 5) -> AsyncEngine:
    """One engine per process; every connection's search_path is the service's schema only."""
    return create_async_engine(
        async_url(url),
        pool_size=pool_size,
        max_overflow=5,
        pool_pre_ping=True,
        connect_args={
            "server_settings": {"search_path": schema},
            "timeout": 5,
            "command_timeout": 5,
        },
    )


def session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False)


_CONNECTION_FAILURES = (
    ConnectionError,  # refused or reset: the server is down or restarting
    asyncpg.exceptions.PostgresConnectionError,  # SQLSTATE class 08
    asyncpg.exceptions.CannotConnectNowError,  # starting up or shutting down
    asyncpg.exceptions.AdminShutdownError,
    asyncpg.exceptions.ConnectionDoesNotExistError,
)


def is_unavailable(error: BaseException) -> bool:
    """Whether `error` says the database cannot be reached now (not that a query is wrong)."""
    if isinstance(error, sa_exc.DBAPIError):
        if error.connection_invalidated:
            return True
        # SQLAlchemy's asyncpg adapter keeps the driver's own error as the cause.
        return isinstance(error.orig, _CONNECTION_FAILURES) or isinstance(
            error.orig and error.orig.__cause__, _CONNECTION_FAILURES
        )
    return isinstance(error, _CONNECTION_FAILURES)


async def ping(engine: AsyncEngine) -> None:
    """A readiness check: the database answers a trivial query."""
    async with engine.connect() as connection:
        await connection.execute(text("SELECT 1"))


async def migrate(url: str, schema: str, migrations_dir: Path) -> None:
    """Apply the service's Alembic migrations up to head, version table in its own schema.

    In a short child process: Alembic and Mako would otherwise stay in the service's memory
    for its whole life (about 10 MB) for a job done once at start.
    """
    child = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "uuut_kit.migrate",
        schema,
        str(migrations_dir),
        env={**os.environ, MIGRATE_URL_VARIABLE: url},
        stdin=asyncio.subprocess.DEVNULL,
    )
    if await child.wait() != 0:
        raise RuntimeError(f"the migrations of schema {schema} failed (see the log above)")
    log.info("migrations_applied", schema=schema)


async def open_database(url: str, schema: str, migrations_dir: Path) -> AsyncEngine:
    """The service's engine, with its schema migrated to head."""
    if not url:
        raise SystemExit("UUUT_SERVICE_DATABASE_URL is not set (`uuutorrent up` sets it)")
    await migrate(url, schema, migrations_dir)
    return create_engine(url, schema)
