"""Client channels to the services: deadlines, retries, token and trace forwarding."""

from __future__ import annotations

import json
from collections.abc import Callable
from contextvars import ContextVar
from typing import Any

import grpc

from uuut_kit import tracing

DEFAULT_DEADLINE_S = 5.0

# The id of the request being served, so one id follows it through every service's logs.
forwarded_request_id: ContextVar[str | None] = ContextVar("forwarded_request_id", default=None)

_RETRY_POLICY = {
    "methodConfig": [
        {
            "name": [{}],
            "retryPolicy": {
                "maxAttempts": 3,
                "initialBackoff": "0.05s",
                "maxBackoff": "0.5s",
                "backoffMultiplier": 3,
                "retryableStatusCodes": ["UNAVAILABLE"],
            },
        }
    ]
}


class _OutgoingMetadata(
    grpc.aio.UnaryUnaryClientInterceptor, grpc.aio.UnaryStreamClientInterceptor
):
    """Adds a default deadline, the request id and the trace context to every call."""

    def __init__(self, deadline_s: float) -> None:
        self._deadline_s = deadline_s

    def _details(self, details: grpc.aio.ClientCallDetails, streaming: bool) -> Any:
        metadata = list(details.metadata or ())
        request_id = forwarded_request_id.get()
        if request_id:
            metadata.append(("x-request-id", request_id))
        carrier: dict[str, str] = {}
        tracing.inject_into(carrier)
        metadata.extend(carrier.items())
        # Streams (watching torrents) live as long as the caller wants; unary calls do not.
        timeout = details.timeout if details.timeout is not None or streaming else self._deadline_s
        return grpc.aio.ClientCallDetails(
            method=details.method,
            timeout=timeout,
            metadata=grpc.aio.Metadata(*metadata),
            credentials=details.credentials,
            wait_for_ready=details.wait_for_ready,
        )

    async def intercept_unary_unary(
        self, continuation: Callable, details: Any, request: Any
    ) -> Any:
        return await continuation(self._details(details, streaming=False), request)

    async def intercept_unary_stream(
        self, continuation: Callable, details: Any, request: Any
    ) -> Any:
        return await continuation(self._details(details, streaming=True), request)


def create_channel(target: str, *, deadline_s: float = DEFAULT_DEADLINE_S) -> grpc.aio.Channel:
    """An insecure channel to a service on the private network, with our client policy."""
    return grpc.aio.insecure_channel(
        target,
        options=[
            ("grpc.enable_retries", 1),
            ("grpc.service_config", json.dumps(_RETRY_POLICY)),
            ("grpc.keepalive_time_ms", 30_000),
        ],
        interceptors=[_OutgoingMetadata(deadline_s)],
    )
