"""The database of one service: a connection pool bound to its own schema, and its migrations.

Queries are plain SQL over asyncpg. SQLAlchemy is loaded only by the short child process that
runs Alembic at start (`uuut_kit.migrate`): in a service it cost about 20 MB resident for
statements a few lines of SQL say as well, and its ORM added work to every query.
"""

from __future__ import annotations

import ast
import asyncio
import os
import sys
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from pathlib import Path

import asyncpg

from uuut_kit.logging import get_logger

log = get_logger(__name__)
# Where a start-up child (`run_child`) finds the database URL: its command line would show the
# password to anyone who lists processes.
CHILD_DATABASE_URL_VARIABLE = "UUUT_CHILD_DATABASE_URL"
# One connection kept open while idle (readiness and the odd call), up to ten in a burst;
# extras close after five idle minutes.
_MIN_CONNECTIONS = 1
_MAX_CONNECTIONS = 10
_IDLE_EXTRA_LIFETIME_S = 300.0
# Connecting, and any one statement, may take this long before the call fails.
_TIMEOUT_S = 5.0
# A call waits this long for a free connection while all are busy, then fails.
_WAIT_FOR_CONNECTION_S = 30.0

_CONNECTION_FAILURES: tuple[type[BaseException], ...] = (
    ConnectionError,  # refused or reset: the server is down or restarting
    asyncpg.exceptions.PostgresConnectionError,  # SQLSTATE class 08
    asyncpg.exceptions.CannotConnectNowError,  # starting up or shutting down
    asyncpg.exceptions.AdminShutdownError,
    asyncpg.exceptions.ConnectionDoesNotExistError,
)


def is_unavailable(error: BaseException) -> bool:
    """Whether `error` says the database cannot be reached now (not that a query is wrong)."""
    return isinstance(error, _CONNECTION_FAILURES) or isinstance(
        error.__cause__, _CONNECTION_FAILURES
    )


def plain_url(url: str) -> str:
    """The libpq form of a database URL (asyncpg takes no SQLAlchemy driver suffix)."""
    scheme, separator, rest = url.partition("://")
    return f"{scheme.split('+')[0]}{separator}{rest}" if separator else url


class Database:
    """The service's pool; every connection's search_path is the service's schema only."""

    def __init__(self, pool: asyncpg.Pool) -> None:
        self._pool = pool

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[asyncpg.Connection]:
        """A connection in one transaction: committed when the block ends, rolled back when
        it raises."""
        async with (
            self._pool.acquire(timeout=_WAIT_FOR_CONNECTION_S) as connection,
            connection.transaction(),
        ):
            yield connection

    @asynccontextmanager
    async def connection(self) -> AsyncIterator[asyncpg.Connection]:
        """A connection for reads and single statements, each committed on its own."""
        async with self._pool.acquire(timeout=_WAIT_FOR_CONNECTION_S) as connection:
            yield connection

    async def ping(self) -> None:
        """A readiness check: the database answers a trivial query."""
        async with self.connection() as connection:
            await connection.fetchval("SELECT 1")

    async def close(self) -> None:
        """Close every connection, waiting up to the statement timeout for those in use."""
        try:
            await asyncio.wait_for(self._pool.close(), _TIMEOUT_S)
        except TimeoutError:
            self._pool.terminate()


async def connect(url: str, schema: str) -> Database:
    """The pool of a migrated schema, one connection opened at once."""
    pool = asyncpg.create_pool(
        plain_url(url),
        min_size=_MIN_CONNECTIONS,
        max_size=_MAX_CONNECTIONS,
        max_inactive_connection_lifetime=_IDLE_EXTRA_LIFETIME_S,
        timeout=_TIMEOUT_S,
        command_timeout=_TIMEOUT_S,
        server_settings={"search_path": schema},
    )
    return Database(await pool)


async def migrate(url: str, schema: str, migrations_dir: Path) -> None:
    """Apply the service's Alembic migrations up to head, version table in its own schema.

    In a short child process: Alembic, Mako and SQLAlchemy would otherwise stay in the
    service's memory for its whole life (about 30 MB) for a job done once at start. Not even
    that when the schema is at the scripts' head already, as at every start but the first after
    an upgrade: the child's imports cost each service a second or two of CPU at start.
    """
    scripts = sorted((migrations_dir / "versions").glob("*.py"))
    if not scripts:
        log.info("migrations_up_to_date", schema=schema, revision=None)  # none written yet
        return
    head = migrations_head(scripts)
    if head is not None and await schema_revision(url, schema) == head:
        log.info("migrations_up_to_date", schema=schema, revision=head)
        return
    if not await run_child(url, "uuut_kit.migrate", schema, str(migrations_dir)):
        raise RuntimeError(f"the migrations of schema {schema} failed (see the log above)")
    log.info("migrations_applied", schema=schema)


def migrations_head(scripts: Iterable[Path]) -> str | None:
    """The revision these Alembic scripts lead to, read without Alembic; None unless that is
    one revision (Alembic itself then decides what to do)."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for script in scripts:
        constants = _module_constants(script, ("revision", "down_revision"))
        revision, down = constants.get("revision"), constants.get("down_revision")
        if not isinstance(revision, str):
            return None
        revisions.add(revision)
        # The first revises None; a merge revises several, in a tuple.
        revised = down if isinstance(down, tuple) else (down,)
        parents.update(str(parent) for parent in revised if parent is not None)
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 else None


async def schema_revision(url: str, schema: str) -> str | None:
    """The revision Alembic recorded in `schema`'s version table; None before the first."""
    connection = await asyncpg.connect(
        plain_url(url), timeout=_TIMEOUT_S, server_settings={"search_path": schema}
    )
    try:
        rows = await connection.fetch("SELECT version_num FROM alembic_version")
    except asyncpg.UndefinedTableError:
        return None
    finally:
        await connection.close()
    return str(rows[0]["version_num"]) if len(rows) == 1 else None


def _module_constants(script: Path, names: tuple[str, ...]) -> dict[str, object]:
    """The literal values a Python file assigns to `names` at its top level."""
    found: dict[str, object] = {}
    for node in ast.parse(script.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign):
            targets, value = node.targets, node.value
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            targets, value = [node.target], node.value
        else:
            continue
        for target in targets:
            if isinstance(target, ast.Name) and target.id in names:
                try:
                    found[target.id] = ast.literal_eval(value)
                except ValueError:
                    continue
    return found


async def run_child(url: str, module: str, *args: str) -> bool:
    """Run `python -m module args...`, a start-up job on the database at `url`, in a child
    process (it reads the URL with `child_database_url()`); whether it succeeded. Its log
    goes where this process's goes."""
    child = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        module,
        *args,
        env={**os.environ, CHILD_DATABASE_URL_VARIABLE: url},
        stdin=asyncio.subprocess.DEVNULL,
    )
    return await child.wait() == 0


def child_database_url() -> str:
    """In a child started by `run_child`: the database URL it was given."""
    return os.environ[CHILD_DATABASE_URL_VARIABLE]


async def open_database(url: str, schema: str, migrations_dir: Path) -> Database:
    """The service's database, with its schema migrated to head."""
    if not url:
        raise SystemExit("UUUT_SERVICE_DATABASE_URL is not set (`uuutorrent up` sets it)")
    await migrate(url, schema, migrations_dir)
    return await connect(url, schema)
