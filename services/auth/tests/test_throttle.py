"""At most N failures per username and per address in the window, then LOGIN_THROTTLED."""

from __future__ import annotations

import asyncio

import pytest

from uuut_auth.errors import BadCredentials, LoginThrottled, OtpRequired
from uuut_auth.throttle import LoginThrottle

GUESSES = (BadCredentials,)


class Ticks:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


async def fail(throttle: LoginThrottle, username: str, address: str, times: int = 1) -> None:
    for _ in range(times):
        with pytest.raises(BadCredentials):
            async with throttle.attempt(LoginThrottle.keys(username, address), GUESSES):
                raise BadCredentials()


async def succeed(throttle: LoginThrottle, username: str, address: str) -> None:
    async with throttle.attempt(LoginThrottle.keys(username, address), GUESSES):
        pass


async def test_the_eleventh_attempt_is_refused_with_retry_after() -> None:
    ticks = Ticks()
    throttle = LoginThrottle(limit=10, window_s=900, clock=ticks)
    for _ in range(10):
        await fail(throttle, "Ann", "10.0.0.1")
        ticks.now += 10
    with pytest.raises(LoginThrottled) as caught:
        await succeed(throttle, "ann", "10.0.0.1")
    # The first failure (at 1000) leaves the window at 1900; it is now 1100.
    assert caught.value.retry_after_s == 800
    assert caught.value.metadata == {"retry_after_s": "800"}
    assert caught.value.reason == "LOGIN_THROTTLED"
    ticks.now = 1900.5
    await succeed(throttle, "ann", "10.0.0.1")  # the oldest failure has left the window


async def test_successes_and_other_errors_do_not_count() -> None:
    throttle = LoginThrottle(limit=3, window_s=900, clock=Ticks())
    for _ in range(10):
        await succeed(throttle, "ann", "10.0.0.1")
        with pytest.raises(OtpRequired):
            async with throttle.attempt(LoginThrottle.keys("ann", "10.0.0.1"), GUESSES):
                raise OtpRequired()
    await fail(throttle, "ann", "10.0.0.1", times=3)
    with pytest.raises(LoginThrottled):
        await succeed(throttle, "ann", "10.0.0.1")


async def test_parallel_guesses_get_exactly_the_limit() -> None:
    throttle = LoginThrottle(limit=3, window_s=900, clock=Ticks())
    keys = LoginThrottle.keys("ann", "")

    async def guess() -> None:
        async with throttle.attempt(keys, GUESSES):
            await asyncio.sleep(0.01)  # bcrypt
            raise BadCredentials()

    results = await asyncio.gather(*(guess() for _ in range(10)), return_exceptions=True)
    kinds = [type(result).__name__ for result in results]
    assert (kinds.count("BadCredentials"), kinds.count("LoginThrottled")) == (3, 7)


async def test_parallel_good_logins_queue_instead_of_failing() -> None:
    throttle = LoginThrottle(limit=3, window_s=900, clock=Ticks())
    keys = LoginThrottle.keys("ann", "127.0.0.1")
    running = 0
    most = 0

    async def login() -> None:
        nonlocal running, most
        async with throttle.attempt(keys, GUESSES):
            running += 1
            most = max(most, running)
            await asyncio.sleep(0.01)
            running -= 1

    await asyncio.gather(*(login() for _ in range(20)))
    assert most == 3


async def test_a_cancelled_attempt_is_not_left_in_flight() -> None:
    throttle = LoginThrottle(limit=1, window_s=900, clock=Ticks())
    keys = LoginThrottle.keys("ann", "")

    async def slow() -> None:
        async with throttle.attempt(keys, GUESSES):
            await asyncio.sleep(10)

    task = asyncio.create_task(slow())
    await asyncio.sleep(0.01)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    async with asyncio.timeout(1):
        await succeed(throttle, "ann", "")


async def test_usernames_are_counted_case_insensitively_from_any_address() -> None:
    throttle = LoginThrottle(limit=10, window_s=900, clock=Ticks())
    for n in range(10):
        await fail(throttle, "ANN" if n % 2 else "ann", f"10.0.0.{n}")
    with pytest.raises(LoginThrottled):
        await succeed(throttle, "Ann", "10.9.9.9")
    await succeed(throttle, "bob", "10.9.9.9")


async def test_one_address_trying_many_usernames_is_throttled() -> None:
    throttle = LoginThrottle(limit=10, window_s=900, clock=Ticks())
    for n in range(10):
        await fail(throttle, f"user{n}", "203.0.113.5")
    with pytest.raises(LoginThrottled):
        await succeed(throttle, "someone-new", "203.0.113.5")
    await succeed(throttle, "someone-new", "203.0.113.6")


async def test_the_longest_wait_wins() -> None:
    ticks = Ticks()
    throttle = LoginThrottle(limit=2, window_s=100, clock=ticks)
    await fail(throttle, "ann", "", times=2)  # the username is full at 1000
    ticks.now = 1050
    await fail(throttle, "bob", "198.51.100.1", times=2)  # the address is full at 1050
    with pytest.raises(LoginThrottled) as caught:
        await succeed(throttle, "ann", "198.51.100.1")
    assert caught.value.retry_after_s == 100


async def test_the_table_stays_bounded() -> None:
    throttle = LoginThrottle(limit=10, window_s=900, clock=Ticks(), max_keys=100)
    for n in range(500):
        await fail(throttle, f"made-up-{n}", "")
    assert len(throttle._failures) <= 100
    assert not throttle._in_flight


def test_keys_are_bounded_in_size() -> None:
    keys = LoginThrottle.keys("x" * 1_000_000, "y" * 1_000_000)
    assert all(len(key) < 100 for key in keys)
