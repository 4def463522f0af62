"""Failed-login throttling: at most N failures per username and per client address in a window.

Attempts still being checked (bcrypt takes a while) are counted too: when the failures so far
plus the attempts in flight reach the limit, a new attempt waits for one of them to end. So
a burst of parallel guesses gets exactly N tries, while a burst of good logins (a benchmark,
a household behind one address) only queues. Kept in memory: the auth service runs as one
process, and a restart forgetting the counts is acceptable. A success does not clear earlier
failures: the limit is on failures in the window, so someone guessing cannot reset it by
waiting for the owner to log in. The table is bounded so a flood of made-up usernames cannot
grow it without end.
"""

from __future__ import annotations

import asyncio
import math
import time
from collections import Counter, OrderedDict, deque
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager

from uuut_auth.errors import LoginThrottled

MAX_TRACKED_KEYS = 100_000
_KEY_CHARS = 64  # longer than any valid username or IPv6 address with zone


class LoginThrottle:
    def __init__(
        self,
        limit: int,
        window_s: float,
        clock: Callable[[], float] = time.monotonic,
        max_keys: int = MAX_TRACKED_KEYS,
    ) -> None:
        self._limit = limit
        self._window_s = window_s
        self._clock = clock
        self._max_keys = max_keys
        self._failures: OrderedDict[str, deque[float]] = OrderedDict()
        self._in_flight: Counter[str] = Counter()
        # Replaced by a fresh event each time an attempt ends: waiters wake and look again.
        self._changed = asyncio.Event()

    @staticmethod
    def keys(username: str, client_address: str) -> list[str]:
        """What failures are counted against: the username, and the address when known."""
        # Bounded: a made-up megabyte "username" must not become a megabyte of memory.
        keys = [f"user:{username.lower()[:_KEY_CHARS]}"]
        if client_address:
            keys.append(f"addr:{client_address[:_KEY_CHARS]}")
        return keys

    @asynccontextmanager
    async def attempt(
        self, keys: Sequence[str], failures: tuple[type[BaseException], ...]
    ) -> AsyncIterator[None]:
        """Guard one attempt: LoginThrottled at the limit, else run it and count it as a
        failure if it raises one of `failures`."""
        while True:
            self.check(keys)
            if all(self._pending(key) < self._limit for key in keys):
                break
            await self._changed.wait()
        for key in keys:
            self._in_flight[key] += 1
        failed = False
        try:
            yield
        except failures:
            failed = True
            raise
        finally:
            # Synchronous on purpose: nothing can interleave, even when cancelled.
            for key in keys:
                self._in_flight[key] -= 1
                if not self._in_flight[key]:
                    del self._in_flight[key]
            if failed:
                self._record(keys)
            self._changed.set()
            self._changed = asyncio.Event()

    def check(self, keys: Sequence[str]) -> None:
        """Raise LoginThrottled when any key is at the limit, with the longest wait."""
        now = self._clock()
        wait = 0.0
        for key in keys:
            failures = self._recent(key, now)
            if failures is not None and len(failures) >= self._limit:
                wait = max(wait, failures[0] + self._window_s - now)
        if wait > 0:
            raise LoginThrottled(retry_after_s=max(1, math.ceil(wait)))

    def _pending(self, key: str) -> int:
        """Failures in the window plus attempts still in flight."""
        return len(self._recent(key, self._clock()) or ()) + self._in_flight[key]

    def _record(self, keys: Sequence[str]) -> None:
        now = self._clock()
        for key in keys:
            failures = self._recent(key, now)
            if failures is None:
                failures = self._failures[key] = deque()
                while len(self._failures) > self._max_keys:
                    self._failures.popitem(last=False)
            else:
                self._failures.move_to_end(key)
            failures.append(now)

    def _recent(self, key: str, now: float) -> deque[float] | None:
        failures = self._failures.get(key)
        if failures is None:
            return None
        while failures and failures[0] <= now - self._window_s:
            failures.popleft()
        if not failures:
            del self._failures[key]
            return None
        return failures
