"""A real gRPC server built by the kit: errors, callers, health, reflection, metrics, shutdown."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import grpc
import httpx
import pytest
from google.rpc import error_details_pb2, status_pb2
from grpc_health.v1 import health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection_pb2, reflection_pb2_grpc

from uuut_kit import context
from uuut_kit.channels import create_channel
from uuut_kit.errors import NotFound
from uuut_kit.server import GrpcService, ServiceRuntime
from uuut_kit.settings import ServiceSettings
from uuut_kit.testing import SigningKey
from uuutorrent.auth.v1 import auth_pb2, auth_pb2_grpc

AUTH = "uuutorrent.auth.v1.AuthService"


class ProbeServicer(auth_pb2_grpc.AuthServiceServicer):
    """Just enough of a service to exercise the kit."""

    async def Signup(self, request, context_):  # public
        return auth_pb2.SignupResponse(user=auth_pb2.User(username=request.username))

    async def GetMe(self, request, context_):
        caller = context.caller()
        if caller.user_id == 404:
            raise NotFound("no such user", reason="USER_NOT_FOUND", metadata={"id": "404"})
        return auth_pb2.GetMeResponse(user=auth_pb2.User(id=caller.user_id or 0))

    async def ListUsers(self, request, context_):
        raise ValueError("a bug with a secret inside")


def bearer(token: str) -> tuple[tuple[str, str], ...]:
    return (("authorization", f"Bearer {token}"),)


def error_info(error: grpc.aio.AioRpcError) -> error_details_pb2.ErrorInfo:
    raw = dict(error.trailing_metadata() or ())["grpc-status-details-bin"]
    status = status_pb2.Status.FromString(raw)
    info = error_details_pb2.ErrorInfo()
    status.details[0].Unpack(info)
    return info


@pytest.fixture
async def runtime(tmp_path: Path) -> AsyncIterator[ServiceRuntime]:
    settings = ServiceSettings(data_dir=tmp_path, grpc_port=0, ops_port=0, shutdown_grace_s=1)
    runtime = ServiceRuntime(
        name="auth",
        settings=settings,
        services=[
            GrpcService(
                AUTH, lambda s: auth_pb2_grpc.add_AuthServiceServicer_to_server(ProbeServicer(), s)
            )
        ],
        public_methods=frozenset({f"/{AUTH}/Signup"}),
    )
    await runtime.start()
    yield runtime
    await runtime.stop()


@pytest.fixture
def key(tmp_path: Path) -> SigningKey:
    key = SigningKey()
    key.publish(tmp_path / "keys" / "jwks.json")
    return key


@pytest.fixture
async def stub(runtime: ServiceRuntime) -> AsyncIterator[auth_pb2_grpc.AuthServiceStub]:
    channel = create_channel(f"127.0.0.1:{runtime.grpc_port}")
    yield auth_pb2_grpc.AuthServiceStub(channel)
    await channel.close()


async def test_public_methods_need_no_token(stub) -> None:
    reply = await stub.Signup(auth_pb2.SignupRequest(username="ann"))
    assert reply.user.username == "ann"


async def test_other_methods_are_unauthenticated_without_a_token(stub) -> None:
    with pytest.raises(grpc.aio.AioRpcError) as caught:
        await stub.GetMe(auth_pb2.GetMeRequest())
    assert caught.value.code() == grpc.StatusCode.UNAUTHENTICATED
    assert error_info(caught.value).reason == "UNAUTHENTICATED"


async def test_the_token_names_the_caller(stub, key: SigningKey) -> None:
    token = key.sign(sub="12")
    reply = await stub.GetMe(auth_pb2.GetMeRequest(), metadata=bearer(token))
    assert reply.user.id == 12


async def test_domain_errors_become_status_with_error_info(stub, key: SigningKey) -> None:
    token = key.sign(sub="404")
    with pytest.raises(grpc.aio.AioRpcError) as caught:
        await stub.GetMe(auth_pb2.GetMeRequest(), metadata=bearer(token))
    assert caught.value.code() == grpc.StatusCode.NOT_FOUND
    info = error_info(caught.value)
    assert (info.reason, info.domain, dict(info.metadata)) == (
        "USER_NOT_FOUND",
        "uuutorrent.auth",
        {"id": "404"},
    )


async def test_bugs_become_internal_without_leaking_details(stub, key: SigningKey) -> None:
    token = key.sign()
    with pytest.raises(grpc.aio.AioRpcError) as caught:
        await stub.ListUsers(auth_pb2.ListUsersRequest(), metadata=bearer(token))
    assert caught.value.code() == grpc.StatusCode.INTERNAL
    assert "secret" not in (caught.value.details() or "")


async def test_health_and_reflection(runtime: ServiceRuntime) -> None:
    async with grpc.aio.insecure_channel(f"127.0.0.1:{runtime.grpc_port}") as channel:
        health = health_pb2_grpc.HealthStub(channel)
        for name in ("", AUTH):
            reply = await health.Check(health_pb2.HealthCheckRequest(service=name))
            assert reply.status == health_pb2.HealthCheckResponse.SERVING
        reflection = reflection_pb2_grpc.ServerReflectionStub(channel)
        responses = reflection.ServerReflectionInfo(
            iter([reflection_pb2.ServerReflectionRequest(list_services="")])
        )
        async for response in responses:
            names = {s.name for s in response.list_services_response.service}
            assert AUTH in names and "grpc.health.v1.Health" in names
            break


async def test_metrics_count_each_method_by_code(runtime: ServiceRuntime, stub, key) -> None:
    token = key.sign(sub="404")
    with pytest.raises(grpc.aio.AioRpcError):
        await stub.GetMe(auth_pb2.GetMeRequest(), metadata=bearer(token))
    async with httpx.AsyncClient() as http:
        text = (await http.get(f"http://127.0.0.1:{runtime.ops_port}/metrics")).text
    assert (
        'grpc_server_handled_total{grpc_code="NOT_FOUND",grpc_method="GetMe",'
        f'grpc_service="{AUTH}"}}'
    ) in text
    assert (
        f'grpc_server_handling_seconds_count{{grpc_method="GetMe",grpc_service="{AUTH}"}}' in text
    )


async def test_ready_turns_503_and_health_not_serving_on_shutdown(tmp_path: Path) -> None:
    settings = ServiceSettings(data_dir=tmp_path, grpc_port=0, ops_port=0, shutdown_grace_s=1)
    failing_checks = {"database": _fail}
    runtime = ServiceRuntime(name="auth", settings=settings, services=[], checks=failing_checks)
    await runtime.start()
    async with httpx.AsyncClient() as http:
        base = f"http://127.0.0.1:{runtime.ops_port}"
        assert (await http.get(f"{base}/health")).status_code == 200
        ready = await http.get(f"{base}/ready")
        assert ready.status_code == 503
        assert ready.json()["checks"]["database"].startswith("unavailable")
        assert (await http.get(f"{base}/nope")).status_code == 404
    async with grpc.aio.insecure_channel(f"127.0.0.1:{runtime.grpc_port}") as channel:
        health = health_pb2_grpc.HealthStub(channel)
        await runtime._health.enter_graceful_shutdown()
        reply = await health.Check(health_pb2.HealthCheckRequest(service=""))
        assert reply.status == health_pb2.HealthCheckResponse.NOT_SERVING
    await runtime.stop()


async def _fail() -> None:
    raise ConnectionRefusedError("database down")
