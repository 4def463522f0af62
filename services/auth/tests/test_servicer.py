"""The auth service over real gRPC (port 0) and a real PostgreSQL, as the gateway calls it."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from pathlib import Path

import grpc
import httpx
import pytest
from google.rpc import error_details_pb2, status_pb2

from uuut_auth import totp
from uuut_auth.config import AuthSettings
from uuut_auth.operator import mint_service_token
from uuut_auth.server import build
from uuut_kit.channels import create_channel
from uuut_kit.db import Database, connect
from uuut_kit.server import ServiceRuntime
from uuut_kit.tokens import TokenVerifier
from uuutorrent.auth.v1 import auth_pb2, auth_pb2_grpc

from .support import PASSWORD, make_settings

ADMIN = "root"


@pytest.fixture
def settings(tmp_path: Path) -> AuthSettings:
    return make_settings(
        tmp_path, bootstrap_admin_username=ADMIN, bootstrap_admin_password=PASSWORD
    )


@pytest.fixture
async def runtime(settings: AuthSettings, database: Database) -> AsyncIterator[ServiceRuntime]:
    runtime = await build(settings, database=database)
    await runtime.start()
    yield runtime
    await runtime.stop()


@pytest.fixture
async def stub(runtime: ServiceRuntime) -> AsyncIterator[auth_pb2_grpc.AuthServiceStub]:
    channel = create_channel(f"127.0.0.1:{runtime.grpc_port}")
    yield auth_pb2_grpc.AuthServiceStub(channel)
    await channel.close()


def bearer(token: str) -> tuple[tuple[str, str]]:
    return (("authorization", f"Bearer {token}"),)


def error_info(error: grpc.aio.AioRpcError) -> error_details_pb2.ErrorInfo:
    raw = dict(error.trailing_metadata() or ())["grpc-status-details-bin"]
    info = error_details_pb2.ErrorInfo()
    status_pb2.Status.FromString(raw).details[0].Unpack(info)
    return info


async def fails(call, code: grpc.StatusCode, reason: str) -> error_details_pb2.ErrorInfo:  # type: ignore[no-untyped-def]
    with pytest.raises(grpc.aio.AioRpcError) as caught:
        await call
    info = error_info(caught.value)
    assert (caught.value.code(), info.reason, info.domain) == (code, reason, "uuutorrent.auth")
    return info


async def login(stub, username: str, password: str = PASSWORD, **extra) -> auth_pb2.TokenPair:  # type: ignore[no-untyped-def]
    request = auth_pb2.LoginRequest(username=username, password=password, **extra)
    return (await stub.Login(request)).tokens


async def signup_and_login(stub, username: str) -> auth_pb2.TokenPair:  # type: ignore[no-untyped-def]
    await stub.Signup(auth_pb2.SignupRequest(username=username, password=PASSWORD))
    return await login(stub, username)


async def test_signup_login_and_me(stub, settings: AuthSettings) -> None:  # type: ignore[no-untyped-def]
    created = (await stub.Signup(auth_pb2.SignupRequest(username="Ann", password=PASSWORD))).user
    assert (created.username, created.role, created.disabled) == ("Ann", auth_pb2.ROLE_USER, False)
    assert created.created_at.seconds > 0
    tokens = await login(stub, "ann")
    assert tokens.expires_in == 900
    caller = TokenVerifier(settings.jwks_path).verify(tokens.access_token)
    assert caller.user_id == created.id
    me = (await stub.GetMe(auth_pb2.GetMeRequest(), metadata=bearer(tokens.access_token))).user
    assert me == created


async def test_only_signup_login_and_refresh_are_public(stub) -> None:  # type: ignore[no-untyped-def]
    for call in (
        stub.Logout(auth_pb2.LogoutRequest()),
        stub.CheckSession(auth_pb2.CheckSessionRequest()),
        stub.GetMe(auth_pb2.GetMeRequest()),
        stub.ChangePassword(auth_pb2.ChangePasswordRequest()),
        stub.SetupTotp(auth_pb2.SetupTotpRequest()),
        stub.ListUsers(auth_pb2.ListUsersRequest()),
        stub.DeleteUser(auth_pb2.DeleteUserRequest(id=1)),
    ):
        await fails(call, grpc.StatusCode.UNAUTHENTICATED, "UNAUTHENTICATED")


async def test_rule_errors_carry_their_reason(stub) -> None:  # type: ignore[no-untyped-def]
    info = await fails(
        stub.Signup(auth_pb2.SignupRequest(username="a b", password=PASSWORD)),
        grpc.StatusCode.INVALID_ARGUMENT,
        "USERNAME_INVALID",
    )
    assert info.metadata == {}
    await fails(
        stub.Signup(auth_pb2.SignupRequest(username="ann", password="password1")),
        grpc.StatusCode.INVALID_ARGUMENT,
        "PASSWORD_INVALID",
    )
    await stub.Signup(auth_pb2.SignupRequest(username="ann", password=PASSWORD))
    await fails(
        stub.Signup(auth_pb2.SignupRequest(username="ANN", password=PASSWORD)),
        grpc.StatusCode.ALREADY_EXISTS,
        "USERNAME_TAKEN",
    )


async def test_bad_credentials_read_the_same_for_unknown_users(stub) -> None:  # type: ignore[no-untyped-def]
    await stub.Signup(auth_pb2.SignupRequest(username="ann", password=PASSWORD))
    details = set()
    for username in ("ann", "nobody"):
        with pytest.raises(grpc.aio.AioRpcError) as caught:
            await login(stub, username, "wrong password!")
        assert caught.value.code() == grpc.StatusCode.UNAUTHENTICATED
        assert error_info(caught.value).reason == "BAD_CREDENTIALS"
        details.add(caught.value.details())
    assert len(details) == 1


async def test_throttled_logins_say_when_to_retry(stub) -> None:  # type: ignore[no-untyped-def]
    for _ in range(10):
        with pytest.raises(grpc.aio.AioRpcError):
            await login(stub, "nobody", "wrong password!", client_address="198.51.100.9")
    info = await fails(
        stub.Login(
            auth_pb2.LoginRequest(username="other", password="x" * 8, client_address="198.51.100.9")
        ),
        grpc.StatusCode.RESOURCE_EXHAUSTED,
        "LOGIN_THROTTLED",
    )
    assert 0 < int(info.metadata["retry_after_s"]) <= 900


async def test_refresh_logout_and_reuse(stub) -> None:  # type: ignore[no-untyped-def]
    first = await signup_and_login(stub, "ann")
    second = (await stub.Refresh(auth_pb2.RefreshRequest(refresh_token=first.refresh_token))).tokens
    await fails(
        stub.Refresh(auth_pb2.RefreshRequest(refresh_token=first.refresh_token)),
        grpc.StatusCode.UNAUTHENTICATED,
        "TOKEN_INVALID",
    )
    await fails(
        stub.Refresh(auth_pb2.RefreshRequest(refresh_token=second.refresh_token)),
        grpc.StatusCode.UNAUTHENTICATED,
        "TOKEN_INVALID",
    )
    third = await login(stub, "ann")
    await stub.Logout(auth_pb2.LogoutRequest(), metadata=bearer(third.access_token))
    await fails(
        stub.Refresh(auth_pb2.RefreshRequest(refresh_token=third.refresh_token)),
        grpc.StatusCode.UNAUTHENTICATED,
        "TOKEN_INVALID",
    )
    status = await stub.CheckSession(
        auth_pb2.CheckSessionRequest(), metadata=bearer(third.access_token)
    )
    assert status.active is False
    await fails(
        stub.GetMe(auth_pb2.GetMeRequest(), metadata=bearer(third.access_token)),
        grpc.StatusCode.UNAUTHENTICATED,
        "SESSION_REVOKED",
    )


async def test_admin_rpcs(stub) -> None:  # type: ignore[no-untyped-def]
    admin = bearer((await login(stub, ADMIN)).access_token)
    user = await signup_and_login(stub, "ann")
    await fails(
        stub.ListUsers(auth_pb2.ListUsersRequest(), metadata=bearer(user.access_token)),
        grpc.StatusCode.PERMISSION_DENIED,
        "FORBIDDEN",
    )
    created = (
        await stub.CreateUser(
            auth_pb2.CreateUserRequest(username="bob", password=PASSWORD), metadata=admin
        )
    ).user
    assert created.role == auth_pb2.ROLE_USER
    listed = (await stub.ListUsers(auth_pb2.ListUsersRequest(), metadata=admin)).users
    assert [u.username for u in listed] == [ADMIN, "ann", "bob"]

    ann_id = listed[1].id
    updated = (
        await stub.UpdateUser(auth_pb2.UpdateUserRequest(id=ann_id, disabled=True), metadata=admin)
    ).user
    assert (updated.disabled, updated.role) == (True, auth_pb2.ROLE_USER)  # role left alone
    status = await stub.CheckSession(
        auth_pb2.CheckSessionRequest(), metadata=bearer(user.access_token)
    )
    assert status.active is False
    await fails(login(stub, "ann"), grpc.StatusCode.UNAUTHENTICATED, "ACCOUNT_DISABLED")
    await fails(
        stub.UpdateUser(
            auth_pb2.UpdateUserRequest(id=ann_id, role=auth_pb2.ROLE_UNSPECIFIED), metadata=admin
        ),
        grpc.StatusCode.INVALID_ARGUMENT,
        "ROLE_INVALID",
    )
    await stub.DeleteUser(auth_pb2.DeleteUserRequest(id=ann_id), metadata=admin)
    await fails(
        stub.DeleteUser(auth_pb2.DeleteUserRequest(id=ann_id), metadata=admin),
        grpc.StatusCode.NOT_FOUND,
        "USER_NOT_FOUND",
    )


async def test_the_last_admin_guard(stub) -> None:  # type: ignore[no-untyped-def]
    admin = bearer((await login(stub, ADMIN)).access_token)
    me = (await stub.GetMe(auth_pb2.GetMeRequest(), metadata=admin)).user
    for request in (
        stub.UpdateUser(
            auth_pb2.UpdateUserRequest(id=me.id, role=auth_pb2.ROLE_USER), metadata=admin
        ),
        stub.UpdateUser(auth_pb2.UpdateUserRequest(id=me.id, disabled=True), metadata=admin),
        stub.DeleteUser(auth_pb2.DeleteUserRequest(id=me.id), metadata=admin),
    ):
        await fails(request, grpc.StatusCode.FAILED_PRECONDITION, "LAST_ADMIN")


async def test_a_demoted_admin_token_loses_admin_rights_at_once(stub) -> None:  # type: ignore[no-untyped-def]
    root = bearer((await login(stub, ADMIN)).access_token)
    await stub.CreateUser(
        auth_pb2.CreateUserRequest(username="boss", password=PASSWORD, role=auth_pb2.ROLE_ADMIN),
        metadata=root,
    )
    boss_tokens = await login(stub, "boss")
    boss = bearer(boss_tokens.access_token)
    boss_id = (await stub.GetMe(auth_pb2.GetMeRequest(), metadata=boss)).user.id
    await stub.UpdateUser(
        auth_pb2.UpdateUserRequest(id=boss_id, role=auth_pb2.ROLE_USER), metadata=root
    )
    status = await stub.CheckSession(auth_pb2.CheckSessionRequest(), metadata=boss)
    assert (status.active, status.role) == (True, auth_pb2.ROLE_USER)
    await fails(
        stub.ListUsers(auth_pb2.ListUsersRequest(), metadata=boss),
        grpc.StatusCode.PERMISSION_DENIED,
        "FORBIDDEN",
    )


async def test_change_password(stub) -> None:  # type: ignore[no-untyped-def]
    here = await signup_and_login(stub, "ann")
    elsewhere = await login(stub, "ann")
    await fails(
        stub.ChangePassword(
            auth_pb2.ChangePasswordRequest(current_password="nope nope", new_password="fresh one!"),
            metadata=bearer(here.access_token),
        ),
        grpc.StatusCode.UNAUTHENTICATED,
        "BAD_CREDENTIALS",
    )
    await stub.ChangePassword(
        auth_pb2.ChangePasswordRequest(current_password=PASSWORD, new_password="fresh one!"),
        metadata=bearer(here.access_token),
    )
    for tokens, active in ((here, True), (elsewhere, False)):
        status = await stub.CheckSession(
            auth_pb2.CheckSessionRequest(), metadata=bearer(tokens.access_token)
        )
        assert status.active is active


async def test_totp_over_grpc(stub) -> None:  # type: ignore[no-untyped-def]
    me = bearer((await signup_and_login(stub, "ann")).access_token)
    setup = await stub.SetupTotp(auth_pb2.SetupTotpRequest(), metadata=me)
    assert setup.otpauth_url.startswith("otpauth://totp/")
    await fails(
        stub.EnableTotp(auth_pb2.EnableTotpRequest(code="12"), metadata=me),
        grpc.StatusCode.UNAUTHENTICATED,
        "OTP_INVALID",
    )
    await stub.EnableTotp(
        auth_pb2.EnableTotpRequest(code=totp.code_at(setup.secret, time.time())), metadata=me
    )
    await fails(
        stub.SetupTotp(auth_pb2.SetupTotpRequest(), metadata=me),
        grpc.StatusCode.FAILED_PRECONDITION,
        "TOTP_ALREADY_ENABLED",
    )
    await fails(login(stub, "ann"), grpc.StatusCode.UNAUTHENTICATED, "OTP_REQUIRED")
    assert (await stub.GetMe(auth_pb2.GetMeRequest(), metadata=me)).user.totp_enabled


async def test_operator_tokens(stub, settings: AuthSettings) -> None:  # type: ignore[no-untyped-def]
    operator = bearer(mint_service_token(settings, "auth"))
    users = (await stub.ListUsers(auth_pb2.ListUsersRequest(), metadata=operator)).users
    assert [u.username for u in users] == [ADMIN]
    status = await stub.CheckSession(auth_pb2.CheckSessionRequest(), metadata=operator)
    assert (status.active, status.role) == (True, auth_pb2.ROLE_ADMIN)
    await fails(
        stub.GetMe(auth_pb2.GetMeRequest(), metadata=operator),
        grpc.StatusCode.PERMISSION_DENIED,
        "FORBIDDEN",
    )
    # A token for another service's API is no good here.
    await fails(
        stub.ListUsers(
            auth_pb2.ListUsersRequest(), metadata=bearer(mint_service_token(settings, "torrent"))
        ),
        grpc.StatusCode.UNAUTHENTICATED,
        "UNAUTHENTICATED",
    )


async def test_ops_port_is_ready_and_exports_auth_metrics(runtime: ServiceRuntime, stub) -> None:  # type: ignore[no-untyped-def]
    await login(stub, ADMIN)
    async with httpx.AsyncClient() as http:
        base = f"http://127.0.0.1:{runtime.ops_port}"
        ready = await http.get(f"{base}/ready")
        text = (await http.get(f"{base}/metrics")).text
    assert ready.status_code == 200 and ready.json()["checks"] == {"database": "ok"}
    assert 'auth_logins_total{result="success"}' in text
    assert 'auth_token_refreshes_total{result="reused"}' in text
    assert "auth_active_sessions" in text


async def test_a_restart_keeps_keys_and_tokens(
    settings: AuthSettings, database: Database, database_url: str
) -> None:
    runtime = await build(settings, database=database)
    await runtime.start()
    channel = create_channel(f"127.0.0.1:{runtime.grpc_port}")
    tokens = await login(auth_pb2_grpc.AuthServiceStub(channel), ADMIN)
    await channel.close()
    await runtime.stop()

    # Stopping closed the first runtime's pool; the next process opens its own.
    reopened = await connect(database_url, "auth")
    again = await build(make_settings(settings.data_dir), database=reopened)
    await again.start()
    try:
        async with create_channel(f"127.0.0.1:{again.grpc_port}") as channel:
            stub = auth_pb2_grpc.AuthServiceStub(channel)
            me = await stub.GetMe(auth_pb2.GetMeRequest(), metadata=bearer(tokens.access_token))
            assert me.user.username == ADMIN
            await stub.Refresh(auth_pb2.RefreshRequest(refresh_token=tokens.refresh_token))
    finally:
        await again.stop()
