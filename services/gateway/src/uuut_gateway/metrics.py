"""Per-route request metrics for Prometheus, labelled by the matched route's template.

Pure ASGI: the route is read from the scope after routing has run, so a request costs one
counter and one histogram update, not a second walk through the routes.
"""

from __future__ import annotations

import time

from prometheus_client import Counter, Histogram
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from uuut_kit.metrics import LATENCY_BUCKETS

REQUESTS = Counter(
    "http_requests_total",
    "Requests answered by the gateway, by route template, method and status.",
    ["handler", "method", "status"],
)
DURATION = Histogram(
    "http_request_duration_seconds",
    "Time to answer a request (to the response's first byte for streams), by route template.",
    ["handler", "method"],
    buckets=LATENCY_BUCKETS,  # as the services' RPCs: the two can be read side by side
)
# Paths that match no route are one label, so a scan cannot grow the series without bound.
UNMATCHED = "none"
_UNMEASURED = frozenset({"/metrics", "/health", "/ready"})


class RequestMetrics:
    """`templates`: the full path template of each route object included under a prefix (the
    route itself knows only its path within its router)."""

    def __init__(self, app: ASGIApp, templates: dict[int, str]) -> None:
        self.app = app
        self.templates = templates

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] in _UNMEASURED:
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        answered = False

        async def send_and_time(message: Message) -> None:
            nonlocal answered
            if message["type"] == "http.response.start":
                answered = True
                self._observe(scope, message["status"], time.perf_counter() - started)
            await send(message)

        try:
            await self.app(scope, receive, send_and_time)
        except BaseException:
            if not answered:  # the server-error handler outside answers it with a 500
                self._observe(scope, 500, time.perf_counter() - started)
            raise

    def _observe(self, scope: Scope, status: int, seconds: float) -> None:
        route = scope.get("route")
        handler = self.templates.get(id(route)) or getattr(route, "path", None) or UNMATCHED
        method = scope["method"]
        REQUESTS.labels(handler, method, str(status)).inc()
        DURATION.labels(handler, method).observe(seconds)
