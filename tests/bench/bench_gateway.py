"""The gateway: its cost per hop, its throughput under wrk, and the stack's memory.

- overhead per hop: p50 of GET /api/v1/torrents through the gateway minus p50 of the same
  ListTorrents called directly over gRPC with the same token (goal ≤ 1 ms);
- authenticated GET /api/v1/torrents at 100 concurrent connections, by wrk in its own process
  with a Lua script setting the Authorization header (goal ≥ 1,000 req/s, 0 errors);
- memory of the five Python processes (gateway and four services) idle, together (goal ≤ 350
  MB): their PSS, shared library pages divided among the processes that map them, what the
  five cost together on one host (summed RSS counts libpython, grpc and cryptography once per
  process); also summed RSS, RSS per process (goal ≤ 70 MB, `make up`'s own goal), and the
  most RSS seen under the wrk load;
"""

from __future__ import annotations

import asyncio
import re
import secrets
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import httpx
import psutil

from uuut_kit.channels import create_channel
from uuutorrent.torrent.v1 import torrent_pb2, torrent_pb2_grpc

from .harness import BenchStack, Figure, KeepAliveClient, percentile, timed

SAMPLES = 600
WRK_CONNECTIONS = 100
WRK_THREADS = 2
WRK_SECONDS = 15
OWNED_TORRENTS = 5


async def _user(http: httpx.AsyncClient, stack: BenchStack) -> str:
    *_, token = await stack.new_user(http)
    for number in range(OWNED_TORRENTS):  # a list with something in it
        added = await http.post(
            f"{stack.gateway_url}/api/v1/torrents",
            json={"source": f"magnet:?xt=urn:btih:{secrets.token_hex(20)}&dn=bench-{number}"},
            headers={"Authorization": f"Bearer {token}"},
        )
        added.raise_for_status()
    return token


async def _overhead(stack: BenchStack, token: str) -> tuple[float, float]:
    """p50 seconds through the gateway, and directly over gRPC, each from a lean client."""
    gateway_client = KeepAliveClient(stack.gateway_url)
    headers = {"Authorization": f"Bearer {token}"}
    channel = create_channel(f"127.0.0.1:{stack.port_base + 4}")
    stub = torrent_pb2_grpc.TorrentServiceStub(channel)
    metadata = (("authorization", f"Bearer {token}"),)

    async def through_gateway() -> None:
        status, _ = await gateway_client.get("/api/v1/torrents", headers)
        assert status == 200, status

    async def direct_call() -> None:
        await stub.ListTorrents(torrent_pb2.ListTorrentsRequest(), metadata=metadata)

    try:
        gateway, direct = [], []
        for _ in range(50):  # warm both paths
            await through_gateway()
            await direct_call()
        for _ in range(SAMPLES):  # interleaved, so both see the same machine
            gateway.append(await timed(through_gateway))
            direct.append(await timed(direct_call))
        return percentile(gateway, 0.5), percentile(direct, 0.5)
    finally:
        await gateway_client.close()
        await channel.close()


def _python_processes(stack: BenchStack) -> dict[str, psutil.Process]:
    """The supervisor's Python children by service name (`python -m uuut_<name>`)."""
    supervisor = psutil.Process(stack.extra["supervisor_pid"])
    found = {}
    for child in supervisor.children():
        try:
            command = " ".join(child.cmdline())
        except psutil.Error:
            continue
        if "uuut_" in command:
            found[command.rsplit("uuut_", 1)[1].split()[0]] = child
    return found


def _memory_mb(processes: dict[str, psutil.Process]) -> float:
    """Resident memory (RSS) of the processes together."""
    total = 0
    for process in processes.values():
        try:
            total += process.memory_info().rss
        except psutil.Error:
            continue
    return total / 2**20


