"""Time in the flows: one deadline for a whole request, and how long each step took.

Each step's duration goes to the gateway's /metrics (labels: step names only) and, for a
download, back to the caller in `timings_ms`.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from prometheus_client import Counter, Histogram

from uuut_gateway.flows.errors import out_of_time

_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.15, 0.25, 0.5, 1, 2.5, 5, 10, 20, 30, 60, 120)

download_step_seconds = Histogram(
    "gateway_download_step_seconds",
    "Time each step of POST /watchlist/download took (total: the whole flow).",
    ["step"],
    buckets=_BUCKETS,
)
catch_up_seconds = Histogram(
    "gateway_catch_up_seconds", "Time a POST /watchlist/catch-up took.", buckets=_BUCKETS
)
catch_up_episodes = Counter(
    "gateway_catch_up_episodes_total",
    "Episodes catch-up tried, by outcome (queued, not_found).",
    ["outcome"],
)

Clock = Callable[[], float]


class Deadline:
    """A point in time every call of one request must finish by."""

    def __init__(self, budget_s: float, clock: Clock = time.monotonic) -> None:
        self._clock = clock
        self._ends_at = clock() + budget_s

    def remaining(self) -> float:
        return self._ends_at - self._clock()

    def timeout(self, step: str, cap_s: float, keep_s: float = 0.0) -> float:
        """The timeout of the next call: at most `cap_s`, leaving `keep_s` for later steps;
        504 upstream_timeout when nothing is left."""
        left = self.remaining() - keep_s
        if left <= 0:
            raise out_of_time(step)
        return min(cap_s, left)


class StepTimes:
    """Milliseconds per step of one request, observed into a histogram as they end."""

    def __init__(self, histogram: Histogram | None = None, clock: Clock = time.perf_counter):
        self._histogram = histogram
        self._clock = clock
        self._started = clock()
        self.ms: dict[str, float] = {}

    @contextmanager
    def step(self, name: str) -> Iterator[None]:
        started = self._clock()
        try:
            yield
        finally:
            self._record(name, self._clock() - started)

    def skipped(self, name: str) -> None:
        """A step this request did not need: 0 ms, not observed."""
        self.ms.setdefault(name, 0.0)

    def finish(self) -> dict[str, float]:
        self._record("total", self._clock() - self._started)
        return dict(self.ms)

    def _record(self, name: str, seconds: float) -> None:
        self.ms[name] = round(seconds * 1000, 1)
        if self._histogram is not None:
            self._histogram.labels(name).observe(seconds)
