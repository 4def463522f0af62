"""Listing 2,000 torrents: GET /api/v1/torrents through the gateway, and the mirror's lag.

2,000 small generated .torrent files are uploaded to qBittorrent paused (no data, no peers),
in our category and with the owner's tag, then one user takes each through POST
/api/v1/torrents (a magnet of a torrent qBittorrent already has: ownership only). Then:
p50/p95 of listing them all (goal p95 ≤ 40 ms), the mirror's lag as its gauge says while
listing, and how long a change made in qBittorrent takes to show in the list.
"""

from __future__ import annotations

import asyncio
import time

import httpx

from uuut_sandbox.seeder import phantom_torrents

from .harness import BenchStack, Figure, percentile, timed

TORRENTS = 2000
UPLOAD_BATCH = 100
OWN_CONCURRENCY = 8
WARMUP, PROBES = 20, 300
CHANGES = 10
QBT_USER, QBT_PASSWORD = "admin", "adminadmin"  # the stack's defaults


async def _user(http: httpx.AsyncClient, stack: BenchStack) -> tuple[dict[str, str], int]:
    *_, user_id, token = await stack.new_user(http)
    return {"Authorization": f"Bearer {token}"}, user_id


async def _qbittorrent(stack: BenchStack) -> httpx.AsyncClient:
    qbt = httpx.AsyncClient(
        base_url=f"http://127.0.0.1:{stack.port_base + 20}/api/v2/", timeout=120
    )
    login = await qbt.post("auth/login", data={"username": QBT_USER, "password": QBT_PASSWORD})
    login.raise_for_status()
    return qbt


async def _fill(qbt: httpx.AsyncClient, user_id: int) -> list[str]:
    """Upload the torrents paused, many per request; their hashes once qBittorrent has all."""
    torrents = phantom_torrents(TORRENTS)
    for start in range(0, TORRENTS, UPLOAD_BATCH):
        batch = torrents[start : start + UPLOAD_BATCH]
        reply = await qbt.post(
            "torrents/add",
            data={
                "category": "uuutorrent",
                "tags": f"uuut-user-{user_id}",
                "paused": "true",
                "stopped": "true",
            },
            files=[("torrents", (f"{t.info_hash}.torrent", t.data)) for t in batch],
        )
        reply.raise_for_status()
    hashes = [t.info_hash for t in torrents]
    deadline = time.monotonic() + 120
    while True:
        held = await qbt.get("torrents/info", params={"category": "uuutorrent"})
        if set(hashes) <= {t["hash"] for t in held.json()}:
            return hashes
        if time.monotonic() > deadline:
            raise RuntimeError("qBittorrent did not take every torrent in 120 s")
        await asyncio.sleep(0.5)


async def _own(http: httpx.AsyncClient, url: str, headers: dict[str, str], hashes: list[str]):
    """The user takes every torrent through the API (qBittorrent has them: ownership only)."""
    queue = list(hashes)

    async def worker() -> None:
        while queue:
            info_hash = queue.pop()
            reply = await http.post(
                url, json={"source": f"magnet:?xt=urn:btih:{info_hash}"}, headers=headers
            )
            reply.raise_for_status()

    await asyncio.gather(*(worker() for _ in range(OWN_CONCURRENCY)))


async def _mirror_lag_s(http: httpx.AsyncClient, stack: BenchStack) -> float:
    metrics = await http.get(f"http://127.0.0.1:{stack.port_base + 14}/metrics")
    for line in metrics.text.splitlines():
        if line.startswith("uuut_torrent_mirror_lag_seconds "):
            return float(line.split()[1])
    raise RuntimeError("the torrent service exports no mirror lag")


async def _change_seen_after_s(
    http: httpx.AsyncClient, qbt: httpx.AsyncClient, url: str, headers: dict, info_hash: str
) -> float:
    """Resume one torrent in qBittorrent itself and time until the list shows it changed."""
    version = (await qbt.get("app/webapiVersion")).text.strip()
    start_endpoint = (
        "torrents/start" if tuple(map(int, version.split("."))) >= (2, 11) else ("torrents/resume")
    )
    stop_endpoint = "torrents/stop" if start_endpoint == "torrents/start" else "torrents/pause"
    samples = []
    for number in range(CHANGES):
        endpoint = start_endpoint if number % 2 == 0 else stop_endpoint
        before = await _state(http, url, headers, info_hash)
        started = time.perf_counter()
        (await qbt.post(endpoint, data={"hashes": info_hash})).raise_for_status()
        while await _state(http, url, headers, info_hash) == before:  # noqa: ASYNC110 - polling the API is the point
            await asyncio.sleep(0.02)
        samples.append(time.perf_counter() - started)
    return percentile(samples, 0.5)


async def _state(http: httpx.AsyncClient, url: str, headers: dict, info_hash: str) -> str:
    listed = (await http.get(url, headers=headers)).json()["torrents"]
    return next(t["state"] for t in listed if t["hash"] == info_hash)


async def measure(stack: BenchStack) -> list[Figure]:
    url = f"{stack.gateway_url}/api/v1/torrents"
    async with httpx.AsyncClient(timeout=120) as http:
        headers, user_id = await _user(http, stack)
        qbt = await _qbittorrent(stack)
        try:
            started = time.perf_counter()
            hashes = await _fill(qbt, user_id)
            filled_s = time.perf_counter() - started
            started = time.perf_counter()
            await _own(http, url, headers, hashes)
            owned_s = time.perf_counter() - started

            async def list_all() -> None:
                reply = await http.get(url, headers=headers)
                reply.raise_for_status()
                if len(reply.json()["torrents"]) != TORRENTS:
                    raise RuntimeError(f"listed {len(reply.json()['torrents'])} torrents")

            for _ in range(WARMUP):
                await list_all()
            samples, lags = [], []
            for _ in range(PROBES):
                samples.append(await timed(list_all))
                lags.append(await _mirror_lag_s(http, stack))
            change_s = await _change_seen_after_s(http, qbt, url, headers, hashes[0])
        finally:
            await qbt.aclose()

    p95 = percentile(samples, 0.95) * 1000
    return [
        Figure(f"upload {TORRENTS} paused torrents to qBittorrent", filled_s, "s"),
        Figure(f"take ownership of {TORRENTS} through POST /torrents", owned_s, "s"),
        Figure(f"GET /torrents p50 ({TORRENTS} torrents)", percentile(samples, 0.5) * 1000, "ms"),
        Figure(f"GET /torrents p95 ({TORRENTS} torrents)", p95, "ms", "≤ 40 ms", p95 <= 40),
        Figure("mirror lag p95 (gauge, while listing)", percentile(lags, 0.95) * 1000, "ms"),
        Figure("a change in qBittorrent seen in the list, p50", change_s * 1000, "ms"),
    ]
