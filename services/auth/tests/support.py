"""Helpers the auth tests share: settings on a temp dir, a clock tests can move."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import sys
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

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


def process_env(data_dir: Path, database_url: str, **variables: str) -> dict[str, str]:
    """The environment `uuutorrent up` gives the auth process, on a temp dir and free ports."""
    return {
        **os.environ,
        "UUUT_DATA_DIR": str(data_dir),
        "UUUT_SERVICE_DATABASE_URL": database_url,
        "UUUT_GRPC_PORT": "0",
        "UUUT_OPS_PORT": "0",
        "UUUT_BCRYPT_COST": "4",
        "UUUT_BOOTSTRAP_ADMIN_USERNAME": "root",
        "UUUT_BOOTSTRAP_ADMIN_PASSWORD": PASSWORD,
        "UUUT_LOG_FORMAT": "json",
        **variables,
    }


@dataclass
class ServiceProcess:
    """A running `python -m uuut_auth`: its `service_started` event and its log so far."""

    process: asyncio.subprocess.Process
    started: dict[str, Any]
    log: list[str]

    async def stop(self) -> str:
        """SIGTERM, a clean exit within 15 s; the whole log."""
        assert self.process.stderr is not None
        self.process.send_signal(signal.SIGTERM)
        async with asyncio.timeout(15):
            self.log.append((await self.process.stderr.read()).decode())
            assert await self.process.wait() == 0
        return "".join(self.log)


@asynccontextmanager
async def service_process(env: dict[str, str], *flags: str) -> AsyncIterator[ServiceProcess]:
    """`python FLAGS -m uuut_auth` until it logs `service_started`; killed on the way out if
    the test did not stop it."""
    process = await asyncio.create_subprocess_exec(
        sys.executable, *flags, "-m", "uuut_auth", env=env, stderr=asyncio.subprocess.PIPE
    )
    assert process.stderr is not None
    lines: list[str] = []
    try:
        started = None
        async with asyncio.timeout(60):
            while started is None:
                line = (await process.stderr.readline()).decode()
                assert line, f"the service exited early: {lines}"
                lines.append(line)
                if '"service_started"' in line:
                    started = json.loads(line)
        yield ServiceProcess(process, started, lines)
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
