"""What every benchmark shares: the stack it measures, figures with their goals, timing."""

from __future__ import annotations

import statistics
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx


@dataclass(frozen=True)
class Figure:
    """One measured value beside its goal (None: reported, no goal)."""

    name: str
    value: float
    unit: str
    goal: str | None = None
    met: bool | None = None

    def row(self) -> str:
        verdict = {True: "met", False: "**not met**", None: ""}[self.met]
        return f"| {self.name} | {self.value:,.1f} {self.unit} | {self.goal or ''} | {verdict} |"


@dataclass
class BenchStack:
    """The running stack a benchmark measures (started once by run.py)."""

    gateway_url: str
    admin_username: str
    admin_password: str
    data_dir: Path
    port_base: int
    extra: dict[str, Any]

    async def token(self, http: httpx.AsyncClient, username: str, password: str) -> str:
        reply = await http.post(
            f"{self.gateway_url}/api/v1/auth/token",
            data={"username": username, "password": password},
        )
        reply.raise_for_status()
        return str(reply.json()["access_token"])


def percentile(samples: list[float], fraction: float) -> float:
    """The value below which `fraction` of the samples fall (nearest rank)."""
    ordered = sorted(samples)
    index = min(len(ordered) - 1, max(0, round(fraction * len(ordered)) - 1))
    return ordered[index]


async def timed(call: Callable[[], Awaitable[Any]]) -> float:
    """Seconds one awaited call took."""
    started = time.perf_counter()
    await call()
    return time.perf_counter() - started


def summary_ms(samples: list[float]) -> dict[str, float]:
    return {
        "p50": percentile(samples, 0.5) * 1000,
        "p95": percentile(samples, 0.95) * 1000,
        "p99": percentile(samples, 0.99) * 1000,
        "mean": statistics.fmean(samples) * 1000,
    }
