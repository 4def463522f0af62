"""The limiter, the circuit breaker and the cache on a clock the tests move."""

from __future__ import annotations

import pytest

from uuut_watchlist.breaker import BreakerState, CircuitBreaker, CircuitOpen
from uuut_watchlist.cache import TtlCache
from uuut_watchlist.limiter import RateLimited, RequestLimiter


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


async def test_limiter_allows_the_window_then_waits_for_the_oldest_slot() -> None:
    clock = Clock()
    limiter = RequestLimiter(3, 60, clock=clock, sleep=clock.sleep)
    for _ in range(3):
        assert await limiter.acquire(max_wait_s=0) == 0
        clock.now += 1
    assert limiter.retry_after_s() == 57
    with pytest.raises(RateLimited) as caught:
        await limiter.acquire(max_wait_s=10)
    assert caught.value.retry_after_s == 57
    assert await limiter.acquire(max_wait_s=60) == pytest.approx(57)
    assert clock.slept == [pytest.approx(57)]


async def test_limiter_honours_a_block_from_anilist() -> None:
    clock = Clock()
    limiter = RequestLimiter(30, 60, clock=clock, sleep=clock.sleep)
    limiter.block_for(30)
    with pytest.raises(RateLimited) as caught:
        await limiter.acquire(max_wait_s=5)
    assert caught.value.retry_after_s == 30
    clock.now += 30
    assert await limiter.acquire(max_wait_s=0) == 0


def test_limiter_needs_a_positive_size() -> None:
    with pytest.raises(ValueError):
        RequestLimiter(0)


def test_breaker_opens_after_consecutive_failures_then_tries_once() -> None:
    clock = Clock()
    changes: list[BreakerState] = []
    breaker = CircuitBreaker(3, 30, clock=clock, on_change=changes.append)
    for _ in range(2):
        breaker.before_call()
        breaker.record_failure()
    breaker.before_call()
    breaker.record_success()  # a success resets the count
    for _ in range(3):
        breaker.before_call()
        breaker.record_failure()
    with pytest.raises(CircuitOpen) as caught:
        breaker.before_call()
    assert caught.value.retry_after_s == 30
    clock.now += 30
    breaker.before_call()  # the trial
    with pytest.raises(CircuitOpen):
        breaker.before_call()  # only one at a time
    breaker.record_failure()
    with pytest.raises(CircuitOpen):
        breaker.before_call()  # reopened
    clock.now += 30
    breaker.before_call()
    breaker.record_success()
    breaker.before_call()
    assert changes == [
        BreakerState.OPEN,
        BreakerState.HALF_OPEN,
        BreakerState.OPEN,
        BreakerState.HALF_OPEN,
        BreakerState.CLOSED,
    ]


def test_breaker_neutral_outcomes_neither_count_nor_block() -> None:
    clock = Clock()
    breaker = CircuitBreaker(1, 30, clock=clock)
    breaker.before_call()
    breaker.record_failure()
    clock.now += 30
    breaker.before_call()
    breaker.record_neutral()  # AniList answered (a 4xx): it is up
    assert breaker.state is BreakerState.CLOSED


def test_cache_expires_and_stays_bounded() -> None:
    clock = Clock()
    cache: TtlCache[str, int] = TtlCache(10, 2, clock)
    cache.put("a", 1)
    cache.put("b", 2)
    cache.put("c", 3)
    assert cache.get("a") is None  # evicted, oldest first
    clock.now += 5
    cache.replace("b", 20)
    assert cache.get("b") == 20
    clock.now += 5
    assert cache.get("b") is None  # replace did not extend its life
    cache.replace("b", 30)
    assert cache.get("b") is None
