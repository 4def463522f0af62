"""`uuutorrent up`: database, qBittorrent, the four services and the gateway, in that order."""

from __future__ import annotations

import asyncio
import logging
import sys
import time
from collections.abc import Mapping, Sequence

import psutil

from uuut_stack.config import SERVICES, StackConfig
from uuut_stack.credentials import redact_url
from uuut_stack.errors import StackError
from uuut_stack.make_parent import watch_make_parent
from uuut_stack.postgres import EmbeddedPostgres
from uuut_stack.process import Child, ChildSpec, http_probe
from uuut_stack.provision import provision_service_schema, service_password
from uuut_stack.qbittorrent import LocalQbittorrent
from uuut_stack.supervisor import Supervisor

log = logging.getLogger("uuutorrent")

# Tiers: a tier depends only on lower ones; shutdown goes from the top down.
TIER_POSTGRES, TIER_QBITTORRENT, TIER_SERVICES, TIER_GATEWAY = range(4)

# Variables only some children may see: the owner database URL never reaches a service, the
# qBittorrent credentials only reach the torrent service.
_WITHHELD = (
    "UUUT_DATABASE_URL",
    "UUUT_QBITTORRENT_URL",
    "UUUT_QBITTORRENT_USERNAME",
    "UUUT_QBITTORRENT_PASSWORD",
    "UUUT_SERVICE_DATABASE_URL",
)
# Services stop gracefully within this, so the whole stack stops within the 10 s promised.
_SERVICE_SHUTDOWN_GRACE_S = "2"


async def up(config: StackConfig, env: Mapping[str, str]) -> int:
    """Run the stack until SIGINT/SIGTERM; the exit code."""
    print(
        f"Gateway will listen on http://{_url_host(config.bind)}:{config.gateway_port}", flush=True
    )
    supervisor = Supervisor()
    watching = asyncio.create_task(watch_make_parent(supervisor.request_stop))
    try:
        return await supervisor.run(lambda: _start(supervisor, config, env))
    finally:
        watching.cancel()


async def _start(supervisor: Supervisor, config: StackConfig, env: Mapping[str, str]) -> None:
    config.check_ports_free()
    for directory in (config.data_dir, config.logs_dir, config.keys_dir):
        try:
            directory.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StackError(
                f"cannot create {directory} ({exc.strerror}): set UUUT_DATA_DIR"
            ) from exc

    # qBittorrent needs nothing of ours: it starts while the database gets ready.
    qbittorrent, qbittorrent_url = await _spawn_qbittorrent(supervisor, config)
    database_urls = await _provision_databases(supervisor, config)
    await supervisor.wait_ready(qbittorrent, timeout_s=60)

    base_env = {k: v for k, v in env.items() if k not in _WITHHELD}
    base_env |= {
        "PYTHONUNBUFFERED": "1",  # their logs reach the log files as they happen
        # glibc gives every thread that allocates its own malloc arena (up to 8 per core),
        # each holding on to freed memory; grpc's event-engine threads, the default executor and
        # the bcrypt pool all allocate. Two arenas cap what that keeps under load; Python's own
        # allocator and the GIL leave little to gain from more. An operator's value wins.
        "MALLOC_ARENA_MAX": env.get("MALLOC_ARENA_MAX", "2"),
        "UUUT_DATA_DIR": str(config.data_dir),
        "UUUT_KEYS_DIR": str(config.keys_dir),
    }
    qbittorrent_env = {
        "UUUT_QBITTORRENT_URL": qbittorrent_url,
        "UUUT_QBITTORRENT_USERNAME": config.qbittorrent.username,
        "UUUT_QBITTORRENT_PASSWORD": config.qbittorrent.password,
    }
    services = [
        _service_spec(
            config,
            service,
            base_env
            | {"UUUT_SERVICE_DATABASE_URL": database_urls[service]}
            | (qbittorrent_env if service == "torrent" else {}),
        )
        for service in SERVICES
    ]
    # The gateway starts with them: it needs them only to answer, not to start.
    started = supervisor.spawn(services, tier=TIER_SERVICES)
    started += supervisor.spawn([_gateway_spec(config, base_env)], tier=TIER_GATEWAY)
    await supervisor.wait_ready(started, timeout_s=90)

    started_in = time.time() - psutil.Process().create_time()
    # The table first and in the same write: whoever waits for the ready line has it all,
    # and the URL is the last thing on the screen.
    ready = (
        f"UUUTorrent is ready at http://{_reachable_host(config.bind)}:{config.gateway_port}"
        f" (started in {started_in:.1f}s)"
    )
    print(f"{_memory_table(supervisor.children)}\n{ready}", flush=True)


