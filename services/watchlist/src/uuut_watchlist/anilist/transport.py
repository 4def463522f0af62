"""One AniList GraphQL call, done carefully.

Every call: the circuit breaker may refuse it at once; the process-wide limiter gives it a slot
(or the caller learns when to come back); each attempt has a deadline and the whole call a
budget; network errors, timeouts and 5xx are retried with backoff, 4xx never. AniList's answers
map to domain errors: "Invalid token" (400) and 401 → ANILIST_RELINK, 404 → not found, 429 →
the limiter is blocked for Retry-After and the caller gets UPSTREAM_RATE_LIMITED, anything else
→ UPSTREAM_ERROR or UPSTREAM_TIMEOUT naming AniList. Tokens never reach a log or an error.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import httpx

from uuut_kit.errors import UpstreamError, UpstreamTimeout
from uuut_kit.logging import get_logger
from uuut_watchlist import metrics
from uuut_watchlist.breaker import CircuitBreaker, CircuitOpen
from uuut_watchlist.errors import AniListNotFound, AniListRelink, UpstreamRateLimited
from uuut_watchlist.limiter import RateLimited, RequestLimiter

log = get_logger(__name__)

# When AniList says 429 without Retry-After, its documented timeout is one minute.
_DEFAULT_RETRY_AFTER_S = 60
_MAX_RETRY_AFTER_S = 3600


@dataclass(frozen=True, slots=True)
class CallPolicy:
    budget_s: float = 8.0
    attempt_timeout_s: float = 4.0
    retries: int = 2
    backoff_s: float = 0.2
    max_limiter_wait_s: float = 3.0


class _Retryable(Exception):
    """An attempt failed in a way worth another try (network, timeout, 5xx)."""

    def __init__(self, outcome: str, final: UpstreamError | UpstreamTimeout) -> None:
        super().__init__(final.message)
        self.outcome = outcome
        self.final = final


class AniListTransport:
    def __init__(
        self,
        url: str,
        http: httpx.AsyncClient,
        limiter: RequestLimiter,
        breaker: CircuitBreaker,
        policy: CallPolicy,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self._url = url
        self._http = http
        self._limiter = limiter
        self._breaker = breaker
        self._policy = policy
        self._clock = clock
        self._sleep = sleep

    async def execute(
        self, operation: str, query: str, variables: dict[str, Any], token: str | None
    ) -> dict[str, Any]:
        """Run one GraphQL document; its `data`, or a domain error."""
        try:
            self._breaker.before_call()
        except CircuitOpen as refused:
            metrics.anilist_refused.labels("circuit").inc()
            raise UpstreamError(
                f"AniList is failing; not asking it again for {refused.retry_after_s}s"
            ) from None
        deadline = self._clock() + self._policy.budget_s
        attempt = 0
        while True:
            try:
                data = await self._attempt(operation, query, variables, token, deadline)
            except _Retryable as failure:
                attempt += 1
                delay = self._policy.backoff_s * (2 ** (attempt - 1)) * (0.5 + random.random())
                if attempt > self._policy.retries or self._clock() + delay >= deadline:
                    self._breaker.record_failure()
                    log.warning("anilist_failed", operation=operation, outcome=failure.outcome)
                    raise failure.final from None
                log.info("anilist_retry", operation=operation, outcome=failure.outcome)
                await self._sleep(delay)
            except BaseException:
                # AniList answered about this one request (4xx, 429, a bad document), or we
                # were cancelled: nothing said about its health.
                self._breaker.record_neutral()
                raise
            else:
                self._breaker.record_success()
                return data

    async def _attempt(
        self,
        operation: str,
        query: str,
        variables: dict[str, Any],
        token: str | None,
        deadline: float,
    ) -> dict[str, Any]:
        remaining = deadline - self._clock()
        try:
            waited = await self._limiter.acquire(
                max(0.0, min(self._policy.max_limiter_wait_s, remaining - 0.1))
            )
        except RateLimited as limited:
            metrics.anilist_refused.labels("limiter").inc()
            raise UpstreamRateLimited(limited.retry_after_s) from None
        metrics.limiter_wait_seconds.observe(waited)
        timeout = min(self._policy.attempt_timeout_s, deadline - self._clock())
        if timeout <= 0:
            raise _Retryable("timeout", UpstreamTimeout("AniList did not answer in time"))
        headers = {"Accept": "application/json"}
        if token is not None:
            headers["Authorization"] = f"Bearer {token}"
        started = self._clock()
        outcome = "ok"
        try:
            response = await self._http.post(
                self._url,
                json={"query": query, "variables": variables},
                headers=headers,
                timeout=timeout,
            )
        except httpx.TimeoutException:
            outcome = "timeout"
            raise _Retryable(outcome, UpstreamTimeout("AniList did not answer in time")) from None
        except httpx.TransportError as error:
            outcome = "network_error"
            raise _Retryable(
                outcome, UpstreamError(f"AniList could not be reached ({type(error).__name__})")
            ) from None
        finally:
            metrics.anilist_request_seconds.labels(operation).observe(self._clock() - started)
            if outcome != "ok":
                metrics.anilist_requests.labels(operation, outcome).inc()
        outcome, result = self._interpret(response)
        metrics.anilist_requests.labels(operation, outcome).inc()
        if isinstance(result, Exception):
            raise result
        return result

    def _interpret(self, response: httpx.Response) -> tuple[str, Any]:
        """(outcome label, data or the exception to raise) for one HTTP answer."""
        self._note_rate_headers(response)
        status = response.status_code
        if status == 429:
            retry_after = _retry_after(response)
            self._limiter.block_for(retry_after)
            return "rate_limited", UpstreamRateLimited(retry_after)
        if status >= 500:
            return "server_error", _Retryable(
                "server_error", UpstreamError(f"AniList answered HTTP {status}")
            )
        try:
            body = response.json()
        except ValueError:
            return "bad_response", UpstreamError(f"AniList answered HTTP {status} without JSON")
        message = _first_error(body)
        if status in (400, 401) and (status == 401 or message == "Invalid token"):
            return "invalid_token", AniListRelink()
        if status == 404:
            return "not_found", AniListNotFound("AniList has no such media or user")
        if status != 200 or message is not None:
            detail = f": {message}" if message else ""
            return "rejected", UpstreamError(f"AniList refused the request (HTTP {status}){detail}")
        data = body.get("data") if isinstance(body, dict) else None
        if not isinstance(data, dict):
            return "bad_response", UpstreamError("AniList answered without data")
        return "ok", data

    def _note_rate_headers(self, response: httpx.Response) -> None:
        # AniList counts every client of this address, not only us: trust what it says.
        remaining = response.headers.get("X-RateLimit-Remaining")
        if remaining is not None and remaining.strip() == "0" and response.status_code != 429:
            reset = _int_header(response, "X-RateLimit-Reset")
            wait = reset - time.time() if reset else _DEFAULT_RETRY_AFTER_S
            self._limiter.block_for(min(max(wait, 1), _DEFAULT_RETRY_AFTER_S))


def _first_error(body: Any) -> str | None:
    if not isinstance(body, dict):
        return None
    errors = body.get("errors")
    if not isinstance(errors, list) or not errors:
        return None
    first = errors[0]
    message = first.get("message") if isinstance(first, dict) else None
    return str(message)[:200] if message is not None else "unknown error"


def _int_header(response: httpx.Response, name: str) -> int | None:
    try:
        return int(response.headers.get(name, ""))
    except ValueError:
        return None


def _retry_after(response: httpx.Response) -> int:
    seconds = _int_header(response, "Retry-After")
    if seconds is None or seconds < 0:
        return _DEFAULT_RETRY_AFTER_S
    return max(1, min(seconds, _MAX_RETRY_AFTER_S))
