"""Shared fixtures of the search service's tests: a fake Nyaa on a real port."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from uuut_sandbox.anilist.server import serve
from uuut_sandbox.nyaa import FakeNyaa, seed


@pytest.fixture
async def fake_nyaa() -> AsyncIterator[tuple[FakeNyaa, str]]:
    fake = FakeNyaa(seed())
    async with serve(fake.app) as url:
        yield fake, url
