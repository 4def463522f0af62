"""`uuutorrent token` and `uuutorrent user`: operator commands run on the server.

They act on the stack's own state under UUUT_DATA_DIR through the auth service's domain code,
so the same rules apply as through the API (password rules, revoking logins).
"""

from __future__ import annotations

import argparse
import asyncio
import getpass
import os
import sys

from uuut_stack.config import StackConfig
from uuut_stack.errors import StackError
from uuut_stack.postgres import EmbeddedPostgres
from uuut_stack.provision import provision_service_schema, service_password

SERVICES = ("auth", "watchlist", "search", "torrent")


def add_commands(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    token = commands.add_parser(
        "token",
        help="mint a short-lived admin token for one service's gRPC API (grpcurl)",
        description="Prints an access token accepted by one service's gRPC API only, e.g.\n"
        '  grpcurl -plaintext -H "authorization: Bearer $(uuutorrent token --service auth)"'
        " 127.0.0.1:50051 list",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    token.add_argument("--service", required=True, choices=SERVICES)
    token.add_argument("--ttl", type=int, default=600, help="lifetime in seconds (max 900)")
    token.set_defaults(run=_run_token)

    user = commands.add_parser(
        "user",
        help="create users and reset passwords (while the stack's database runs)",
        description="The password is read from standard input when it is not a terminal,"
        " otherwise asked for twice.",
    )
    actions = user.add_subparsers(dest="action", required=True, metavar="ACTION")
    create = actions.add_parser("create", help="create a user")
    create.add_argument("username")
    create.add_argument("--admin", action="store_true", help="give the user the admin role")
    create.set_defaults(run=_run_user_create)
    reset = actions.add_parser("reset-password", help="set a new password; ends their logins")
    reset.add_argument("username")
    reset.set_defaults(run=_run_user_reset)


def _auth_settings(database_url: str = ""):
    from uuut_auth.config import AuthSettings

    config = StackConfig.from_env(os.environ)
    return AuthSettings(
        data_dir=config.data_dir, keys_dir=config.keys_dir, service_database_url=database_url
    )


def _run_token(args: argparse.Namespace) -> int:
    from uuut_auth.keys import NoSigningKey
    from uuut_auth.operator import mint_service_token

    if not 30 <= args.ttl <= 900:
        raise StackError("--ttl must be between 30 and 900 seconds")
    try:
        print(mint_service_token(_auth_settings(), args.service, args.ttl))
    except NoSigningKey:
        raise StackError("no signing key yet: start the stack once (`uuutorrent up`)") from None
    return 0


def _quiet_logs() -> None:
    """An operator command prints its result, not the services' info logs (migrations...)."""
    os.environ.setdefault("UUUT_LOG_LEVEL", "warning")


async def _auth_database_url() -> str:
    config = StackConfig.from_env(os.environ)
    owner_url = (
        config.database_url or EmbeddedPostgres(config.data_dir, config.ports.postgres).owner_url
    )
    try:
        return await provision_service_schema(
            owner_url, "auth", service_password(config.data_dir, "auth")
        )
    except StackError as error:
        raise StackError(f"{error} (is the stack running? `uuutorrent up`)") from None


def _read_password() -> str:
    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass("password: ")
    if getpass.getpass("again: ") != first:
        raise StackError("the two passwords differ")
    return first


def _run_user_create(args: argparse.Namespace) -> int:
    from uuut_auth.operator import create_user

    password = _read_password()
    role = "admin" if args.admin else "user"
    _quiet_logs()

    async def run() -> None:
        settings = _auth_settings(await _auth_database_url())
        user = await _domain(create_user(settings, args.username, password, role))
        print(f"created {user.username} (id {user.id}, {role})")

    asyncio.run(run())
    return 0


def _run_user_reset(args: argparse.Namespace) -> int:
    from uuut_auth.operator import reset_password

    password = _read_password()
    _quiet_logs()

    async def run() -> None:
        settings = _auth_settings(await _auth_database_url())
        user = await _domain(reset_password(settings, args.username, password))
        print(f"new password set for {user.username}; their logins were ended")

    asyncio.run(run())
    return 0


async def _domain(call):
    """Domain errors (taken name, weak password, no such user) as one-line errors."""
    from uuut_kit.errors import DomainError

    try:
        return await call
    except DomainError as error:
        raise StackError(error.message) from None
