"""The one server interceptor: trace context, caller, errors and per-method metrics.

Domain code raises `DomainError`s and never touches gRPC status; this turns them into a status
with one `google.rpc.ErrorInfo` detail, counts every RPC by code and times it.
"""

from __future__ import annotations

import asyncio
import contextvars
import inspect
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from typing import Any

import grpc
from google.protobuf import any_pb2
from google.rpc import error_details_pb2, status_pb2
from opentelemetry import trace

from uuut_kit import context, metrics, tracing
from uuut_kit.errors import DependencyUnavailable, DomainError, Unauthenticated
from uuut_kit.logging import get_logger
from uuut_kit.tokens import InvalidToken, TokenVerifier

log = get_logger(__name__)

STATUS_DETAILS_KEY = "grpc-status-details-bin"
# Probes and tooling answer without a token.
ALWAYS_PUBLIC_SERVICES = frozenset(
    {
        "grpc.health.v1.Health",
        "grpc.reflection.v1alpha.ServerReflection",
        "grpc.reflection.v1.ServerReflection",
    }
)


def error_trailers(error: DomainError, domain: str) -> tuple[tuple[str, bytes], ...]:
    """The trailing metadata that carries a DomainError as google.rpc.Status + ErrorInfo."""
    info = error_details_pb2.ErrorInfo(reason=error.reason, domain=domain, metadata=error.metadata)
    detail = any_pb2.Any()
    detail.Pack(info)
    status = status_pb2.Status(code=error.status.value[0], message=error.message, details=[detail])
    return ((STATUS_DETAILS_KEY, status.SerializeToString()),)


def _database_unavailable(error: Exception) -> bool:
    """Whether `error` says the database cannot be reached now.

    `uuut_kit.db` is imported here, when an RPC has failed, not with this module: the gateway
    imports this module for its constants and has no database, and importing db would cost it
    asyncpg (about 2 MB resident) for nothing. Services have it loaded already.
    """
    from uuut_kit.db import is_unavailable

    return is_unavailable(error)


class ServiceInterceptor(grpc.aio.ServerInterceptor):
    """Wraps every handler of a service's server."""

    def __init__(
        self,
        service: str,
        verifier: TokenVerifier | None,
        public_methods: frozenset[str] = frozenset(),
    ) -> None:
        self._domain = f"uuutorrent.{service}"
        self._verifier = verifier
        self._public_methods = public_methods
        self._tracer = tracing.tracer(self._domain)

    async def intercept_service(
        self,
        continuation: Callable[[grpc.HandlerCallDetails], Awaitable[grpc.RpcMethodHandler]],
        handler_call_details: grpc.HandlerCallDetails,
    ) -> grpc.RpcMethodHandler:
        handler = await continuation(handler_call_details)
        if handler is None:
            return None
        full_method = handler_call_details.method
        service, _, method = full_method.lstrip("/").partition("/")
        needs_caller = (
            self._verifier is not None
            and service not in ALWAYS_PUBLIC_SERVICES
            and full_method not in self._public_methods
        )
        call = _Call(self, service, method, needs_caller)
        kwargs = {
            "request_deserializer": handler.request_deserializer,
            "response_serializer": handler.response_serializer,
        }
        if handler.unary_unary:
            return grpc.unary_unary_rpc_method_handler(call.unary(handler.unary_unary), **kwargs)
        if handler.stream_unary:
            return grpc.stream_unary_rpc_method_handler(call.unary(handler.stream_unary), **kwargs)
        if handler.unary_stream:
            return grpc.unary_stream_rpc_method_handler(call.stream(handler.unary_stream), **kwargs)
        return grpc.stream_stream_rpc_method_handler(call.stream(handler.stream_stream), **kwargs)


class _Call:
    """What the interceptor does around one method's handler."""

    def __init__(
        self, owner: ServiceInterceptor, service: str, method: str, needs_caller: bool
    ) -> None:
        self.owner = owner
        self.service = service
        self.method = method
        self.needs_caller = needs_caller

    def unary(self, behavior: Callable[..., Awaitable[Any]]) -> Callable[..., Awaitable[Any]]:
        async def handle(request: Any, ctx: grpc.aio.ServicerContext) -> Any:
            async with _Scope(self, ctx) as scope:
                return await scope.guard(lambda: behavior(request, ctx))

        return handle

    def stream(self, behavior: Callable[..., Any]) -> Callable[..., AsyncIterator[Any]]:
        async def handle(request: Any, ctx: grpc.aio.ServicerContext) -> AsyncIterator[Any]:
            async with _Scope(self, ctx) as scope:
                async for item in scope.guard_stream(lambda: behavior(request, ctx)):
                    yield item

        return handle


