"""Failed-login throttling: at most N failures per username and per client address in a window.

Kept in memory: the auth service runs as one process, and a restart forgetting the counts is
acceptable. A success does not clear a username's failures: the limit is on failures in
the window, so someone guessing cannot reset it by waiting for the owner to log in. The table
is bounded so a flood of made-up usernames cannot grow it without end.
"""

from __future__ import annotations

import math
import time
from collections import OrderedDict, deque
from collections.abc import Callable, Iterable

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

    @staticmethod
    def keys(username: str, client_address: str) -> list[str]:
        """What failures are counted against: the username, and the address when known."""
        # Bounded: a made-up megabyte "username" must not become a megabyte of memory.
        keys = [f"user:{username.lower()[:_KEY_CHARS]}"]
        if client_address:
            keys.append(f"addr:{client_address[:_KEY_CHARS]}")
        return keys

    def check(self, keys: Iterable[str]) -> None:
        """Raise LoginThrottled when any key is over the limit, with the longest wait."""
        now = self._clock()
        wait = 0.0
        for key in keys:
            failures = self._recent(key, now)
            if failures is not None and len(failures) >= self._limit:
                wait = max(wait, failures[0] + self._window_s - now)
        if wait > 0:
            raise LoginThrottled(retry_after_s=max(1, math.ceil(wait)))

    def record_failure(self, keys: Iterable[str]) -> None:
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
