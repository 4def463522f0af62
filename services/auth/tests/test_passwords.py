"""Username and password rules, and bcrypt off the event loop."""

from __future__ import annotations

import asyncio
import time

import pytest

from uuut_auth.errors import PasswordInvalid, UsernameInvalid
from uuut_auth.passwords import (
    PasswordHasher,
    check_password,
    check_username,
    common_passwords,
)

from .support import LoopWatch


@pytest.mark.parametrize("username", ["ann", "a" * 32, "Bob_the.builder-2", "..."])
def test_good_usernames(username: str) -> None:
    check_username(username)


@pytest.mark.parametrize(
    "username",
    ["", "ab", "a" * 33, "ann smith", "ann@home", "änn", "ann\n", "../x/", "ann;drop"],
)
def test_bad_usernames(username: str) -> None:
    with pytest.raises(UsernameInvalid) as caught:
        check_username(username)
    assert caught.value.reason == "USERNAME_INVALID"
    assert "3 to 32" in caught.value.message


def test_password_length_is_counted_in_utf8_bytes() -> None:
    check_password("x7!kq" + "é" * 2 + "z")  # 8 characters, 10 bytes
    check_password("q" * 72)
    check_password("é" * 36)  # 36 characters, exactly 72 bytes
    for too_long in ("q" * 73, "é" * 36 + "q", "€" * 24 + "q"):  # 73 bytes each
        with pytest.raises(PasswordInvalid) as caught:
            check_password(too_long)
        assert "8 to 72 bytes" in caught.value.message
    with pytest.raises(PasswordInvalid):
        check_password("€" * 2 + "q")  # 3 characters, 7 bytes


def test_too_short_password_is_refused() -> None:
    with pytest.raises(PasswordInvalid) as caught:
        check_password("Sh0rt!x")
    assert caught.value.reason == "PASSWORD_INVALID"


@pytest.mark.parametrize("common", ["password", "PASSWORD1", "iloveyou", "qwertyuiop", "12345678"])
def test_common_passwords_are_refused_whatever_the_case(common: str) -> None:
    with pytest.raises(PasswordInvalid) as caught:
        check_password(common)
    assert "common" in caught.value.message


def test_the_common_list_is_a_few_thousand_long_enough_passwords() -> None:
    passwords = common_passwords()
    assert 5_000 < len(passwords) < 20_000
    assert all(8 <= len(p.encode()) <= 72 and p == p.lower() for p in passwords)


def test_the_password_must_not_be_the_username() -> None:
    with pytest.raises(PasswordInvalid):
        check_password("Annabelle99", username="annabelle99")


async def test_hash_and_verify() -> None:
    hasher = PasswordHasher(cost=4, workers=2)
    try:
        digest = await hasher.hash("é" * 36)
        assert digest.startswith("$2b$04$")
        assert await hasher.verify("é" * 36, digest)
        assert not await hasher.verify("é" * 35, digest)
        # bcrypt would ignore byte 73; we refuse it instead of matching.
        assert not await hasher.verify("é" * 36 + "x", digest)
        assert not await hasher.verify("anything at all", None)
    finally:
        hasher.close()


async def test_bcrypt_runs_in_the_pool_and_the_loop_keeps_ticking() -> None:
    hasher = PasswordHasher(cost=10, workers=2)
    try:
        digest = await hasher.hash("tick tock clock")
        started = time.perf_counter()
        await hasher.verify("tick tock clock", digest)
        one_check = time.perf_counter() - started
        async with LoopWatch() as watch:
            started = time.perf_counter()
            results = await asyncio.gather(
                *(hasher.verify("tick tock clock", digest) for _ in range(20))
            )
            elapsed = time.perf_counter() - started
    finally:
        hasher.close()
    assert all(results)
    # 20 checks on 2 threads take ~10 checks' time, while the loop never stalls for one.
    assert elapsed > 5 * one_check
    assert len(watch.gaps) > 10
    assert watch.longest_gap < one_check / 2, (watch.longest_gap, one_check)


def test_hashing_threads_run_only_on_idle_cpu() -> None:
    import os
    import threading

    from uuut_auth.passwords import PasswordHasher

    hasher = PasswordHasher(cost=4, workers=1)
    try:
        worker = hasher._pool.submit(
            lambda: os.sched_getscheduler(threading.get_native_id())
        ).result()
        assert worker == os.SCHED_IDLE
        assert os.sched_getscheduler(threading.get_native_id()) == os.SCHED_OTHER
    finally:
        hasher.close()
