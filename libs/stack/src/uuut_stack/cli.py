"""`uuutorrent`: the server-side command line."""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sys
from collections.abc import Sequence

from uuut_stack.errors import find_stack_error

_UP_HELP = """\
Runs the whole stack in the foreground: an embedded PostgreSQL, a local qbittorrent-nox,
the four gRPC services (auth, watchlist, search, torrent) and the REST gateway. It prints the
gateway URL at once, and a line "UUUTorrent is ready at ..." when every part answers.
Ctrl-C (SIGINT) or SIGTERM stops everything within 10 s; a second Ctrl-C kills at once.
A service that dies while running is restarted.

environment:
  UUUT_DATA_DIR            where the database, qBittorrent profile, downloads, keys, secrets
                           and logs (logs/<process>.log) live (default ./var)
  UUUT_GATEWAY_PORT        gateway port (default 8000)
  UUUT_BIND                gateway address (default 127.0.0.1; 0.0.0.0 behind a TLS proxy)
  UUUT_DATABASE_URL        use this PostgreSQL (superuser, or CREATEROLE owner of the
                           database) instead of the embedded one; each service gets its own
                           role and schema in it
  UUUT_QBITTORRENT_URL     use this qBittorrent WebUI instead of starting qbittorrent-nox
  UUUT_QBITTORRENT_USERNAME / UUUT_QBITTORRENT_PASSWORD   its login (default admin/adminadmin)
  UUUT_INTERNAL_PORT_BASE  B: services use 127.0.0.1 ports B+1..B+14, qBittorrent B+20,
                           PostgreSQL B+21 (default 50050)
Every other UUUT_* variable is passed on to the services and the gateway.

Run as root, PostgreSQL runs as the system user `embedded_postgres` (created if missing).
"""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="uuutorrent",
        description="UUUTorrent server: AniList watchlist -> Nyaa search -> qBittorrent.",
        epilog="`uuutorrent COMMAND --help` explains a command.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    up = commands.add_parser(
        "up",
        help="run the whole stack in the foreground",
        description=_UP_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    up.set_defaults(run=_run_up)

    from uuut_stack.operator_commands import add_commands

    add_commands(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        code: int = args.run(args)
    except KeyboardInterrupt:
        return 130
    except Exception as exc:
        error = find_stack_error(exc)
        if error is None:
            raise  # a bug: the traceback helps
        print(f"uuutorrent: error: {error}", file=sys.stderr, flush=True)
        return 1
    return code


def _run_up(args: argparse.Namespace) -> int:
    from uuut_stack.config import StackConfig  # deferred: `--help` stays instant
    from uuut_stack.up import up

    _configure_logging()
    config = StackConfig.from_env(os.environ)
    return asyncio.run(up(config, dict(os.environ)))


def _configure_logging() -> None:
    level = os.environ.get("UUUT_LOG_LEVEL", "info").upper()
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)-7s %(message)s", "%H:%M:%S"))
    logger = logging.getLogger("uuutorrent")
    logger.addHandler(handler)
    logger.setLevel(level if level in logging.getLevelNamesMapping() else logging.INFO)
    logger.propagate = False