class _Scope:
    """One RPC: context variables, span, caller check, error mapping and metrics."""

    def __init__(self, call: _Call, ctx: grpc.aio.ServicerContext) -> None:
        self.call = call
        self.ctx = ctx
        self.code = grpc.StatusCode.OK
        self.metadata: Mapping[str, Any] = {
            key: value for key, value in (ctx.invocation_metadata() or ())
        }

    async def __aenter__(self) -> _Scope:
        self.started = time.perf_counter()
        self.tokens: list[contextvars.Token[Any]] = [
            context.request_id.set(str(self.metadata.get("x-request-id") or uuid.uuid4().hex)),
            context.current_caller.set(None),
        ]
        self.span_cm = self.call.owner._tracer.start_as_current_span(
            f"{self.call.service}/{self.call.method}",
            context=tracing.extract_from(
                {k: v for k, v in self.metadata.items() if isinstance(v, str)}
            ),
            kind=trace.SpanKind.SERVER,
        )
        self.span_cm.__enter__()
        return self

    def _authenticate(self) -> None:
        verifier = self.call.owner._verifier
        if not self.call.needs_caller or verifier is None:
            return
        scheme, _, token = str(self.metadata.get("authorization", "")).partition(" ")
        try:
            if scheme.lower() != "bearer" or not token:
                raise InvalidToken("missing bearer token")
            self.tokens.append(context.current_caller.set(verifier.verify(token)))
        except InvalidToken as exc:
            raise Unauthenticated(str(exc)) from None

    async def guard(self, start: Callable[[], Awaitable[Any]]) -> Any:
        try:
            self._authenticate()
            return await start()
        except (grpc.aio.AbortError, asyncio.CancelledError):
            raise
        except Exception as error:
            await self._abort(error)

    async def guard_stream(self, start: Callable[[], Any]) -> AsyncIterator[Any]:
        try:
            self._authenticate()
            result = start()
            if inspect.isasyncgen(result):
                async for item in result:
                    yield item
            else:  # a handler that writes with ctx.write()
                await result
        except (grpc.aio.AbortError, asyncio.CancelledError):
            raise
        except Exception as error:
            await self._abort(error)

    async def _abort(self, error: Exception) -> None:
        if not isinstance(error, DomainError) and _database_unavailable(error):
            # The database is down or restarting: the caller may try again shortly.
            log.warning("database_unavailable", method=self.call.method, error=repr(error))
            error = DependencyUnavailable("the database is unavailable; try again shortly")
        if not isinstance(error, DomainError):
            # A bug: log it whole, tell the caller nothing about our internals.
            log.error("rpc_failed", method=self.call.method, exc_info=error)
            error = DomainError("internal error", reason="INTERNAL")
            error.status = grpc.StatusCode.INTERNAL
        self.code = error.status
        await self.ctx.abort(
            error.status,
            error.message,
            trailing_metadata=error_trailers(error, self.call.owner._domain),
        )

    async def __aexit__(self, exc_type: Any, exc: BaseException | None, tb: Any) -> bool:
        if exc is not None and self.code == grpc.StatusCode.OK:
            # Cancelled by the client, or aborted by the handler itself with ctx.abort().
            self.code = (
                grpc.StatusCode.CANCELLED
                if isinstance(exc, asyncio.CancelledError)
                else (self.ctx.code() or grpc.StatusCode.UNKNOWN)
            )
        if self.code != grpc.StatusCode.OK:
            trace.get_current_span().set_status(trace.StatusCode.ERROR, self.code.name)
        self._finish()
        self.span_cm.__exit__(exc_type, exc, tb)
        for token in reversed(self.tokens):
            token.var.reset(token)
        return False

    def _finish(self) -> None:
        elapsed = time.perf_counter() - self.started
        labels = (self.call.service, self.call.method)
        metrics.grpc_server_handled.labels(*labels, self.code.name).inc()
        metrics.grpc_server_handling_seconds.labels(*labels).observe(elapsed)
        caller = context.current_caller.get()
        log.info(
            "rpc",
            method=self.call.method,
            code=self.code.name,
            duration_ms=round(elapsed * 1000, 2),
            request_id=context.request_id.get(),
            user_id=caller.subject if caller else None,
        )
