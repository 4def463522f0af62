"""At most N failures per username and per address in the window, then LOGIN_THROTTLED."""

from __future__ import annotations

import pytest

from uuut_auth.errors import LoginThrottled
from uuut_auth.throttle import LoginThrottle


class Ticks:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def fail(throttle: LoginThrottle, username: str, address: str, times: int) -> None:
    for _ in range(times):
        throttle.record_failure(LoginThrottle.keys(username, address))


def test_the_eleventh_attempt_is_refused_with_retry_after() -> None:
    ticks = Ticks()
    throttle = LoginThrottle(limit=10, window_s=900, clock=ticks)
    keys = LoginThrottle.keys("Ann", "10.0.0.1")
    for _ in range(10):
        throttle.check(keys)
        throttle.record_failure(keys)
        ticks.now += 10
    with pytest.raises(LoginThrottled) as caught:
        throttle.check(keys)
    # The first failure (at 1000) leaves the window at 1900; it is now 1100.
    assert caught.value.retry_after_s == 800
    assert caught.value.metadata == {"retry_after_s": "800"}
    assert caught.value.reason == "LOGIN_THROTTLED"
    ticks.now = 1900.5
    throttle.check(keys)  # the oldest failure has left the window


def test_usernames_are_counted_case_insensitively_from_any_address() -> None:
    throttle = LoginThrottle(limit=10, window_s=900, clock=Ticks())
    for n in range(10):
        fail(throttle, "ANN" if n % 2 else "ann", f"10.0.0.{n}", 1)
    with pytest.raises(LoginThrottled):
        throttle.check(LoginThrottle.keys("Ann", "10.9.9.9"))
    throttle.check(LoginThrottle.keys("bob", "10.9.9.9"))


def test_one_address_trying_many_usernames_is_throttled() -> None:
    throttle = LoginThrottle(limit=10, window_s=900, clock=Ticks())
    for n in range(10):
        fail(throttle, f"user{n}", "203.0.113.5", 1)
    with pytest.raises(LoginThrottled):
        throttle.check(LoginThrottle.keys("someone-new", "203.0.113.5"))
    throttle.check(LoginThrottle.keys("someone-new", "203.0.113.6"))


def test_the_longest_wait_wins() -> None:
    ticks = Ticks()
    throttle = LoginThrottle(limit=2, window_s=100, clock=ticks)
    fail(throttle, "ann", "", 2)  # user key full at 1000
    ticks.now = 1050
    fail(throttle, "bob", "198.51.100.1", 2)  # address key full at 1050
    with pytest.raises(LoginThrottled) as caught:
        throttle.check(LoginThrottle.keys("ann", "198.51.100.1"))
    assert caught.value.retry_after_s == 100


def test_the_table_stays_bounded() -> None:
    throttle = LoginThrottle(limit=10, window_s=900, clock=Ticks(), max_keys=100)
    fail(throttle, "x", "", 1)
    for n in range(500):
        fail(throttle, f"made-up-{n}", "", 1)
    assert len(throttle._failures) <= 100


def test_keys_are_bounded_in_size() -> None:
    keys = LoginThrottle.keys("x" * 1_000_000, "y" * 1_000_000)
    assert all(len(key) < 100 for key in keys)
