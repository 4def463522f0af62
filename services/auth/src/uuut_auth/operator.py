"""Operator functions for the server CLI (`uuutorrent user ...`, `uuutorrent token ...`).

They run on the server with the auth service's settings and state, and go through the same
domain code as the RPCs (same rules, same revocations).
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from uuut_auth.accounts import Accounts
from uuut_auth.components import key_store
from uuut_auth.config import SERVICE, AuthSettings
from uuut_auth.domain import ROLE_USER, UserInfo
from uuut_auth.passwords import PasswordHasher
from uuut_auth.repository import Store
from uuut_auth.server import MIGRATIONS
from uuut_auth.tokens import TokenIssuer
from uuut_kit.db import open_database

_SERVICE_NAME = re.compile(r"[a-z][a-z0-9-]{0,31}")


@asynccontextmanager
async def _accounts(settings: AuthSettings) -> AsyncIterator[Accounts]:
    database = await open_database(settings.service_database_url, SERVICE, MIGRATIONS)
    hasher = PasswordHasher(settings.bcrypt_cost, workers=1)
    try:
        yield Accounts(Store(database), hasher)
    finally:
        hasher.close()
        await database.close()


async def create_user(
    settings: AuthSettings, username: str, password: str, role: str = ROLE_USER
) -> UserInfo:
    """Create an account with any role (USERNAME_TAKEN, USERNAME_INVALID, ... as DomainErrors)."""
    async with _accounts(settings) as accounts:
        return await accounts.create(username, password, role)


async def reset_password(settings: AuthSettings, username: str, password: str) -> UserInfo:
    """Set a new password and revoke every login of the user."""
    async with _accounts(settings) as accounts:
        return await accounts.update(await accounts.id_of(username), password=password)


def mint_service_token(settings: AuthSettings, service: str, ttl_s: int = 600) -> str:
    """A short-lived admin token for one service's gRPC API (aud uuutorrent:<service>).

    Signed with the current key; raises keys.NoSigningKey before the auth service first ran.
    """
    if not _SERVICE_NAME.fullmatch(service):
        raise ValueError(f"not a service name: {service!r}")
    issuer = TokenIssuer(key_store(settings), settings.access_token_ttl_s)
    return issuer.service_token(service, ttl_s)
