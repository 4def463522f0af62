"""The fake AniList over HTTP: POST JSON GraphQL, AniList's statuses, bodies and rate limiting.

What it answers like AniList (see ../shared/EXTERNAL-APIS.md §2):
- every response carries `X-RateLimit-Limit` and `X-RateLimit-Remaining`; going over the limit
  (30 a minute by default) gives 429 `Too Many Requests.` with `Retry-After` and
  `X-RateLimit-Reset` for a one-minute timeout;
- a Bearer token it does not know gives 400 `Invalid token` on any request, with the requested
  root fields null in `data`; Viewer and mutations without a token give 401 `Unauthorized.`;
- unknown ids and private users give 404 `Not Found.`; documents it cannot run give 400 with a
  GraphQL error and `data: null`.
Tests can make the next requests fail or hang (`fail_next`, `delay_next`) and read what was asked
(`requests`).
"""

from __future__ import annotations

import asyncio
import json
import math
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from starlette.applications import Starlette
from starlette.requests import ClientDisconnect, Request
from starlette.responses import Response
from starlette.routing import Route

from uuut_sandbox.anilist.graphql import (
    GraphQLError,
    Operation,
    parse,
    resolve_arguments,
    select_operation,
)
from uuut_sandbox.anilist.schema import OBJECT_TYPES, project, validate
from uuut_sandbox.anilist.world import AniListError, World

_NO_QUERY = (
    'GraphQL Request must include at least one of those two parameters: "query" or "queryId"'
)
_NO_QUERY = (
    'GraphQL Request must include at least one of those two parameters: "query" or "queryId"'
)
_SERVER_ERROR_PAGE = (
    "<html>\r\n<head><title>{status}</title></head>\r\n<body>\r\n"
    "<center><h1>{status}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"
)


@dataclass
class Fault:
    """What the next request gets instead of an answer: a delay, then maybe an error status."""

    status: int | None = None
    delay_s: float = 0.0
    body: str | None = None


@dataclass(frozen=True)
class RecordedRequest:
    """One request the fake received, for tests to count and inspect."""

    operation: str  # "query", "mutation" or "" when unparsable
    root_fields: tuple[str, ...]
    variables: dict[str, Any]
    viewer_id: int | None
    status: int


@dataclass
class _Decision:
    allowed: bool
    remaining: int
    retry_after_s: int = 0
    reset_at: int = 0


@dataclass
class RateLimiter:
    """AniList's limiter: `limit` requests per minute per client, then a timeout."""

    limit: int = 30
    timeout_s: float = 60.0
    window_s: float = 60.0
    clock: Callable[[], float] = time.time
    _hits: dict[str, deque[float]] = field(default_factory=dict)
    _blocked_until: dict[str, float] = field(default_factory=dict)

    def hit(self, client: str) -> _Decision:
        now = self.clock()
        blocked_until = self._blocked_until.get(client, 0.0)
        if now < blocked_until:
            return self._refusal(blocked_until, now)
        hits = self._hits.setdefault(client, deque())
        if blocked_until:
            hits.clear()
            del self._blocked_until[client]
        while hits and hits[0] <= now - self.window_s:
            hits.popleft()
        if len(hits) >= self.limit:
            self._blocked_until[client] = now + self.timeout_s
            return self._refusal(now + self.timeout_s, now)
        hits.append(now)
        return _Decision(True, self.limit - len(hits))

    def _refusal(self, blocked_until: float, now: float) -> _Decision:
        return _Decision(False, 0, max(1, math.ceil(blocked_until - now)), math.ceil(blocked_until))


