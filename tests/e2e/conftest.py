"""The whole product for the end-to-end tests: the real stack (`uuutorrent up`: PostgreSQL,
qbittorrent-nox, the four services, the gateway) against the sandbox's fake AniList and Nyaa,
with a real tracker and a seeder serving every .torrent the fake Nyaa hands out.

One sandbox and one stack serve the whole run. Every test signs up its own users, all linked
to the demo's AniList user (so progress changes are visible to later tests: each test works
on shows no other one changes).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest

from uuut_sandbox.demo.sandbox import Sandbox

from ..contract.stack import RunningStack, start_stack
from .client import Client


@pytest.fixture(scope="session")
async def sandbox(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Sandbox]:
    async with Sandbox(tmp_path_factory.mktemp("swarm")) as running:
        yield running


@pytest.fixture(scope="session")
async def stack(
    sandbox: Sandbox, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[RunningStack]:
    env = sandbox.stack_env() | {
        # Nyaa's politeness spacing is the search service's business (tested there): here it
        # would only make every search wait (a tenth of a second stays under the fake's burst).
        "UUUT_NYAA_MIN_INTERVAL_S": "0.1",
    }
    # In a thread: the sandbox's servers share this event loop and must keep answering.
    running = await asyncio.to_thread(start_stack, tmp_path_factory.mktemp("stack"), env)
    yield running
    await asyncio.to_thread(running.stop)


@pytest.fixture
async def client(stack: RunningStack) -> AsyncIterator[Client]:
    async with Client(stack.gateway_url) as client:
        yield client
