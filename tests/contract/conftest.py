"""One real stack for the contract tests of a run."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest

from .stack import RunningStack, attached_stack, start_stack

# Tests of `uuutorrent up` itself (its output, its processes, its signals): they do not apply to
# a stack this run attaches to, such as Docker Compose's (`make compose-test` has its own). So
# are the tests that start a stack of their own (they do not use the `stack` fixture).
LOCAL_STACK_ONLY = {
    "test_up_prints_the_url_start_time_and_memory",
    "test_sigterm_stops_everything_within_ten_seconds",
    "test_a_service_that_dies_is_restarted",
}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    if attached_stack() is None:
        return
    skip = pytest.mark.skip(reason="tests `uuutorrent up` itself; this run attaches to a stack")
    here = Path(__file__).parent
    for item in items:
        if here not in Path(str(item.fspath)).parents:
            continue
        name = getattr(item, "originalname", item.name)
        if name in LOCAL_STACK_ONLY or "stack" not in getattr(item, "fixturenames", ()):
            item.add_marker(skip)


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningStack]:
    running = attached_stack() or start_stack(Path(tmp_path_factory.mktemp("stack")))
    yield running
    running.stop()


@pytest.fixture
async def gateway(stack: RunningStack) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=stack.gateway_url, timeout=30) as client:
        yield client