class FakeAniList:
    """An ASGI app (`.app`) serving `world` the way graphql.anilist.co does."""

    def __init__(
        self, world: World, *, rate_limit: int = 30, rate_limit_timeout_s: float = 60.0
    ) -> None:
        self.world = world
        self.limiter = RateLimiter(rate_limit, rate_limit_timeout_s, clock=world.clock)
        self.faults: deque[Fault] = deque()
        self.requests: list[RecordedRequest] = []
        self.app = Starlette(routes=[Route("/", self._endpoint, methods=["GET", "POST"])])

    def fail_next(self, status: int = 500, times: int = 1, body: str | None = None) -> None:
        """The next `times` requests get `status` (an nginx error page unless `body`)."""
        self.faults.extend(Fault(status=status, body=body) for _ in range(times))

    def delay_next(self, seconds: float, times: int = 1) -> None:
        """The next `times` requests wait `seconds` before being answered."""
        self.faults.extend(Fault(delay_s=seconds) for _ in range(times))

    def count(self, root_field: str) -> int:
        """How many requests asked for `root_field`."""
        return sum(root_field in r.root_fields for r in self.requests)

    async def _endpoint(self, request: Request) -> Response:
        client = request.client.host if request.client else "unknown"
        decision = self.limiter.hit(client)
        headers = {
            "X-RateLimit-Limit": str(self.limiter.limit),
            "X-RateLimit-Remaining": str(decision.remaining),
        }
        if not decision.allowed:
            headers |= {
                "Retry-After": str(decision.retry_after_s),
                "X-RateLimit-Reset": str(decision.reset_at),
            }
            body = {"data": None, "errors": [{"message": "Too Many Requests.", "status": 429}]}
            return self._answer(body, 429, headers, RecordedRequest("", (), {}, None, 429))
        try:
            raw = await request.body()
        except ClientDisconnect:
            return Response(status_code=400)  # nobody is listening any more
        if self.faults:
            fault = self.faults.popleft()
            if fault.delay_s:
                await asyncio.sleep(fault.delay_s)
            if fault.status is not None:
                self.requests.append(RecordedRequest("", (), {}, None, fault.status))
                text = fault.body or _SERVER_ERROR_PAGE.format(status=fault.status)
                return Response(text, fault.status, headers, media_type="text/html")
        body, status, recorded = self._graphql(request, raw)
        return self._answer(body, status, headers, recorded)

    def _answer(
        self, body: dict[str, Any], status: int, headers: dict[str, str], recorded: RecordedRequest
    ) -> Response:
        self.requests.append(recorded)
        text = json.dumps(body, separators=(",", ":"), ensure_ascii=False)
        return Response(text, status, headers, media_type="application/json")

    def _graphql(self, request: Request, raw: bytes) -> tuple[dict[str, Any], int, RecordedRequest]:
        def refused(message: str, line: int = 1, column: int = 1) -> tuple[Any, int, Any]:
            error = {
                "message": message,
                "status": 400,
                "locations": [{"line": line, "column": column}],
            }
            return {"data": None, "errors": [error]}, 400, RecordedRequest("", (), {}, None, 400)

        if request.method != "POST":
            return refused(_NO_QUERY)
        try:
            payload = json.loads(raw)
        except ValueError:
            return refused("Syntax error: the request body is not valid JSON.")
        if not isinstance(payload, dict) or not isinstance(payload.get("query"), str):
            return refused(_NO_QUERY)
        variables = payload.get("variables") or {}
        if not isinstance(variables, dict):
            return refused("Variables are invalid JSON.")
        try:
            operation = select_operation(parse(payload["query"]), payload.get("operationName"))
            root_type = "Query" if operation.kind == "query" else "Mutation"

            def arguments(selected: Any) -> dict[str, Any]:
                return resolve_arguments(selected, operation, variables)

            validate(operation.selections, root_type, arguments)
        except GraphQLError as error:
            return refused(error.message, error.line, error.column)
        return self._execute(request, operation, root_type, variables)

    def _execute(
        self, request: Request, operation: Operation, root_type: str, variables: dict[str, Any]
    ) -> tuple[dict[str, Any], int, RecordedRequest]:
        roots = operation.selections
        nulls = {root.key: None for root in roots}
        scheme, _, token = request.headers.get("authorization", "").partition(" ")
        viewer = None
        if scheme.lower() == "bearer" and token.strip():
            viewer = self.world.user_for_token(token.strip())
            if viewer is None:
                first = roots[0]
                error = _error("Invalid token", 400, first.line, first.column)
                return self._outcome(
                    {"errors": [error], "data": nulls}, 400, operation, variables, None
                )
        viewer_id = viewer["id"] if viewer else None
        resolvers = {
            "Viewer": lambda args: self.world.viewer(viewer),
            "User": lambda args: self.world.user(args, viewer),
            "Media": lambda args: self.world.media_by_id(args, viewer),
            "MediaListCollection": lambda args: self.world.media_list_collection(args, viewer),
            "SaveMediaListEntry": lambda args: self.world.save_media_list_entry(args, viewer),
        }
        data: dict[str, Any] = {}
        for root in roots:
            if root.name == "__typename":
                data[root.key] = root_type
                continue
            field_type = OBJECT_TYPES[root_type][root.name]
            try:
                args = resolve_arguments(root, operation, variables)
                value = resolvers[root.name](args)
            except AniListError as failure:
                error = _error(failure.message, failure.status, root.line, root.column)
                if failure.validation:
                    error["validation"] = failure.validation
                body = (
                    {"data": nulls, "errors": [error]}
                    if failure.status == 401
                    else {"errors": [error], "data": nulls}
                )
                return self._outcome(body, failure.status, operation, variables, viewer_id)
            assert root.selections is not None
            data[root.key] = project(
                value,
                field_type,
                root.selections,
                lambda selected: resolve_arguments(selected, operation, variables),
            )
        return self._outcome({"data": data}, 200, operation, variables, viewer_id)

    @staticmethod
    def _outcome(
        body: dict[str, Any],
        status: int,
        operation: Operation,
        variables: dict[str, Any],
        viewer_id: int | None,
    ) -> tuple[dict[str, Any], int, RecordedRequest]:
        roots = tuple(root.name for root in operation.selections)
        return body, status, RecordedRequest(operation.kind, roots, variables, viewer_id, status)


def _error(message: str, status: int, line: int, column: int) -> dict[str, Any]:
    return {"message": message, "status": status, "locations": [{"line": line, "column": column}]}
