"""One limiter per process for every call to AniList: stay under its per-minute limit.

A sliding window of the last minute's requests; AniList's own signals (429 with Retry-After,
X-RateLimit-Remaining: 0) block it for as long as AniList says. A caller waits for a slot at
most `max_wait_s`; beyond that it is told when to come back instead.
"""

from __future__ import annotations

import asyncio
import math
import time
from collections import deque
from collections.abc import Awaitable, Callable


class RateLimited(Exception):
    """No request slot within the time the caller may wait."""

    def __init__(self, retry_after_s: int) -> None:
        super().__init__(f"rate limited for {retry_after_s}s")
        self.retry_after_s = retry_after_s


class RequestLimiter:
    def __init__(
        self,
        per_window: int,
        window_s: float = 60.0,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        if per_window < 1:
            raise ValueError("the limiter needs at least one request per window")
        self._per_window = per_window
        self._window_s = window_s
        self._clock = clock
        self._sleep = sleep
        self._sent: deque[float] = deque()
        self._blocked_until = 0.0
        self._lock = asyncio.Lock()

    async def acquire(self, max_wait_s: float) -> float:
        """Take a slot, waiting up to `max_wait_s`; returns the seconds waited."""
        started = self._clock()
        give_up_at = started + max_wait_s
        async with self._lock:  # first come, first served
            while True:
                now = self._clock()
                free_at = self._free_at(now)
                if free_at <= now:
                    self._sent.append(now)
                    return now - started
                if free_at > give_up_at:
                    raise RateLimited(max(1, math.ceil(free_at - now)))
                await self._sleep(free_at - now)

    def block_for(self, seconds: float) -> None:
        """Send nothing for `seconds` (AniList said so)."""
        self._blocked_until = max(self._blocked_until, self._clock() + seconds)

    def retry_after_s(self) -> int:
        """Seconds until a slot frees up (0: one is free now)."""
        now = self._clock()
        return max(0, math.ceil(self._free_at(now) - now))

    def _free_at(self, now: float) -> float:
        while self._sent and self._sent[0] <= now - self._window_s:
            self._sent.popleft()
        free_at = self._blocked_until
        if len(self._sent) >= self._per_window:
            free_at = max(free_at, self._sent[0] + self._window_s)
        return free_at
