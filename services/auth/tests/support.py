"""Helpers the auth tests share: settings on a temp dir, a clock tests can move."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from uuut_auth.config import AuthSettings
from uuut_kit.tokens import Caller, TokenVerifier

PASSWORD = "correct horse battery"


class FakeClock:
    """Wall-clock time that tests can move forward."""

    def __init__(self) -> None:
        self.offset = timedelta()

    def __call__(self) -> datetime:
        return datetime.now(UTC) + self.offset

    def advance(self, seconds: float) -> None:
        self.offset += timedelta(seconds=seconds)


def make_settings(data_dir: Path, **overrides: object) -> AuthSettings:
    values: dict[str, object] = {
        "data_dir": data_dir,
        "grpc_port": 0,
        "ops_port": 0,
        "shutdown_grace_s": 1,
        "bcrypt_cost": 4,  # cost 12 is the production default; 4 keeps the suite fast
        "signup": "open",
    }
    values.update(overrides)
    return AuthSettings(_env_file=None, **values)  # type: ignore[call-arg]


def caller_of(settings: AuthSettings, access_token: str) -> Caller:
    """The caller the kit's interceptor would see for this token."""
    return TokenVerifier(settings.jwks_path).verify(access_token)


class LoopWatch:
    """Ticks every 5 ms while in use and records the longest gap: a blocked loop shows."""

    def __init__(self) -> None:
        self.gaps: list[float] = []
        self._stop = asyncio.Event()

    async def __aenter__(self) -> LoopWatch:
        self._task = asyncio.create_task(self._tick())
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        self._stop.set()
        await self._task

    @property
    def longest_gap(self) -> float:
        return max(self.gaps)

    async def _tick(self) -> None:
        last = time.perf_counter()
        while not self._stop.is_set():
            await asyncio.sleep(0.005)
            now = time.perf_counter()
            self.gaps.append(now - last)
            last = now


async def eventually(condition: Callable[[], bool], timeout_s: float = 10) -> None:
    """Wait until `condition()` holds, for something a background task does."""
    for _ in range(int(timeout_s / 0.02)):
        if condition():
            return
        await asyncio.sleep(0.02)
    raise AssertionError("condition never held")
