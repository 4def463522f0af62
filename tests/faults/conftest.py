"""One real stack against the sandbox for the fault tests, and what they share: its processes,
callers, and a clock for deadlines."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import httpx
import psutil
import pytest

from ..contract.stack import RunningStack
from ..hostile.sandboxed import ThreadedSandbox, login, new_user, start_sandboxed_stack

# Tests here break things on purpose; each waits for what it broke to come back, bounded.
BACK_WITHIN_S = 60


@pytest.fixture(scope="session")
def fault_sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ThreadedSandbox]:
    with ThreadedSandbox(tmp_path_factory.mktemp("faults-swarm")) as sandbox:
        sandbox.anilist.limiter.limit = 100_000
        yield sandbox


@pytest.fixture(scope="session")
def fault_stack(
    fault_sandbox: ThreadedSandbox, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[RunningStack]:
    running = start_sandboxed_stack(
        fault_sandbox,
        tmp_path_factory.mktemp("faults-stack"),
        {
            # Every call reaches the fakes, so each injected fault is seen (caches, breaker
            # and limiters have their own tests in the services).
            "UUUT_LIST_CACHE_S": "0",
            "UUUT_NYAA_CACHE_TTL_S": "0",
            "UUUT_ANILIST_BREAKER_FAILURES": "100000",
            "UUUT_ANILIST_REQUESTS_PER_MINUTE": "100000",
        },
    )
    yield running
    running.stop()


@pytest.fixture
def http(fault_stack: RunningStack) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=fault_stack.gateway_url, timeout=60) as client:
        yield client


@dataclass(frozen=True)
class User:
    username: str
    password: str
    token: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


@pytest.fixture
def user(fault_stack: RunningStack, http: httpx.Client) -> User:
    """A fresh user with the demo's AniList account linked."""
    admin = login(http, fault_stack.admin_username, fault_stack.admin_password)
    return User(*new_user(http, admin, "fault"))


def command_line(process: psutil.Process) -> str:
    try:
        return " ".join(process.cmdline())
    except psutil.Error:
        return ""


def child_process(stack: RunningStack, match: Callable[[str], bool]) -> psutil.Process:
    """The supervisor's own child whose command line matches."""
    assert stack.process is not None
    for child in psutil.Process(stack.process.pid).children():
        if match(command_line(child)):
            return child
    raise AssertionError("no such child of the supervisor")


def replaced(stack: RunningStack, match: Callable[[str], bool], old_pid: int) -> bool:
    """Whether the supervisor runs a new process matching `match` in place of `old_pid`."""
    try:
        return child_process(stack, match).pid != old_pid
    except AssertionError:
        return False


def service_process(stack: RunningStack, service: str) -> psutil.Process:
    return child_process(stack, lambda line: f"uuut_{service}" in line)


def wait_until(condition: Callable[[], bool], timeout_s: float = BACK_WITHIN_S) -> float:
    """Seconds until `condition` held; fails after `timeout_s`."""
    started = time.monotonic()
    while not condition():
        if time.monotonic() - started > timeout_s:
            raise AssertionError(f"not back within {timeout_s} s")
        time.sleep(0.2)
    return time.monotonic() - started


def ready(url: str) -> bool:
    try:
        return httpx.get(f"{url}/ready", timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


def timed(call: Callable[[], httpx.Response]) -> tuple[httpx.Response, float]:
    started = time.monotonic()
    reply = call()
    return reply, time.monotonic() - started
