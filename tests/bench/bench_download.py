"""Download next episode: POST /watchlist/download end to end, against the local stand-ins.

A stack of its own is wired to the sandbox (fake AniList and Nyaa, tracker, seeder). One user
downloads the next episode of eight shows in turn, each torrent deleted after it is measured so
that every sample really fetches a .torrent and adds it to qBittorrent. With warm caches (the
watchlist, prequels and Nyaa searches already cached; goal p95 ≤ 150 ms), then with 300 ms
added to every AniList and Nyaa answer (goal: one Nyaa round trip, the .torrent fetch, plus
100 ms, while the watchlist is cached).
"""

from __future__ import annotations

import asyncio
import secrets
import tempfile
import time
from pathlib import Path

import httpx

from tests.contract.stack import start_stack
from uuut_sandbox.demo.sandbox import Sandbox
from uuut_sandbox.demo.world import ANILIST_TOKEN

from .harness import BenchStack, Chart, Figure, latency_chart, percentile

# Eight shows of the demo list with an aired, unwatched next episode.
SHOWS = (182255, 172463, 177474, 176496, 145139, 166531, 21, 180367)
WARM_SAMPLES = 48
SLOW_SAMPLES = 24
LATENCY_S = 0.3
WARM_GOAL_MS = 150.0
# The watchlist service caches a list 30 s: refresh it (untimed) well before that.
LIST_REFRESH_S = 20.0


class Downloader:
    def __init__(self, http: httpx.AsyncClient) -> None:
        self.http = http
        self.listed_at = 0.0

    async def keep_list_cached(self) -> None:
        if time.monotonic() - self.listed_at > LIST_REFRESH_S:
            (await self.http.get("/watchlist")).raise_for_status()
            self.listed_at = time.monotonic()

    async def sample(self, media_id: int) -> tuple[float, dict[str, float]]:
        """Seconds one "download next episode" took, and the steps it reported."""
        await self.keep_list_cached()
        started = time.perf_counter()
        reply = await self.http.post("/watchlist/download", json={"media_id": media_id})
        elapsed = time.perf_counter() - started
        assert reply.status_code == 201, reply.text
        info_hash = reply.json()["torrent"]["hash"]
        gone = await self.http.delete(f"/torrents/{info_hash}", params={"delete_files": "true"})
        assert gone.status_code == 204, gone.text
        return elapsed, reply.json()["timings_ms"]

    async def run(self, count: int) -> tuple[list[float], list[dict[str, float]]]:
        samples, steps = [], []
        for index in range(count):
            elapsed, timings = await self.sample(SHOWS[index % len(SHOWS)])
            samples.append(elapsed)
            steps.append(timings)
        return samples, steps


async def _signed_up(http: httpx.AsyncClient) -> None:
    username, password = f"bench-{secrets.token_hex(3)}", secrets.token_urlsafe(12)
    (
        await http.post("/auth/signup", json={"username": username, "password": password})
    ).raise_for_status()
    login = await http.post("/auth/token", data={"username": username, "password": password})
    login.raise_for_status()
    http.headers["Authorization"] = f"Bearer {login.json()['access_token']}"
    (await http.post("/auth/anilist/link", json={"access_token": ANILIST_TOKEN})).raise_for_status()


def _step_p50(steps: list[dict[str, float]], step: str) -> float:
    return percentile([s[step] / 1000 for s in steps], 0.5) * 1000


def _step_p95(steps: list[dict[str, float]], step: str) -> float:
    return percentile([s[step] / 1000 for s in steps], 0.95) * 1000


async def measure(stack: BenchStack) -> list[Figure | Chart]:
    del stack  # this benchmark needs a stack wired to the sandbox: it starts its own
    with tempfile.TemporaryDirectory(prefix="uuut-bench-download-") as root:
        async with Sandbox(Path(root) / "swarm") as sandbox:
            # In a thread: the sandbox's servers share this event loop and must keep answering.
            running = await asyncio.to_thread(
                start_stack, Path(root) / "stack", sandbox.stack_env()
            )
            try:
                return await _measure(running.gateway_url, sandbox)
            finally:
                await asyncio.to_thread(running.stop)


async def _measure(gateway_url: str, sandbox: Sandbox) -> list[Figure | Chart]:
    async with httpx.AsyncClient(base_url=f"{gateway_url}/api/v1", timeout=60) as http:
        await _signed_up(http)
        downloader = Downloader(http)
        await downloader.run(len(SHOWS) * 2)  # warm: lists, prequels, searches, connections
        warm, warm_steps = await downloader.run(WARM_SAMPLES)

        sandbox.set_latency(LATENCY_S)
        downloader.listed_at = 0.0  # the list is refreshed (untimed) through the latency
        slow, slow_steps = await downloader.run(SLOW_SAMPLES)
        sandbox.set_latency(0)

    warm_p95 = percentile(warm, 0.95) * 1000
    slow_p95 = percentile(slow, 0.95) * 1000
    slow_goal = LATENCY_S * 1000 + 100
    return [
        Figure("download next episode p50, warm caches", percentile(warm, 0.5) * 1000, "ms"),
        Figure(
            "download next episode p95, warm caches",
            warm_p95,
            "ms",
            f"≤ {WARM_GOAL_MS:.0f} ms",
            warm_p95 <= WARM_GOAL_MS,
        ),
        *(
            Figure(f"  of which {step} p50", _step_p50(warm_steps, step), "ms")
            for step in ("details", "owned", "preferences")
        ),
        Figure(
            "  of which search p50 (Nyaa answers cached)", _step_p50(warm_steps, "search"), "ms"
        ),
        Figure(
            "  of which add p50 (.torrent fetch, qBittorrent)", _step_p50(warm_steps, "add"), "ms"
        ),
        Figure(
            "download next episode p50, +300 ms on AniList and Nyaa",
            percentile(slow, 0.5) * 1000,
            "ms",
        ),
        Figure(
            "download next episode p95, +300 ms on AniList and Nyaa",
            slow_p95,
            "ms",
            f"≤ {slow_goal:.0f} ms (one Nyaa round trip + 100 ms)",
            slow_p95 <= slow_goal,
        ),
        Figure("  of which add p50, +300 ms", _step_p50(slow_steps, "add"), "ms"),
        # The tail through latency: which step paid a second round trip.
        *(
            Figure(f"  of which {step} p95, +300 ms", _step_p95(slow_steps, step), "ms")
            for step in ("details", "search", "add")
        ),
        latency_chart(
            "download-next-episode",
            "POST /watchlist/download (next episode)",
            {"warm caches": warm, f"+{LATENCY_S * 1000:.0f} ms on AniList and Nyaa": slow},
            {"p95, warm": WARM_GOAL_MS, "p95, +300 ms": slow_goal},
        ),
    ]
