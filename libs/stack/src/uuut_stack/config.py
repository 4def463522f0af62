"""What `uuutorrent up` reads from the environment, and the ports it plans to use."""

from __future__ import annotations

import errno
import socket
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from uuut_stack.errors import StackError
from uuut_stack.qbittorrent import QbittorrentCredentials

SERVICES = ("auth", "watchlist", "search", "torrent")
"""The gRPC services, in port order: service i (from 1) gets gRPC port B+i, ops port B+10+i."""


@dataclass(frozen=True)
class PortPlan:
    """Internal ports, all on 127.0.0.1, derived from one base so tests can move them all."""

    base: int

    def grpc(self, service: str) -> int:
        return self.base + 1 + SERVICES.index(service)

    def ops(self, service: str) -> int:
        return self.base + 11 + SERVICES.index(service)

    @property
    def qbittorrent(self) -> int:
        return self.base + 20

    @property
    def postgres(self) -> int:
        return self.base + 21


@dataclass(frozen=True)
class StackConfig:
    data_dir: Path  # absolute
    database_url: str | None  # None: run the embedded PostgreSQL
    qbittorrent_url: str | None  # None: run a local qbittorrent-nox
    qbittorrent: QbittorrentCredentials
    gateway_port: int
    bind: str
    ports: PortPlan

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> StackConfig:
        def get(name: str, default: str | None = None) -> str | None:
            return env.get(name) or default  # an empty variable counts as unset

        base = _port(get("UUUT_INTERNAL_PORT_BASE", "50050"), "UUUT_INTERNAL_PORT_BASE")
        if base + 21 > 65535:
            raise StackError("UUUT_INTERNAL_PORT_BASE must leave room for 21 ports above it")
        return cls(
            data_dir=Path(get("UUUT_DATA_DIR", "./var") or "./var").resolve(),
            database_url=get("UUUT_DATABASE_URL"),
            qbittorrent_url=(get("UUUT_QBITTORRENT_URL") or "").rstrip("/") or None,
            qbittorrent=QbittorrentCredentials(
                username=get("UUUT_QBITTORRENT_USERNAME", "admin") or "admin",
                password=get("UUUT_QBITTORRENT_PASSWORD", "adminadmin") or "adminadmin",
            ),
            gateway_port=_port(get("UUUT_GATEWAY_PORT", "8000"), "UUUT_GATEWAY_PORT"),
            bind=get("UUUT_BIND", "127.0.0.1") or "127.0.0.1",
            ports=PortPlan(base),
        )

    @property
    def keys_dir(self) -> Path:
        return self.data_dir / "keys"

    @property
    def logs_dir(self) -> Path:
        return self.data_dir / "logs"

    def internal_ports(self) -> dict[int, str]:
        """Every internal port this configuration will listen on, with what uses it."""
        used = {self.ports.grpc(s): f"{s} gRPC" for s in SERVICES}
        used |= {self.ports.ops(s): f"{s} ops HTTP" for s in SERVICES}
        if self.qbittorrent_url is None:
            used[self.ports.qbittorrent] = "qBittorrent WebUI"
        if self.database_url is None:
            used[self.ports.postgres] = "PostgreSQL"
        return used

    def check_ports_free(self) -> None:
        """Fail early, in one line, when a port we need is taken."""
        internal = self.internal_ports()
        if self.gateway_port in internal:
            raise StackError(
                f"UUUT_GATEWAY_PORT={self.gateway_port} collides with the internal ports"
                f" {self.ports.base + 1}-{self.ports.base + 21}: change one of them"
            )
        _ensure_free(self.bind, self.gateway_port, "the gateway", "set UUUT_GATEWAY_PORT")
        for port, what in sorted(internal.items()):
            _ensure_free("127.0.0.1", port, what, "set UUUT_INTERNAL_PORT_BASE")


def _port(raw: str | None, name: str) -> int:
    try:
        port = int(raw or "")
    except ValueError:
        raise StackError(f"{name} must be a port number, not {raw!r}") from None
    if not 0 < port < 65536:
        raise StackError(f"{name} must be a port number, not {raw!r}")
    return port


def _ensure_free(host: str, port: int, what: str, hint: str) -> None:
    try:
        family, kind, proto, _, address = socket.getaddrinfo(
            host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
        )[0]
    except socket.gaierror as exc:
        raise StackError(f"cannot use bind address {host!r}: {exc.strerror}") from None
    with socket.socket(family, kind, proto) as probe:
        # Like the servers themselves: a port in TIME_WAIT from our last run is free.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise StackError(
                    f"port {port} ({what}) is already in use on {host}: stop what uses it or {hint}"
                ) from None
            raise StackError(f"cannot listen on {host}:{port} ({what}): {exc.strerror}") from None