async def _spawn_qbittorrent(
    supervisor: Supervisor, config: StackConfig
) -> tuple[list[Child], str]:
    """The local qBittorrent (not yet ready) and its URL, or none and the configured URL."""
    if config.qbittorrent_url is not None:
        log.info("using the qBittorrent at %s", redact_url(config.qbittorrent_url))
        return [], config.qbittorrent_url
    local = LocalQbittorrent(config.data_dir, config.ports.qbittorrent, config.qbittorrent)
    await asyncio.to_thread(local.prepare)  # PBKDF2 takes a moment
    return supervisor.spawn([local.child_spec()], tier=TIER_QBITTORRENT), local.url


async def _provision_databases(supervisor: Supervisor, config: StackConfig) -> dict[str, str]:
    """Each service's own database URL, from the embedded server or UUUT_DATABASE_URL."""
    owner_url = config.database_url
    if owner_url is None:
        postgres = EmbeddedPostgres(config.data_dir, config.ports.postgres)
        await asyncio.to_thread(postgres.prepare)  # initdb, the first time
        children = supervisor.spawn([postgres.child_spec()], tier=TIER_POSTGRES)
        await supervisor.wait_ready(children, timeout_s=60)
        owner_url = postgres.owner_url
    else:
        log.info("using the database at %s", redact_url(owner_url))
    # One after the other: they update the same catalog rows.
    return {
        service: await provision_service_schema(
            owner_url, service, service_password(config.data_dir, service)
        )
        for service in SERVICES
    }


def _service_spec(config: StackConfig, service: str, env: Mapping[str, str]) -> ChildSpec:
    ports = config.ports
    return ChildSpec(
        name=service,
        # -OO: a service reads no docstring, and leaving them out saves about 5 MB.
        argv=[sys.executable, "-OO", "-m", f"uuut_{service}"],
        env={
            **env,
            "UUUT_GRPC_HOST": "127.0.0.1",
            "UUUT_GRPC_PORT": str(ports.grpc(service)),
            "UUUT_OPS_PORT": str(ports.ops(service)),
            "UUUT_SHUTDOWN_GRACE_S": _SERVICE_SHUTDOWN_GRACE_S,
        },
        log_path=config.logs_dir / f"{service}.log",
        ready=http_probe(f"http://127.0.0.1:{ports.ops(service)}/ready"),
        stop_grace_s=2.5,
    )


def _gateway_spec(config: StackConfig, env: Mapping[str, str]) -> ChildSpec:
    targets = {
        f"UUUT_{service.upper()}_TARGET": f"127.0.0.1:{config.ports.grpc(service)}"
        for service in SERVICES
    }
    host = _url_host(_reachable_host(config.bind))
    return ChildSpec(
        name="gateway",
        argv=[sys.executable, "-OO", "-m", "uuut_gateway"],
        env={
            **env,
            **targets,
            "UUUT_BIND": config.bind,
            "UUUT_GATEWAY_PORT": str(config.gateway_port),
        },
        log_path=config.logs_dir / "gateway.log",
        ready=http_probe(f"http://{host}:{config.gateway_port}/ready"),
        stop_grace_s=2.0,
    )


def _reachable_host(bind: str) -> str:
    """Where a local client reaches a server bound to `bind`."""
    return "127.0.0.1" if bind in ("0.0.0.0", "::", "localhost") else bind  # noqa: S104


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host


def _memory_table(children: Sequence[Child]) -> str:
    """Resident memory per process tree (PostgreSQL's backends count with it)."""
    rows, total = [], 0.0
    for child in children:
        if child.pid is None or not child.running:
            continue
        try:
            leader = psutil.Process(child.pid)
            tree = [leader, *leader.children(recursive=True)]
            mb = sum(p.memory_info().rss for p in tree) / 2**20
        except psutil.Error:
            continue
        total += mb
        rows.append(f"  {child.name:<12} {child.pid:>7} {mb:>8.1f} MB")
    header = f"  {'process':<12} {'pid':>7} {'RSS':>11}"
    return "\n".join([header, *rows, f"  {'total':<12} {'':>7} {total:>8.1f} MB"])
