"""Each service gets its own role and schema, and nothing else, in a shared PostgreSQL."""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging
import os
import re
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

import asyncpg

from uuut_stack.credentials import read_or_create_secret, redact_url
from uuut_stack.errors import StackError

log = logging.getLogger("uuutorrent")

_SERVICE_NAME = re.compile(r"[a-z][a-z0-9_]{0,40}")
_SCRAM_ITERATIONS = 4096  # PostgreSQL's own default for scram-sha-256
_UNREACHABLE = (OSError, TimeoutError, asyncpg.PostgresError, asyncpg.InterfaceError, ValueError)


def service_password(data_dir: Path, service: str) -> str:
    """The service's database password, generated once under `<data_dir>/secrets/`."""
    return read_or_create_secret(data_dir / "secrets" / f"db-{service}.password")


def libpq_url(url: str) -> str:
    """`url` in the form asyncpg and libpq understand (drops SQLAlchemy's `+driver`)."""
    parts = urlsplit(url)
    scheme = parts.scheme.split("+", 1)[0]
    if scheme not in ("postgresql", "postgres"):
        raise StackError(f"not a PostgreSQL URL: {redact_url(url)}")
    return urlunsplit(parts._replace(scheme="postgresql"))


async def provision_service_schema(owner_url: str, service: str, password: str) -> str:
    """Create (or update) role `uuut_<service>` and its schema; the service's own URL.

    Idempotent. `owner_url` is a superuser, or a role with CREATEROLE that owns the database.
    The returned `postgresql+asyncpg://` URL contains the password: log it via redact_url.
    """
    if not _SERVICE_NAME.fullmatch(service):
        raise ValueError(f"invalid service name {service!r}")
    role, schema = f"uuut_{service}", service
    dsn = libpq_url(owner_url)
    conn = await _connect(dsn)
    try:
        async with conn.transaction():
            # Serializes concurrent provisioners: the REVOKEs below update shared catalog rows.
            await conn.execute("SELECT pg_advisory_xact_lock(hashtext('uuutorrent-provision'))")
            database = await conn.fetchval("SELECT current_database()")
            exists = await conn.fetchval("SELECT 1 FROM pg_roles WHERE rolname = $1", role)
            # A SCRAM verifier rather than the password: the plain text never reaches the
            # server, so it cannot end up in its statement log.
            verifier = _scram_verifier(password)
            verb = "ALTER ROLE" if exists else "CREATE ROLE"
            await conn.execute(f"{verb} \"{role}\" WITH LOGIN PASSWORD '{verifier}'")
            if not await conn.fetchval("SELECT rolsuper FROM pg_roles WHERE rolname = user"):
                # A CREATEROLE owner must be able to SET ROLE to hand the schema over.
                await conn.execute(f'GRANT "{role}" TO CURRENT_USER')
            await conn.execute(f'CREATE SCHEMA IF NOT EXISTS "{schema}" AUTHORIZATION "{role}"')
            await conn.execute(f'ALTER SCHEMA "{schema}" OWNER TO "{role}"')
            # No shared scratch space: a service sees its own schema and nothing else.
            await conn.execute("REVOKE CREATE, USAGE ON SCHEMA public FROM PUBLIC")
            await conn.execute(f'REVOKE ALL ON SCHEMA public FROM "{role}"')
            await conn.execute(f'GRANT CONNECT ON DATABASE {_quote_ident(database)} TO "{role}"')
            await conn.execute(f'ALTER ROLE "{role}" SET search_path = "{schema}"')
    except asyncpg.InsufficientPrivilegeError as exc:
        raise StackError(
            f"{redact_url(owner_url)} may not provision {service!r} ({exc}): use a superuser,"
            " or a role with CREATEROLE that owns the database"
        ) from exc
    finally:
        await conn.close()
    log.info("database schema %r is ready for role %s", schema, role)
    parts = urlsplit(dsn)
    host = parts.netloc.rsplit("@", 1)[-1]
    netloc = f"{role}:{quote(password, safe='')}@{host}"
    return urlunsplit(parts._replace(scheme="postgresql+asyncpg", netloc=netloc))


async def _connect(dsn: str) -> asyncpg.Connection:
    try:
        return await asyncpg.connect(dsn, timeout=10)
    except (asyncpg.InvalidPasswordError, asyncpg.InvalidAuthorizationSpecificationError) as exc:
        raise StackError(f"the database refused the credentials of {redact_url(dsn)}") from exc
    except _UNREACHABLE as exc:
        raise StackError(f"cannot reach the database at {redact_url(dsn)}: {exc}") from exc


def _quote_ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _scram_verifier(password: str) -> str:
    """The SCRAM-SHA-256 verifier PostgreSQL stores for `password` (RFC 5802/7677)."""
    salt = os.urandom(16)
    salted = hashlib.pbkdf2_hmac("sha256", password.encode(), salt, _SCRAM_ITERATIONS)
    stored_key = hashlib.sha256(hmac.digest(salted, b"Client Key", "sha256")).digest()
    server_key = hmac.digest(salted, b"Server Key", "sha256")

    def b64(raw: bytes) -> str:
        return base64.b64encode(raw).decode()

    return f"SCRAM-SHA-256${_SCRAM_ITERATIONS}:{b64(salt)}${b64(stored_key)}:{b64(server_key)}"
