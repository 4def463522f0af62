"""Logins under load: bcrypt (cost 12) queues in the auth service's pool, not on an event loop.

Measures login throughput with 50 logins at once, and the p99 of an ordinary authenticated
request, asked again and again for as long as they queue, beside the same p99 when idle (goal:
at most twice the idle p99).
"""

from __future__ import annotations

import asyncio
import time

import httpx

from .harness import BenchStack, Chart, Figure, latency_chart, percentile, timed

CONCURRENT_LOGINS = 50
PROBES = 200
PROBE_INTERVAL_S = 0.05


async def _probe(http: httpx.AsyncClient, url: str, token: str, count: int) -> list[float]:
    headers = {"Authorization": f"Bearer {token}"}
    return [await timed(lambda: http.get(url, headers=headers)) for _ in range(count)]


async def measure(stack: BenchStack) -> list[Figure | Chart]:
    async with httpx.AsyncClient(timeout=120) as http:
        username, password, _, token = await stack.new_user(http)
        me = f"{stack.gateway_url}/api/v1/users/me"
        await _probe(http, me, token, 20)  # warm connections and caches
        idle = await _probe(http, me, token, PROBES)

        async def login() -> None:
            reply = await http.post(
                f"{stack.gateway_url}/api/v1/auth/token",
                data={"username": username, "password": password},
            )
            reply.raise_for_status()

        started = time.perf_counter()
        logins = asyncio.gather(*(login() for _ in range(CONCURRENT_LOGINS)))
        await asyncio.sleep(0.05)  # let the logins reach the queue first
        # Probed for as long as logins queue, at a steady 20 a second (a few users' clients):
        # a flood of probes would itself be the load.
        loaded: list[float] = []
        while not logins.done():
            loaded += await _probe(http, me, token, 1)
            await asyncio.sleep(PROBE_INTERVAL_S)
        await logins
        elapsed = time.perf_counter() - started

    idle_p99, loaded_p99 = percentile(idle, 0.99), percentile(loaded, 0.99)
    ratio = loaded_p99 / idle_p99
    return [
        Figure(
            "login throughput (bcrypt cost 12, 50 at once)", CONCURRENT_LOGINS / elapsed, "logins/s"
        ),
        Figure("GET /users/me p99, idle", idle_p99 * 1000, "ms"),
        Figure("GET /users/me p99 while 50 logins queue", loaded_p99 * 1000, "ms"),
        Figure("loaded p99 / idle p99", ratio, "x", "≤ 2x", ratio <= 2),
        latency_chart(
            "login-queue",
            "GET /users/me, idle and while 50 logins queue",
            {"idle": idle, f"while {CONCURRENT_LOGINS} logins queue": loaded},
        ),
    ]
