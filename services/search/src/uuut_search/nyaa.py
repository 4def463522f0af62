"""The Nyaa RSS client: polite (two requests in flight, spaced), cached, bounded in time.

Nyaa answers 429 under load and has no documented Retry-After, so we keep at most
`max_in_flight` requests open, start them at least `min_interval_s` apart, back off once on a
429 and then give up with UPSTREAM_RATE_LIMITED. Answers are cached for `cache_ttl_s`.
"""

from __future__ import annotations

import asyncio
import time
from collections import OrderedDict
from dataclasses import dataclass

import httpx

from uuut_kit.errors import ResourceExhausted, UpstreamError, UpstreamTimeout
from uuut_kit.logging import get_logger
from uuut_search.feed import FeedError, NyaaItem, parse_feed

log = get_logger(__name__)

RATE_LIMITED = "UPSTREAM_RATE_LIMITED"
_MAX_CACHED = 512
_MAX_BODY = 4 * 1024 * 1024  # 75 items are ~100 KiB; anything far larger is not a feed


@dataclass(frozen=True, slots=True)
class NyaaOptions:
    base_url: str = "https://nyaa.si"
    category: str = "1_2"
    timeout_s: float = 10.0
    max_in_flight: int = 2
    min_interval_s: float = 0.5
    cache_ttl_s: float = 300.0
    retry_after_cap_s: float = 5.0


class _Spacing:
    """At most `limit` requests at once, each started `interval` after the previous one."""

    def __init__(self, limit: int, interval: float) -> None:
        self._slots = asyncio.Semaphore(limit)
        self._interval = interval
        self._lock = asyncio.Lock()
        self._next_start = 0.0

    async def __aenter__(self) -> None:
        await self._slots.acquire()
        async with self._lock:
            now = time.monotonic()
            wait = self._next_start - now
            self._next_start = max(now, self._next_start) + self._interval
        if wait > 0:
            await asyncio.sleep(wait)

    async def __aexit__(self, *_: object) -> None:
        self._slots.release()


class NyaaClient:
    """Searches Nyaa's RSS; one per process, shared by every request."""

    def __init__(self, options: NyaaOptions, http: httpx.AsyncClient | None = None) -> None:
        self.options = options
        self._http = http or httpx.AsyncClient(
            timeout=httpx.Timeout(options.timeout_s),
            headers={"User-Agent": "UUUTorrent/1.0 (self-hosted; RSS)"},
            follow_redirects=True,
        )
        self._spacing = _Spacing(options.max_in_flight, options.min_interval_s)
        self._cache: OrderedDict[tuple[str, bool], tuple[float, list[NyaaItem]]] = OrderedDict()
        self._pending: dict[tuple[str, bool], asyncio.Future[list[NyaaItem]]] = {}
        self.requests_sent = 0

    async def close(self) -> None:
        await self._http.aclose()

    async def search(self, query: str, *, trusted_only: bool = False) -> list[NyaaItem]:
        """Nyaa's newest (at most 75) releases matching every word of `query`."""
        key = (" ".join(query.split()), trusted_only)
        cached = self._cache.get(key)
        if cached and time.monotonic() - cached[0] < self.options.cache_ttl_s:
            self._cache.move_to_end(key)
            return cached[1]
        pending = self._pending.get(key)
        if pending is not None:  # the same search is already on its way: share its answer
            return await asyncio.shield(pending)
        future: asyncio.Future[list[NyaaItem]] = asyncio.get_running_loop().create_future()
        self._pending[key] = future
        try:
            items = await self._fetch(key[0], trusted_only)
        except BaseException as error:
            future.set_exception(error)
            future.exception()  # retrieved: nobody else may be waiting
            raise
        else:
            future.set_result(items)
            self._remember(key, items)
            return items
        finally:
            self._pending.pop(key, None)

    def _remember(self, key: tuple[str, bool], items: list[NyaaItem]) -> None:
        self._cache[key] = (time.monotonic(), items)
        self._cache.move_to_end(key)
        while len(self._cache) > _MAX_CACHED:
            self._cache.popitem(last=False)

    async def _fetch(self, query: str, trusted_only: bool) -> list[NyaaItem]:
        params = {
            "page": "rss",
            "q": query,
            "c": self.options.category,
            "f": "2" if trusted_only else "0",
        }
        url = self.options.base_url.rstrip("/") + "/"
        for attempt in (1, 2):
            response = await self._get(url, params)
            if response.status_code != 429:
                break
            retry_after = _retry_after(response, self.options.retry_after_cap_s)
            log.warning("nyaa_rate_limited", attempt=attempt, retry_after_s=retry_after)
            if attempt == 2:
                raise ResourceExhausted(
                    "Nyaa is rate-limiting our searches; try again shortly",
                    retry_after_s=max(1, round(retry_after)),
                    reason=RATE_LIMITED,
                )
            await asyncio.sleep(retry_after)
        if response.status_code >= 400:
            raise UpstreamError(f"Nyaa answered HTTP {response.status_code}")
        if len(response.content) > _MAX_BODY:
            raise UpstreamError("Nyaa's answer is too large to be a search feed")
        try:
            items = await asyncio.to_thread(parse_feed, response.content)
        except FeedError as error:
            raise UpstreamError(f"Nyaa answered something that is not RSS: {error}") from None
        log.info("nyaa_search", results=len(items), status=response.status_code)
        return items

    async def _get(self, url: str, params: dict[str, str]) -> httpx.Response:
        async with self._spacing:
            self.requests_sent += 1
            try:
                return await self._http.get(url, params=params)
            except httpx.TimeoutException:
                raise UpstreamTimeout("Nyaa did not answer in time") from None
            except httpx.HTTPError as error:
                raise UpstreamError(f"Nyaa could not be reached ({type(error).__name__})") from None


def _retry_after(response: httpx.Response, cap: float) -> float:
    try:
        value = float(response.headers.get("retry-after", "2"))
    except ValueError:
        value = 2.0
    return min(max(value, 0.5), cap)
