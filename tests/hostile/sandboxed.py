"""The real stack against the sandbox's fake AniList and Nyaa, for tests written as plain
(synchronous) functions: the sandbox runs on its own event loop in a thread, so a test that
blocks (schemathesis, a raw socket, `time.sleep`) never stalls the fakes it is talking to.

Shared by the hostile-input and fault suites.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import secrets
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import httpx

from uuut_sandbox.anilist import FakeAniList
from uuut_sandbox.demo.sandbox import Sandbox
from uuut_sandbox.demo.world import ANILIST_TOKEN
from uuut_sandbox.nyaa import FakeNyaa

from ..contract.stack import RunningStack, start_stack

T = TypeVar("T")
_START_TIMEOUT_S = 60


class ThreadedSandbox:
    """`Sandbox` (fake AniList and Nyaa, tracker, seeder) on a loop of its own thread."""

    def __init__(self, content_dir: Path) -> None:
        self._content_dir = content_dir
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._sandbox: Sandbox | None = None

    def __enter__(self) -> ThreadedSandbox:
        self._thread.start()
        sandbox = Sandbox(self._content_dir)
        self.run(sandbox.__aenter__)
        self._sandbox = sandbox
        return self

    def __exit__(self, *_: object) -> None:
        if self._sandbox is not None:
            self.run(self._sandbox.__aexit__, None, None, None)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)

    def run(self, factory: Callable[..., Any], *args: Any) -> Any:
        """Run a coroutine function on the sandbox's loop and wait for its result."""
        future = asyncio.run_coroutine_threadsafe(factory(*args), self._loop)
        return future.result(_START_TIMEOUT_S)

    def call(self, function: Callable[[], T]) -> T:
        """Run a plain function on the sandbox's loop (the fakes are not thread-safe)."""
        done: concurrent.futures.Future[T] = concurrent.futures.Future()

        def invoke() -> None:
            try:
                done.set_result(function())
            except BaseException as error:
                done.set_exception(error)

        self._loop.call_soon_threadsafe(invoke)
        return done.result(10)

    @property
    def sandbox(self) -> Sandbox:
        assert self._sandbox is not None
        return self._sandbox

    @property
    def anilist(self) -> FakeAniList:
        assert self.sandbox.anilist is not None
        return self.sandbox.anilist

    @property
    def nyaa(self) -> FakeNyaa:
        assert self.sandbox.nyaa is not None
        return self.sandbox.nyaa

    def set_latency(self, seconds: float) -> None:
        self.call(lambda: self.sandbox.set_latency(seconds))

    def set_nyaa_latency(self, seconds: float) -> None:
        """Answer every Nyaa request (only) `seconds` late from now on."""
        latency = self.sandbox._nyaa_latency
        assert latency is not None
        self.call(lambda: setattr(latency, "seconds", seconds))

    def set_anilist_latency(self, seconds: float) -> None:
        latency = self.sandbox._anilist_latency
        assert latency is not None
        self.call(lambda: setattr(latency, "seconds", seconds))

    def stack_env(self) -> dict[str, str]:
        return self.sandbox.stack_env() | {
            # Nyaa's politeness spacing is the search service's business (tested there).
            "UUUT_NYAA_MIN_INTERVAL_S": "0.1",
        }


def start_sandboxed_stack(
    sandbox: ThreadedSandbox, data_dir: Path, extra_env: dict[str, str] | None = None
) -> RunningStack:
    return start_stack(data_dir, sandbox.stack_env() | (extra_env or {}))


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def login(http: httpx.Client, username: str, password: str) -> str:
    reply = http.post("/api/v1/auth/token", data={"username": username, "password": password})
    assert reply.status_code == 200, reply.text
    return str(reply.json()["access_token"])


def new_user(
    http: httpx.Client, admin_token: str, prefix: str, role: str = "user", link: bool = True
) -> tuple[str, str, str]:
    """A user (made by the admin), logged in, with the demo's AniList account linked unless
    `link` is false: (username, password, access token)."""
    username, password = f"{prefix}-{secrets.token_hex(4)}", f"pass {secrets.token_hex(8)}"
    made = http.post(
        "/api/v1/admin/users",
        json={"username": username, "password": password, "role": role},
        headers=bearer(admin_token),
    )
    assert made.status_code == 201, made.text
    token = login(http, username, password)
    if link:
        linked = http.post(
            "/api/v1/auth/anilist/link",
            json={"access_token": ANILIST_TOKEN},
            headers=bearer(token),
        )
        assert linked.status_code == 200, linked.text
    return username, password, token
