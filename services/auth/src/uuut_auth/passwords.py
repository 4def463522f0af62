"""Username and password rules, and bcrypt hashing off the event loop.

bcrypt works on at most 72 bytes and silently ignores the rest, so passwords are limited to
8 to 72 UTF-8 bytes rather than characters. The common-password list (`common_passwords.txt`)
is the part of Django's list by Royce Williams (lowercased, deduplicated) that is 8 to 72
bytes long: anything shorter is refused by the length rule anyway.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import secrets
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import cache
from importlib.resources import files
from typing import TypeVar

import bcrypt

from uuut_auth.errors import PasswordInvalid, UsernameInvalid

USERNAME_PATTERN = re.compile(r"[A-Za-z0-9_.-]{3,32}")
PASSWORD_MIN_BYTES = 8
PASSWORD_MAX_BYTES = 72

T = TypeVar("T")


@cache
def common_passwords() -> frozenset[str]:
    """The built-in list of very common passwords, lowercased."""
    text = files("uuut_auth").joinpath("common_passwords.txt").read_text(encoding="utf-8")
    return frozenset(line for line in text.splitlines() if line)


def check_username(username: str) -> None:
    if not USERNAME_PATTERN.fullmatch(username):
        raise UsernameInvalid(
            "username must be 3 to 32 characters: letters, digits, '_', '.' or '-'"
        )


def check_password(password: str, username: str | None = None) -> None:
    size = len(password.encode("utf-8"))
    if size < PASSWORD_MIN_BYTES or size > PASSWORD_MAX_BYTES:
        raise PasswordInvalid(
            f"password must be {PASSWORD_MIN_BYTES} to {PASSWORD_MAX_BYTES} bytes long in UTF-8"
        )
    lowered = password.lower()
    if lowered in common_passwords():
        raise PasswordInvalid("password is too common; choose a less guessable one")
    if username is not None and lowered == username.lower():
        raise PasswordInvalid("password must not be the username")


# Where SCHED_IDLE is missing: how much lower than the rest of the process hashing threads run
# (Linux nice levels).
HASHING_NICENESS = 10


def _yield_cpu() -> None:
    """Let this hashing thread run only on CPU nothing else wants: a burst of logins must not
    slow the requests that the event loops (ours, the gateway's, the other services') serve.

    SCHED_IDLE, not only a high nice level: a niced thread still takes a share of a busy core,
    enough to double other requests' tail latency on a two-core server while 50 logins queue.
    A login still ends within the gateway's 20 s unless the server is busy for that long."""
    thread = threading.get_native_id()
    try:
        os.sched_setscheduler(thread, os.SCHED_IDLE, os.sched_param(0))
        return
    except (OSError, AttributeError):  # not Linux
        pass
    # Not allowed either: hashing still works, just at normal priority.
    with contextlib.suppress(OSError, AttributeError):
        niceness = os.getpriority(os.PRIO_PROCESS, thread) + HASHING_NICENESS
        os.setpriority(os.PRIO_PROCESS, thread, min(niceness, 19))


class PasswordHasher:
    """bcrypt in a bounded thread pool: logins queue there, the event loop keeps serving."""

    def __init__(self, cost: int, workers: int) -> None:
        self._cost = cost
        self._pool = ThreadPoolExecutor(
            max_workers=workers, thread_name_prefix="bcrypt", initializer=_yield_cpu
        )
        self._dummy_hash: bytes | None = None

    async def hash(self, password: str) -> str:
        digest = await self._run(bcrypt.hashpw, password.encode("utf-8"), self._salt())
        return digest.decode("ascii")

    async def verify(self, password: str, password_hash: str | None) -> bool:
        """Whether the password matches; with no hash (unknown user) it costs the same."""
        candidate = password.encode("utf-8")
        # bcrypt refuses > 72 bytes; such a password never matched, but it must cost the same.
        too_long = len(candidate) > PASSWORD_MAX_BYTES
        candidate = candidate[:PASSWORD_MAX_BYTES]
        if password_hash is None:
            await self._run(bcrypt.checkpw, candidate, await self._dummy())
            return False
        matches = await self._run(bcrypt.checkpw, candidate, password_hash.encode("ascii"))
        return matches and not too_long

    async def warm_up(self) -> None:
        """Compute the dummy hash now, so the first unknown-user login costs like any other."""
        await self._dummy()

    def close(self) -> None:
        self._pool.shutdown(wait=True)

    def _salt(self) -> bytes:
        return bcrypt.gensalt(rounds=self._cost)

    async def _dummy(self) -> bytes:
        if self._dummy_hash is None:
            self._dummy_hash = await self._run(
                bcrypt.hashpw, secrets.token_bytes(16).hex().encode(), self._salt()
            )
        return self._dummy_hash

    async def _run(self, function: Callable[..., T], *args: object) -> T:
        return await asyncio.get_running_loop().run_in_executor(self._pool, function, *args)
