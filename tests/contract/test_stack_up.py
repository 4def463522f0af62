"""`uuutorrent up` as a new user meets it: ready, healthy, observable, and gone on SIGTERM."""

from __future__ import annotations

import re
import signal
import time
from pathlib import Path

import grpc
import httpx
import psutil
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection_pb2, reflection_pb2_grpc

from .stack import SERVICES, RunningStack, start_stack

FULL_NAMES = {
    "auth": "uuutorrent.auth.v1.AuthService",
    "watchlist": "uuutorrent.watchlist.v1.WatchlistService",
    "search": "uuutorrent.search.v1.SearchService",
    "torrent": "uuutorrent.torrent.v1.TorrentService",
}


async def listed_services(target: str) -> set[str]:
    async with grpc.aio.insecure_channel(target) as channel:
        stub = reflection_pb2_grpc.ServerReflectionStub(channel)
        request = reflection_pb2.ServerReflectionRequest(list_services="")
        async for response in stub.ServerReflectionInfo(iter([request])):
            return {s.name for s in response.list_services_response.service}
    return set()


def test_up_prints_the_url_start_time_and_memory(stack: RunningStack) -> None:
    output = "\n".join(stack.output)
    assert f"Gateway will listen on {stack.gateway_url}" in output
    assert re.search(
        rf"is ready at {re.escape(stack.gateway_url)} \(started in [\d.]+ ?s\)", output
    )
    for process in ("gateway", *SERVICES):
        assert re.search(rf"{process}\b.*\d+(\.\d+)? ?MB", output), f"no memory line for {process}"


async def test_gateway_and_every_service_are_ready(stack: RunningStack) -> None:
    async with httpx.AsyncClient(timeout=10) as http:
        ready = await http.get(f"{stack.gateway_url}/ready")
        assert ready.status_code == 200, ready.text
        assert ready.json()["checks"] == {service: "ok" for service in SERVICES}
        for service in SERVICES:
            assert (await http.get(f"{stack.ops_url(service)}/ready")).status_code == 200


@pytest.mark.parametrize("service", SERVICES)
async def test_each_service_answers_health_and_lists_itself(
    stack: RunningStack, service: str
) -> None:
    target = stack.grpc_target(service)
    async with grpc.aio.insecure_channel(target) as channel:
        health = health_pb2_grpc.HealthStub(channel)
        for name in ("", FULL_NAMES[service]):
            reply = await health.Check(health_pb2.HealthCheckRequest(service=name), timeout=5)
            assert reply.status == health_pb2.HealthCheckResponse.SERVING
    names = await listed_services(target)
    assert {FULL_NAMES[service], "grpc.health.v1.Health"} <= names


@pytest.mark.parametrize("service", SERVICES)
async def test_each_service_counts_its_calls_per_method(stack: RunningStack, service: str) -> None:
    async with grpc.aio.insecure_channel(stack.grpc_target(service)) as channel:
        await health_pb2_grpc.HealthStub(channel).Check(health_pb2.HealthCheckRequest(), timeout=5)
    async with httpx.AsyncClient(timeout=10) as http:
        text = (await http.get(f"{stack.ops_url(service)}/metrics")).text
    assert re.search(
        r'grpc_server_handled_total\{grpc_code="OK",grpc_method="Check",'
        r'grpc_service="grpc.health.v1.Health"\} [1-9]',
        text,
    )
    assert 'grpc_server_handling_seconds_bucket{grpc_method="Check"' in text


async def test_a_gateway_call_shows_in_the_gateway_and_auth_metrics(
    stack: RunningStack, gateway: httpx.AsyncClient
) -> None:
    response = await gateway.post(
        "/api/v1/auth/token", data={"username": "nobody-here", "password": "wrong-password"}
    )
    assert response.status_code == 401
    gateway_metrics = (await gateway.get("/metrics")).text
    assert 'handler="/api/v1/auth/token"' in gateway_metrics
    async with httpx.AsyncClient(timeout=10) as http:
        auth_metrics = (await http.get(f"{stack.ops_url('auth')}/metrics")).text
    assert 'grpc_method="Login"' in auth_metrics


def test_sigterm_stops_everything_within_ten_seconds(tmp_path: Path) -> None:
    running = start_stack(tmp_path)
    processes = running.descendants()
    commands = " ".join(command_line(p) for p in processes)
    assert "postgres" in commands and "qbittorrent-nox" in commands, commands
    started = time.monotonic()
    assert running.stop(timeout_s=15) == 0
    assert time.monotonic() - started < 10
    _, alive = psutil.wait_procs(processes, timeout=1)
    assert not alive, f"left running: {[p.info for p in alive]}"


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_a_signal_to_make_alone_stops_make_up(tmp_path: Path, sig: signal.Signals) -> None:
    """`make up` as a script or a supervisor runs it: the signal reaches make, not the stack."""
    running = start_stack(tmp_path, command=("make", "--no-print-directory", "up"))
    processes = running.descendants()
    assert any("uuut_gateway" in command_line(p) for p in processes)
    started = time.monotonic()
    running.process.send_signal(sig)
    running.process.wait(timeout=15)
    assert time.monotonic() - started < 10
    _, alive = psutil.wait_procs(processes, timeout=1)
    assert not alive, f"left running: {[command_line(p) for p in alive]}"


def command_line(process: psutil.Process) -> str:
    """The command line, or "" for a process already gone (killed, not yet reaped)."""
    try:
        return " ".join(process.cmdline())
    except psutil.Error:
        return ""


def answers_ready(url: str) -> bool:
    try:
        return httpx.get(f"{url}/ready", timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


def test_a_service_that_dies_is_restarted(stack: RunningStack) -> None:
    search = next(p for p in stack.descendants() if "uuut_search" in command_line(p))
    search.kill()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        replacement = [
            p
            for p in stack.descendants()
            if "uuut_search" in command_line(p) and p.pid != search.pid
        ]
        if replacement and answers_ready(stack.ops_url("search")):
            return
        time.sleep(0.3)
    pytest.fail("the search service was not restarted")
