"""`uuutorrent user` and `uuutorrent token` on a running stack, as an operator uses them."""

from __future__ import annotations

import os
import subprocess

import grpc
import httpx
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc

from uuutorrent.auth.v1 import auth_pb2, auth_pb2_grpc

from .stack import UUUTORRENT, RunningStack


def run(stack: RunningStack, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "UUUT_DATA_DIR": str(stack.data_dir),
        "UUUT_INTERNAL_PORT_BASE": str(stack.port_base),
    }
    return subprocess.run(
        [UUUTORRENT, *args], input=stdin, env=env, capture_output=True, text=True, timeout=60
    )


async def test_user_create_then_log_in(stack: RunningStack, gateway: httpx.AsyncClient) -> None:
    created = run(stack, "user", "create", "operator-made", stdin="a fine passphrase\n")
    assert created.returncode == 0, created.stderr
    login = await gateway.post(
        "/api/v1/auth/token", data={"username": "operator-made", "password": "a fine passphrase"}
    )
    assert login.status_code == 200


def test_user_create_refuses_a_common_password_in_one_line(stack: RunningStack) -> None:
    refused = run(stack, "user", "create", "weakling", stdin="password123\n")
    assert refused.returncode == 1
    assert refused.stderr.startswith("uuutorrent: error:") and "Traceback" not in refused.stderr


async def test_reset_password_ends_the_users_logins(
    stack: RunningStack, gateway: httpx.AsyncClient
) -> None:
    assert run(stack, "user", "create", "forgetful", stdin="first passphrase\n").returncode == 0
    tokens = (
        await gateway.post(
            "/api/v1/auth/token", data={"username": "forgetful", "password": "first passphrase"}
        )
    ).json()
    reset = run(stack, "user", "reset-password", "forgetful", stdin="second passphrase\n")
    assert reset.returncode == 0, reset.stderr
    refreshed = await gateway.post(
        "/api/v1/auth/refresh", json={"refresh_token": tokens["refresh_token"]}
    )
    assert refreshed.status_code == 401
    login = await gateway.post(
        "/api/v1/auth/token", data={"username": "forgetful", "password": "second passphrase"}
    )
    assert login.status_code == 200


async def test_a_service_token_opens_that_service_only(stack: RunningStack) -> None:
    minted = run(stack, "token", "--service", "auth")
    assert minted.returncode == 0, minted.stderr
    bearer = (("authorization", f"Bearer {minted.stdout.strip()}"),)
    async with grpc.aio.insecure_channel(stack.grpc_target("auth")) as channel:
        users = await auth_pb2_grpc.AuthServiceStub(channel).ListUsers(
            auth_pb2.ListUsersRequest(), metadata=bearer, timeout=10
        )
    assert "root" in {u.username for u in users.users}
    async with grpc.aio.insecure_channel(stack.grpc_target("watchlist")) as channel:
        # Health is open to probes; the token is simply not the watchlist's.
        await health_pb2_grpc.HealthStub(channel).Check(health_pb2.HealthCheckRequest())
    async with httpx.AsyncClient(base_url=stack.gateway_url) as http:
        as_user = await http.get("/api/v1/users/me", headers={"Authorization": bearer[0][1]})
    assert as_user.status_code == 401


@pytest.mark.parametrize("ttl", ["5", "100000"])
def test_token_lifetimes_are_bounded(stack: RunningStack, ttl: str) -> None:
    refused = run(stack, "token", "--service", "auth", "--ttl", ttl)
    assert refused.returncode == 1 and "--ttl" in refused.stderr
