"""One real stack against the sandbox for the hostile-input tests of a run, and its callers."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from ..contract.stack import RunningStack
from .sandboxed import ThreadedSandbox, login, new_user, start_sandboxed_stack


@dataclass(frozen=True)
class Callers:
    user_token: str
    admin_token: str


@pytest.fixture(scope="session")
def hostile_sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ThreadedSandbox]:
    with ThreadedSandbox(tmp_path_factory.mktemp("hostile-swarm")) as sandbox:
        sandbox.anilist.limiter.limit = 100_000
        yield sandbox


def start_hostile_stack(sandbox: ThreadedSandbox, data_dir: Path) -> RunningStack:
    return start_sandboxed_stack(
        sandbox,
        data_dir,
        # Fuzzed logins fail by the hundred from one address; throttling has its own tests.
        # and AniList's limits have theirs: here they would only turn fuzzing into 429s.
        {"UUUT_LOGIN_FAILURE_LIMIT": "1000000", "UUUT_ANILIST_REQUESTS_PER_MINUTE": "100000"},
    )


@pytest.fixture(scope="session")
def hostile_stack(
    hostile_sandbox: ThreadedSandbox, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[RunningStack]:
    running = start_hostile_stack(hostile_sandbox, tmp_path_factory.mktemp("hostile-stack"))
    yield running
    running.stop()


@pytest.fixture(scope="session")
def http(hostile_stack: RunningStack) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=hostile_stack.gateway_url, timeout=30) as client:
        yield client


@pytest.fixture(scope="session")
def callers(hostile_stack: RunningStack, http: httpx.Client) -> Callers:
    admin = login(http, hostile_stack.admin_username, hostile_stack.admin_password)
    _, _, user = new_user(http, admin, "hostile")
    return Callers(user_token=user, admin_token=admin)


@pytest.fixture
def data_dir(hostile_stack: RunningStack) -> Path:
    return hostile_stack.data_dir
