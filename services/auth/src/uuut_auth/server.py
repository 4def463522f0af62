"""Builds the auth service's runtime: database, keys, bootstrap admin, servicer, upkeep."""

from __future__ import annotations

from functools import partial
from pathlib import Path

from uuut_auth.accounts import Accounts
from uuut_auth.components import assemble
from uuut_auth.config import SERVICE, AuthSettings
from uuut_auth.domain import Clock, utc_now
from uuut_auth.servicer import AuthServicer
from uuut_auth.totp_upgrade import upgrade_legacy_seeds
from uuut_kit.db import Database, open_database
from uuut_kit.errors import InvalidArgument
from uuut_kit.server import GrpcService, ServiceRuntime
from uuutorrent.auth.v1 import auth_pb2, auth_pb2_grpc

MIGRATIONS = Path(__file__).parent / "migrations"
FULL_NAME = auth_pb2.DESCRIPTOR.services_by_name["AuthService"].full_name
# The only RPCs a caller without an access token may use.
PUBLIC_METHODS = frozenset(f"/{FULL_NAME}/{name}" for name in ("Signup", "Login", "Refresh"))


async def build(
    settings: AuthSettings, *, database: Database | None = None, clock: Clock = utc_now
) -> ServiceRuntime:
    """The runtime, ready to start: keys published, TOTP seeds sealed with the current cipher,
    and the bootstrap admin there.

    It owns `database` (opened here when not given): stopping the runtime closes it.
    """
    if database is None:
        database = await open_database(settings.service_database_url, SERVICE, MIGRATIONS)
    try:  # after the migrations, before anything reads a seed: this process has no AES-256-GCM
        await upgrade_legacy_seeds(
            settings.service_database_url,
            SERVICE,
            settings.legacy_totp_key_path,
            settings.totp_key_path,
        )
    except BaseException:
        await database.close()
        raise
    parts = assemble(settings, database, clock)
    # Publish keys before serving: the runtime's own verifier reads the JWKS.
    await parts.maintenance.rotate_keys()
    await parts.hasher.warm_up()
    await ensure_bootstrap_admin(settings, parts.accounts)
    parts.maintenance.start()
    register = partial(auth_pb2_grpc.add_AuthServiceServicer_to_server, AuthServicer(parts.service))
    return ServiceRuntime(
        name=SERVICE,
        settings=settings,
        services=[GrpcService(FULL_NAME, register)],
        checks={"database": database.ping},
        public_methods=PUBLIC_METHODS,
        on_stop=[parts.close, database.close],
    )


async def ensure_bootstrap_admin(settings: AuthSettings, accounts: Accounts) -> None:
    """Create UUUT_BOOTSTRAP_ADMIN_USERNAME unless it exists; refuse to start on a bad one."""
    if not settings.bootstrap_admin_username or settings.bootstrap_admin_password is None:
        return
    try:
        await accounts.ensure_bootstrap_admin(
            settings.bootstrap_admin_username,
            settings.bootstrap_admin_password.get_secret_value(),
        )
    except InvalidArgument as error:
        raise SystemExit(f"UUUT_BOOTSTRAP_ADMIN_*: {error.message}") from None
