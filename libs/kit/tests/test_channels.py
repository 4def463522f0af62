"""Client channels: every unary call has a deadline, and the request id travels with it."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from pathlib import Path

import grpc
import pytest

from uuut_kit.channels import create_channel, forwarded_request_id
from uuut_kit.server import GrpcService, ServiceRuntime
from uuut_kit.settings import ServiceSettings
from uuutorrent.auth.v1 import auth_pb2, auth_pb2_grpc

AUTH = "uuutorrent.auth.v1.AuthService"


class Echo(auth_pb2_grpc.AuthServiceServicer):
    """Signup answers with the request id it received; a username "slow" takes 3 s."""

    async def Signup(self, request, context):
        if request.username == "slow":
            await asyncio.sleep(3)
        request_id = dict(context.invocation_metadata()).get("x-request-id", "")
        return auth_pb2.SignupResponse(user=auth_pb2.User(username=request_id))


@pytest.fixture
async def runtime(tmp_path: Path) -> AsyncIterator[ServiceRuntime]:
    runtime = ServiceRuntime(
        name="auth",
        settings=ServiceSettings(data_dir=tmp_path, grpc_port=0, ops_port=0, shutdown_grace_s=0.5),
        services=[
            GrpcService(AUTH, lambda s: auth_pb2_grpc.add_AuthServiceServicer_to_server(Echo(), s))
        ],
        verify_tokens=False,
    )
    await runtime.start()
    yield runtime
    await runtime.stop()


async def test_the_request_id_goes_with_the_call(runtime: ServiceRuntime) -> None:
    async with create_channel(f"127.0.0.1:{runtime.grpc_port}") as channel:
        stub = auth_pb2_grpc.AuthServiceStub(channel)
        token = forwarded_request_id.set("req-123")
        try:
            reply = await stub.Signup(auth_pb2.SignupRequest(username="ann"))
        finally:
            forwarded_request_id.reset(token)
        assert reply.user.username == "req-123"


async def test_a_unary_call_without_a_timeout_gets_the_default_deadline(
    runtime: ServiceRuntime,
) -> None:
    async with create_channel(f"127.0.0.1:{runtime.grpc_port}", deadline_s=0.5) as channel:
        stub = auth_pb2_grpc.AuthServiceStub(channel)
        started = time.monotonic()
        with pytest.raises(grpc.aio.AioRpcError) as caught:
            await stub.Signup(auth_pb2.SignupRequest(username="slow"))
        assert caught.value.code() == grpc.StatusCode.DEADLINE_EXCEEDED
        assert time.monotonic() - started < 2.5
        # The caller's own timeout wins over the default.
        reply = await stub.Signup(auth_pb2.SignupRequest(username="slow"), timeout=10)
        assert reply.user.username == ""
