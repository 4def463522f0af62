"""Release preferences over real gRPC and a real PostgreSQL: defaults, replace, rules, owners."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import grpc
import pytest

from uuut_auth.config import AuthSettings
from uuut_auth.errors import UserNotFound
from uuut_auth.preferences import Preferences, ReleasePreferences, normalised
from uuut_auth.repository import Store
from uuut_auth.server import build
from uuut_kit.channels import create_channel
from uuut_kit.db import Database
from uuut_kit.errors import InvalidArgument
from uuut_kit.server import ServiceRuntime
from uuutorrent.auth.v1 import auth_pb2, auth_pb2_grpc

from .support import PASSWORD, make_settings
from .test_servicer import bearer, fails, login, signup_and_login

ADMIN = "root"


@pytest.fixture
def settings(tmp_path: Path) -> AuthSettings:
    return make_settings(
        tmp_path, bootstrap_admin_username=ADMIN, bootstrap_admin_password=PASSWORD
    )


@pytest.fixture
async def stub(
    settings: AuthSettings, database: Database
) -> AsyncIterator[auth_pb2_grpc.AuthServiceStub]:
    runtime: ServiceRuntime = await build(settings, database=database)
    await runtime.start()
    channel = create_channel(f"127.0.0.1:{runtime.grpc_port}")
    yield auth_pb2_grpc.AuthServiceStub(channel)
    await channel.close()
    await runtime.stop()


def wanted(quality=auth_pb2.QUALITY_720P, groups=(), trusted_only=False):  # type: ignore[no-untyped-def]
    return auth_pb2.UpdatePreferencesRequest(
        preferences=auth_pb2.Preferences(
            quality=quality, groups=list(groups), trusted_only=trusted_only
        )
    )


async def test_defaults_until_set_then_each_user_their_own(stub) -> None:  # type: ignore[no-untyped-def]
    ann = bearer((await signup_and_login(stub, "ann")).access_token)
    bob = bearer((await signup_and_login(stub, "bob")).access_token)
    first = await stub.GetPreferences(auth_pb2.GetPreferencesRequest(), metadata=ann)
    assert first.preferences == auth_pb2.Preferences(quality=auth_pb2.QUALITY_1080P)

    stored = await stub.UpdatePreferences(
        wanted(groups=[" SubsPlease ", "Erai-raws", "subsplease"], trusted_only=True), metadata=ann
    )
    expected = auth_pb2.Preferences(
        quality=auth_pb2.QUALITY_720P, groups=["SubsPlease", "Erai-raws"], trusted_only=True
    )
    assert stored.preferences == expected
    again = await stub.GetPreferences(auth_pb2.GetPreferencesRequest(), metadata=ann)
    assert again.preferences == expected
    # Replacing is whole: groups left out are gone.
    await stub.UpdatePreferences(wanted(quality=auth_pb2.QUALITY_2160P), metadata=ann)
    after = await stub.GetPreferences(auth_pb2.GetPreferencesRequest(), metadata=ann)
    assert after.preferences == auth_pb2.Preferences(quality=auth_pb2.QUALITY_2160P)
    # Bob never set any.
    theirs = await stub.GetPreferences(auth_pb2.GetPreferencesRequest(), metadata=bob)
    assert theirs.preferences.quality == auth_pb2.QUALITY_1080P


async def test_bad_preferences_are_refused_with_their_reason(stub) -> None:  # type: ignore[no-untyped-def]
    ann = bearer((await signup_and_login(stub, "ann")).access_token)
    for bad in (
        wanted(quality=auth_pb2.QUALITY_UNSPECIFIED),
        wanted(groups=["   "]),
        wanted(groups=["x" * 65]),
        wanted(groups=[f"group{i}" for i in range(21)]),
        wanted(groups=["bad\x00name"]),
    ):
        await fails(
            stub.UpdatePreferences(bad, metadata=ann),
            grpc.StatusCode.INVALID_ARGUMENT,
            "PREFERENCES_INVALID",
        )
    kept = await stub.GetPreferences(auth_pb2.GetPreferencesRequest(), metadata=ann)
    assert kept.preferences.quality == auth_pb2.QUALITY_1080P


async def test_they_need_an_active_login_and_go_with_the_user(stub) -> None:  # type: ignore[no-untyped-def]
    await fails(
        stub.GetPreferences(auth_pb2.GetPreferencesRequest()),
        grpc.StatusCode.UNAUTHENTICATED,
        "UNAUTHENTICATED",
    )
    tokens = await signup_and_login(stub, "ann")
    ann = bearer(tokens.access_token)
    await stub.UpdatePreferences(wanted(groups=["ASW"]), metadata=ann)
    await stub.Logout(auth_pb2.LogoutRequest(), metadata=ann)
    await fails(
        stub.GetPreferences(auth_pb2.GetPreferencesRequest(), metadata=ann),
        grpc.StatusCode.UNAUTHENTICATED,
        "SESSION_REVOKED",
    )
    admin = bearer((await login(stub, ADMIN)).access_token)
    users = (await stub.ListUsers(auth_pb2.ListUsersRequest(), metadata=admin)).users
    ann_id = next(u.id for u in users if u.username == "ann")
    await stub.DeleteUser(auth_pb2.DeleteUserRequest(id=ann_id), metadata=admin)
    # A new "ann" starts from the defaults, not from the deleted user's row.
    again = bearer((await signup_and_login(stub, "ann")).access_token)
    fresh = await stub.GetPreferences(auth_pb2.GetPreferencesRequest(), metadata=again)
    assert fresh.preferences == auth_pb2.Preferences(quality=auth_pb2.QUALITY_1080P)


async def test_preferences_of_a_user_deleted_meanwhile_are_not_saved(
    database: Database,
) -> None:
    preferences = Preferences(Store(database))
    with pytest.raises(UserNotFound):
        await preferences.replace(999, ReleasePreferences("720p", ("ASW",)))
    assert await preferences.of(999) == ReleasePreferences()


def test_normalised_keeps_the_users_order_and_first_spelling() -> None:
    stored = normalised(ReleasePreferences("480p", ("Judas", "ASW", "judas ", "EMBER"), True))
    assert stored == ReleasePreferences("480p", ("Judas", "ASW", "EMBER"), True)
    with pytest.raises(InvalidArgument):
        normalised(ReleasePreferences("4k"))