def _memory_detail_mb(processes: dict[str, psutil.Process]) -> tuple[float, dict[str, float]]:
    """PSS of the processes together, and each one's RSS."""
    pss, rss = 0, {}
    for name, process in sorted(processes.items()):
        try:
            full = process.memory_full_info()  # reads smaps: slower, so only when idle
        except psutil.Error:
            continue
        pss += full.pss
        rss[name] = full.rss / 2**20
    return pss / 2**20, rss


def _wrk(
    url: str, token: str, processes: dict[str, psutil.Process]
) -> tuple[float, int, float, str]:
    """(requests/s, errors, peak MB of the Python processes, latency line) from wrk."""
    wrk = shutil.which("wrk")
    if wrk is None:
        raise RuntimeError("wrk is not installed (apt-get install wrk)")
    with tempfile.TemporaryDirectory() as scratch:
        script = Path(scratch) / "auth.lua"
        script.write_text(f'wrk.headers["Authorization"] = "Bearer {token}"\n')
        command = [
            wrk,
            f"-t{WRK_THREADS}",
            f"-c{WRK_CONNECTIONS}",
            f"-d{WRK_SECONDS}s",
            "--latency",
            "-s",
            str(script),
            url,
        ]
        run = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        peak = 0.0
        while run.poll() is None:
            peak = max(peak, _memory_mb(processes))
            time.sleep(0.5)
        output = run.stdout.read() if run.stdout else ""
    rate = re.search(r"Requests/sec:\s+([\d.]+)", output)
    if rate is None:
        raise RuntimeError(f"wrk said:\n{output}")
    errors = sum(int(n) for n in re.findall(r"Non-2xx or 3xx responses: (\d+)", output))
    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    if socket_errors:
        errors += sum(int(n) for n in socket_errors.groups())
    p99 = re.search(r"99%\s+(\S+)", output)
    return float(rate.group(1)), errors, peak, p99.group(1) if p99 else "?"


async def measure(stack: BenchStack) -> list[Figure]:
    figures: list[Figure] = []
    processes = _python_processes(stack)
    async with httpx.AsyncClient(timeout=60) as http:
        token = await _user(http, stack)
        await asyncio.sleep(2)  # let start-up work settle before "idle"
        idle = _memory_mb(processes)
        idle_pss, idle_rss = _memory_detail_mb(processes)
        via_gateway, direct = await _overhead(stack, token)
    overhead_ms = (via_gateway - direct) * 1000
    figures += [
        Figure("GET /torrents p50 through the gateway", via_gateway * 1000, "ms"),
        Figure("ListTorrents p50 over gRPC directly", direct * 1000, "ms"),
        Figure("gateway overhead per hop (p50 difference)", overhead_ms, "ms", "≤ 1 ms",
               overhead_ms <= 1.0),
    ]  # fmt: skip
    rate, errors, peak, p99 = await asyncio.to_thread(
        _wrk, f"{stack.gateway_url}/api/v1/torrents", token, processes
    )
    figures += [
        Figure(f"GET /torrents, wrk {WRK_CONNECTIONS} connections", rate, "req/s", "≥ 1,000",
               rate >= 1000),
        Figure(f"errors under that load (p99 latency {p99})", errors, "", "0", errors == 0),
        # Together on one host they cost their PSS: a shared page is counted once, split among
        # the processes that map it. Summed RSS counts the shared libraries (grpc,
        # cryptography, libpython: ~40 MB a process) five times; it is what five containers
        # with their own copies of the libraries would cost.
        Figure(f"memory of the {len(processes)} Python processes together, idle (PSS)",
               idle_pss, "MB", "≤ 350 MB", idle_pss <= 350),
        Figure(f"memory of the {len(processes)} Python processes, idle, summed RSS", idle, "MB"),
        *(Figure(f"memory of {name}, idle (RSS)", mb, "MB", "≤ 70 MB", mb <= 70)
          for name, mb in idle_rss.items()),
        Figure("memory of the Python processes, peak under wrk", peak, "MB"),
    ]  # fmt: skip
    return figures
