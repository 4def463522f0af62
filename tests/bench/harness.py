"""What every benchmark shares: the stack it measures, figures with their goals, timing."""

from __future__ import annotations

import asyncio
import secrets
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


@dataclass(frozen=True)
class Chart:
    """A picture in the report: a PNG under docs/benchmarks/, with its caption."""

    path: Path
    caption: str

    def markdown(self) -> str:
        return f"![{self.caption}](benchmarks/{self.path.name})"


CHARTS = Path(__file__).resolve().parents[2] / "docs" / "benchmarks"


def latency_chart(
    name: str, title: str, series: dict[str, list[float]], goals_ms: dict[str, float] | None = None
) -> Chart:
    """Each series' latencies (seconds) as a percentile curve: the tail shows at a glance."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot

    figure, axes = pyplot.subplots(figsize=(7, 3.6), dpi=100)
    for label, samples in series.items():
        ordered = sorted(s * 1000 for s in samples)
        ranks = [100 * (i + 1) / len(ordered) for i in range(len(ordered))]
        axes.plot(ranks, ordered, label=label)
    for label, goal_ms in (goals_ms or {}).items():  # each goal is a p95: a mark at 95
        axes.plot([95], [goal_ms], marker="x", color="black")
        axes.annotate(
            f"goal {label} ≤ {goal_ms:g} ms", (95, goal_ms), xytext=(-8, 4),
            textcoords="offset points", ha="right",
        )  # fmt: skip
    axes.set(title=title, xlabel="percentile", ylabel="ms", xlim=(0, 100))
    axes.grid(alpha=0.3)
    axes.legend(loc="upper left")
    figure.tight_layout()
    CHARTS.mkdir(parents=True, exist_ok=True)
    path = CHARTS / f"{name}.png"
    figure.savefig(path)
    pyplot.close(figure)
    return Chart(path, title)


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

    async def new_user(self, http: httpx.AsyncClient) -> tuple[str, str, int, str]:
        """A fresh user made by the admin: (username, password, id, access token)."""
        admin = await self.token(http, self.admin_username, self.admin_password)
        username, password = f"bench-{secrets.token_hex(3)}", secrets.token_urlsafe(12)
        created = await http.post(
            f"{self.gateway_url}/api/v1/admin/users",
            json={"username": username, "password": password, "role": "user"},
            headers={"Authorization": f"Bearer {admin}"},
        )
        created.raise_for_status()
        token = await self.token(http, username, password)
        return username, password, int(created.json()["id"]), token


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


class KeepAliveClient:
    """GET over one kept-alive HTTP/1.1 connection, with next to no client-side cost.

    For latency figures where the client's own time must not count: httpx spends about a
    millisecond of Python per request, more than the gateway's own share.
    """

    def __init__(self, base_url: str) -> None:
        parsed = httpx.URL(base_url)
        self._host, self._port = parsed.host, parsed.port or 80
        self._streams: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None

    async def get(self, path: str, headers: dict[str, str]) -> tuple[int, bytes]:
        if self._streams is None:
            self._streams = await asyncio.open_connection(self._host, self._port)
        reader, writer = self._streams
        lines = [f"GET {path} HTTP/1.1", f"Host: {self._host}"]
        lines += [f"{name}: {value}" for name, value in headers.items()]
        writer.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1"))
        head = await reader.readuntil(b"\r\n\r\n")
        status_line, *header_lines = head.decode("latin-1").split("\r\n")
        length = next(
            int(line.split(":", 1)[1])
            for line in header_lines
            if line.lower().startswith("content-length:")
        )
        return int(status_line.split()[1]), await reader.readexactly(length)

    async def close(self) -> None:
        if self._streams is not None:
            self._streams[1].close()
            self._streams = None
