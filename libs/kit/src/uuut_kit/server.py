"""How every service starts and stops: gRPC with health and reflection, the ops port, signals.

SIGTERM or SIGINT → health NOT_SERVING and /ready 503 → in-flight RPCs get `grace` seconds →
the service's own resources close → exit.
"""

from __future__ import annotations

import asyncio
import signal
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import grpc
from grpc_health.v1 import health_pb2, health_pb2_grpc
from grpc_health.v1._async import HealthServicer

from uuut_kit import lean, reflection
from uuut_kit.interceptors import ServiceInterceptor
from uuut_kit.logging import configure_logging, get_logger
from uuut_kit.ops_http import OpsServer, ReadinessCheck
from uuut_kit.settings import ServiceSettings
from uuut_kit.tokens import AUDIENCE, TokenVerifier, service_audience
from uuut_kit.tracing import configure_tracing

log = get_logger(__name__)


@dataclass(frozen=True)
class GrpcService:
    """One gRPC service a process serves: its full name and how to add it to a server."""

    full_name: str
    register: Callable[[grpc.aio.Server], None]


@dataclass
class ServiceRuntime:
    """A running service process; build it, `start()` it, then `serve_until_signalled()`."""

    name: str
    settings: ServiceSettings
    services: Sequence[GrpcService]
    checks: Mapping[str, ReadinessCheck] = field(default_factory=dict)
    public_methods: frozenset[str] = frozenset()
    verify_tokens: bool = True
    on_stop: Sequence[Callable[[], Awaitable[None]]] = ()
    grpc_port: int = 0
    ops_port: int = 0

    async def start(self) -> None:
        verifier = (
            TokenVerifier(
                self.settings.jwks_path, audiences=(AUDIENCE, service_audience(self.name))
            )
            if self.verify_tokens
            else None
        )
        self._server = grpc.aio.server(
            interceptors=[ServiceInterceptor(self.name, verifier, self.public_methods)],
            options=[("grpc.so_reuseport", 0)],
        )
        self._health = HealthServicer()
        health_pb2_grpc.add_HealthServicer_to_server(self._health, self._server)
        for service in self.services:
            service.register(self._server)
        names = [s.full_name for s in self.services]
        reflection.enable_lazy_reflection(
            [
                *names,
                health_pb2.DESCRIPTOR.services_by_name["Health"].full_name,
                reflection.SERVICE_NAME,
            ],
            self._server,
        )
        address = f"{self.settings.grpc_host}:{self.settings.grpc_port}"
        self.grpc_port = self._server.add_insecure_port(address)
        if self.grpc_port == 0:
            raise OSError(f"cannot listen on {address}")
        await self._server.start()
        self._ops = OpsServer(self.checks)
        self.ops_port = await self._ops.start(self.settings.grpc_host, self.settings.ops_port)
        for name in ["", *names]:
            await self._health.set(name, health_pb2.HealthCheckResponse.SERVING)
        log.info("service_started", grpc_port=self.grpc_port, ops_port=self.ops_port)

    async def stop(self) -> None:
        self._ops.shutting_down = True
        await self._health.enter_graceful_shutdown()
        await self._server.stop(self.settings.shutdown_grace_s)
        for close in self.on_stop:
            await close()
        await self._ops.stop()
        log.info("service_stopped")

    async def serve_until_signalled(self) -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(signum, stop.set)
        await stop.wait()
        log.info("service_stopping")
        await self.stop()


def run_service(
    name: str, settings: ServiceSettings, build: Callable[[], Awaitable[ServiceRuntime]]
) -> None:
    """The body of every service's `__main__`: configure, build, serve until signalled."""
    configure_logging(name, settings.log_level, settings.log_format)
    configure_tracing(name, settings.otel_exporter, settings.otel_endpoint)

    async def main() -> None:
        runtime = await build()
        await runtime.start()
        lean.settle()
        await runtime.serve_until_signalled()

    asyncio.run(main())


def keys_published(jwks_path: Path) -> ReadinessCheck:
    """A readiness check: the auth service has published the keys tokens are checked with."""

    async def check() -> None:
        if not await asyncio.to_thread(jwks_path.is_file):
            raise FileNotFoundError("no JWKS published yet")

    return check
