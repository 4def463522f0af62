"""The outside world of the demo, on loopback: the fake AniList and Nyaa with the demo world, a
BitTorrent tracker, and a seeder that serves every .torrent the fake Nyaa hands out.

    async with Sandbox(content_dir) as sandbox:
        env = sandbox.stack_env()   # UUUT_ANILIST_URL / UUUT_NYAA_URL for `uuutorrent up`
        sandbox.set_latency(0.3)        # every AniList and Nyaa answer now comes 300 ms late

Used by `make demo`, the end-to-end tests and the download benchmark.
"""

from __future__ import annotations

import asyncio
from contextlib import AsyncExitStack
from pathlib import Path
from typing import Any

from uuut_sandbox.anilist import FakeAniList, World, serve
from uuut_sandbox.demo.world import anilist_seed, nyaa_titles
from uuut_sandbox.nyaa import FakeNyaa, build
from uuut_sandbox.nyaa.seeding import ReleaseSeeder
from uuut_sandbox.seeder import Seeder, Tracker

# AniList's documented limit (it runs at 30 when degraded); our watchlist keeps to 25 anyway.
ANILIST_REQUESTS_PER_MINUTE = 90
# Nyaa's burst limit, generous: the search service spaces its own requests.
NYAA_BURST = 120


class Latency:
    """An ASGI wrapper that answers every HTTP request `seconds` late (one network round trip
    to a far server), for measuring what the product does with a real Internet in between."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.seconds = 0.0

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] == "http" and self.seconds > 0:
            await asyncio.sleep(self.seconds)
        await self.app(scope, receive, send)


class Sandbox:
    def __init__(self, content_dir: Path, host: str = "127.0.0.1") -> None:
        self.host = host
        self._content_dir = content_dir
        self._exit = AsyncExitStack()
        self.anilist: FakeAniList | None = None
        self.nyaa: FakeNyaa | None = None
        self.seeding: ReleaseSeeder | None = None
        self.anilist_url = self.nyaa_url = ""
        self._anilist_latency: Latency | None = None
        self._nyaa_latency: Latency | None = None

    async def __aenter__(self) -> Sandbox:
        try:
            await self._start()
        except BaseException:
            await self._exit.aclose()
            raise
        return self

    async def __aexit__(self, *_: object) -> None:
        await self._exit.aclose()

    async def _start(self) -> None:
        tracker = await self._exit.enter_async_context(Tracker(self.host))
        seeder = self._exit.enter_context(Seeder(self.host))
        self.seeding = ReleaseSeeder(seeder, self._content_dir)
        self.anilist = FakeAniList(
            World.from_seed(anilist_seed()), rate_limit=ANILIST_REQUESTS_PER_MINUTE
        )
        self.nyaa = FakeNyaa(
            build(nyaa_titles()),
            trackers=(tracker.announce_url,),
            burst=NYAA_BURST,
            on_download=self.seeding,
        )
        self._anilist_latency = Latency(self.anilist.app)
        self._nyaa_latency = Latency(self.nyaa.app)
        self.anilist_url = await self._exit.enter_async_context(
            serve(self._anilist_latency, self.host)
        )
        self.nyaa_url = await self._exit.enter_async_context(serve(self._nyaa_latency, self.host))

    def set_latency(self, seconds: float) -> None:
        """Answer every AniList and Nyaa request `seconds` late from now on."""
        assert self._anilist_latency is not None and self._nyaa_latency is not None
        self._anilist_latency.seconds = self._nyaa_latency.seconds = seconds

    def stack_env(self) -> dict[str, str]:
        """What `uuutorrent up` needs to use this sandbox instead of the Internet."""
        return {"UUUT_ANILIST_URL": self.anilist_url + "/", "UUUT_NYAA_URL": self.nyaa_url}
