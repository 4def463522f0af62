"""A circuit breaker for AniList: after repeated failures, fail fast for a while.

Closed: calls go through; `failure_threshold` failures in a row open it. Open: calls are
refused at once for `reset_after_s`. Then one trial call goes through (half-open): success
closes it, failure opens it again. Only failures that say AniList is unwell count (5xx,
timeouts, network errors), never 4xx answers about one request.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from enum import Enum


class BreakerState(Enum):
    CLOSED = 0
    OPEN = 1
    HALF_OPEN = 2


class CircuitOpen(Exception):
    """Calls are refused for now; `retry_after_s` until the next trial."""

    def __init__(self, retry_after_s: int) -> None:
        super().__init__(f"circuit open for {retry_after_s}s")
        self.retry_after_s = retry_after_s


class CircuitBreaker:
    def __init__(
        self,
        failure_threshold: int = 5,
        reset_after_s: float = 30.0,
        *,
        clock: Callable[[], float] = time.monotonic,
        on_change: Callable[[BreakerState], None] = lambda state: None,
    ) -> None:
        self._threshold = failure_threshold
        self._reset_after_s = reset_after_s
        self._clock = clock
        self._on_change = on_change
        self._failures = 0
        self._opened_at = 0.0
        self._trial_running = False
        self.state = BreakerState.CLOSED

    def before_call(self) -> None:
        """Raise CircuitOpen unless a call may go through now."""
        if self.state is BreakerState.CLOSED:
            return
        now = self._clock()
        if self.state is BreakerState.OPEN:
            reopen_at = self._opened_at + self._reset_after_s
            if now < reopen_at:
                raise CircuitOpen(max(1, math.ceil(reopen_at - now)))
            self._set(BreakerState.HALF_OPEN)
        if self._trial_running:  # half-open: one trial at a time
            raise CircuitOpen(1)
        self._trial_running = True

    def record_success(self) -> None:
        self._failures = 0
        self._trial_running = False
        if self.state is not BreakerState.CLOSED:
            self._set(BreakerState.CLOSED)

    def record_failure(self) -> None:
        self._trial_running = False
        self._failures += 1
        if self.state is BreakerState.HALF_OPEN or self._failures >= self._threshold:
            self._opened_at = self._clock()
            if self.state is not BreakerState.OPEN:
                self._set(BreakerState.OPEN)

    def record_neutral(self) -> None:
        """The call ended without telling whether AniList is well (e.g. a 4xx answer)."""
        self._trial_running = False
        if self.state is BreakerState.HALF_OPEN:
            self.record_success()

    def _set(self, state: BreakerState) -> None:
        self.state = state
        self._on_change(state)
