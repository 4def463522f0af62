"""Accounts through the domain (no gRPC) on a real PostgreSQL: signup, admin changes, guards."""

from __future__ import annotations

import asyncio

import pytest

from uuut_auth.components import Components, assemble
from uuut_auth.config import AuthSettings
from uuut_auth.errors import (
    LastAdmin,
    PasswordInvalid,
    RoleInvalid,
    SignupClosed,
    UsernameInvalid,
    UsernameTaken,
    UserNotFound,
)
from uuut_auth.repository import Store
from uuut_auth.server import ensure_bootstrap_admin
from uuut_kit.db import Database

from .support import PASSWORD, FakeClock, make_settings


async def test_signup_creates_a_user_with_role_user(parts: Components) -> None:
    user = await parts.service.signup("Ann", PASSWORD)
    assert (user.username, user.role, user.disabled, user.totp_enabled) == (
        "Ann",
        "user",
        False,
        False,
    )
    assert user.id > 0 and user.created_at.tzinfo is not None


@pytest.mark.parametrize(
    ("username", "password", "error"),
    [
        ("an", PASSWORD, UsernameInvalid),
        ("a" * 33, PASSWORD, UsernameInvalid),
        ("ann smith", PASSWORD, UsernameInvalid),
        ("ann", "short", PasswordInvalid),
        ("ann", "q" * 73, PasswordInvalid),
        ("ann", "é" * 36 + "x", PasswordInvalid),  # 37 characters, 73 bytes
        ("ann", "Password1", PasswordInvalid),  # on the common list
    ],
)
async def test_signup_rules(
    parts: Components, username: str, password: str, error: type[Exception]
) -> None:
    with pytest.raises(error):
        await parts.service.signup(username, password)
    assert await parts.accounts.list() == []


async def test_a_72_byte_multibyte_password_is_accepted(parts: Components) -> None:
    await parts.service.signup("ann", "é" * 36)
    assert await parts.sessions.login("ann", "é" * 36)


async def test_usernames_are_unique_case_insensitively(parts: Components) -> None:
    await parts.service.signup("Ann", PASSWORD)
    for other in ("ann", "ANN", "aNn"):
        with pytest.raises(UsernameTaken) as caught:
            await parts.service.signup(other, PASSWORD)
        assert caught.value.reason == "USERNAME_TAKEN"


async def test_concurrent_signups_of_one_name_leave_one_user(parts: Components) -> None:
    results = await asyncio.gather(
        *(parts.service.signup(name, PASSWORD) for name in ("zed", "ZED", "Zed", "zeD")),
        return_exceptions=True,
    )
    assert sum(not isinstance(r, BaseException) for r in results) == 1
    assert all(isinstance(r, UsernameTaken) for r in results if isinstance(r, BaseException))


async def test_a_taken_username_leaves_the_transaction_usable(
    database: Database, clock: FakeClock
) -> None:
    async with Store(database).transaction() as repo:
        await repo.add_user("ann", "hash", "user", clock())
        with pytest.raises(UsernameTaken):
            await repo.add_user("ANN", "hash", "user", clock())
        await repo.add_user("bob", "hash", "user", clock())
    async with Store(database).connection() as repo:
        assert [user.username for user in await repo.users()] == ["ann", "bob"]


async def test_signup_closed(database: Database, tmp_path, clock: FakeClock) -> None:  # type: ignore[no-untyped-def]
    parts = assemble(make_settings(tmp_path, signup="closed"), database, clock)
    try:
        with pytest.raises(SignupClosed) as caught:
            await parts.service.signup("ann", PASSWORD)
        assert caught.value.reason == "SIGNUP_CLOSED"
        # Admins and the operator can still create accounts.
        assert (await parts.accounts.create("ann", PASSWORD)).role == "user"
    finally:
        await parts.close()


async def test_only_a_bcrypt_hash_is_stored(parts: Components, database: Database) -> None:
    await parts.service.signup("ann", PASSWORD)
    async with database.connection() as connection:
        stored = await connection.fetchval("SELECT password_hash FROM users")
    assert stored.startswith("$2b$04$") and PASSWORD not in stored


async def test_unknown_role_is_refused(parts: Components) -> None:
    with pytest.raises(RoleInvalid):
        await parts.accounts.create("ann", PASSWORD, "root")


async def test_the_last_admin_cannot_be_demoted_disabled_or_deleted(parts: Components) -> None:
    admin = await parts.accounts.create("root", PASSWORD, "admin")
    await parts.accounts.create("ann", PASSWORD)
    for change in (
        parts.accounts.update(admin.id, role="user"),
        parts.accounts.update(admin.id, disabled=True),
        parts.accounts.delete(admin.id),
    ):
        with pytest.raises(LastAdmin) as caught:
            await change
        assert caught.value.reason == "LAST_ADMIN"
    assert (await parts.accounts.update(admin.id, role="admin")).role == "admin"


async def test_with_a_second_admin_one_may_go(parts: Components) -> None:
    first = await parts.accounts.create("root", PASSWORD, "admin")
    second = await parts.accounts.create("boss", PASSWORD, "admin")
    assert (await parts.accounts.update(first.id, role="user")).role == "user"
    with pytest.raises(LastAdmin):
        await parts.accounts.delete(second.id)
    await parts.accounts.update(first.id, role="admin")
    await parts.accounts.delete(second.id)  # deleting yourself is fine when not the last
    assert [u.username for u in await parts.accounts.list()] == ["root"]


async def test_a_disabled_admin_does_not_count(parts: Components) -> None:
    active = await parts.accounts.create("root", PASSWORD, "admin")
    dormant = await parts.accounts.create("boss", PASSWORD, "admin")
    await parts.accounts.update(dormant.id, disabled=True)
    with pytest.raises(LastAdmin):
        await parts.accounts.update(active.id, disabled=True)
    await parts.accounts.delete(dormant.id)  # a disabled admin is no last admin


async def test_two_admins_demoting_each_other_at_once_leave_one(parts: Components) -> None:
    first = await parts.accounts.create("root", PASSWORD, "admin")
    second = await parts.accounts.create("boss", PASSWORD, "admin")
    for _ in range(5):
        results = await asyncio.gather(
            parts.accounts.update(first.id, role="user"),
            parts.accounts.update(second.id, role="user"),
            return_exceptions=True,
        )
        assert sorted(type(r).__name__ for r in results) == ["LastAdmin", "UserInfo"]
        admins = [u for u in await parts.accounts.list() if u.role == "admin"]
        assert len(admins) == 1
        await parts.accounts.update(
            first.id if admins[0].id == second.id else second.id, role="admin"
        )


async def test_changes_to_a_missing_user(parts: Components) -> None:
    for change in (
        parts.accounts.update(999, role="user"),
        parts.accounts.update(999, password=PASSWORD),
        parts.accounts.delete(999),
    ):
        with pytest.raises(UserNotFound) as caught:
            await change
        assert caught.value.reason == "USER_NOT_FOUND"


async def test_an_admin_password_reset_follows_the_rules(parts: Components) -> None:
    user = await parts.accounts.create("ann", PASSWORD)
    with pytest.raises(PasswordInvalid):
        await parts.accounts.update(user.id, password="qwertyuiop")


async def test_bootstrap_admin_is_created_once_and_never_overwritten(
    parts: Components, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    settings = make_settings(
        tmp_path, bootstrap_admin_username="root", bootstrap_admin_password=PASSWORD
    )
    await ensure_bootstrap_admin(settings, parts.accounts)
    (root,) = await parts.accounts.list()
    assert (root.username, root.role) == ("root", "admin")
    changed = make_settings(
        tmp_path, bootstrap_admin_username="root", bootstrap_admin_password="another secret"
    )
    await ensure_bootstrap_admin(changed, parts.accounts)
    assert await parts.sessions.login("root", PASSWORD)


async def test_a_bad_bootstrap_admin_stops_the_start(parts: Components, tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings = make_settings(
        tmp_path, bootstrap_admin_username="root", bootstrap_admin_password="password"
    )
    with pytest.raises(SystemExit, match="too common"):
        await ensure_bootstrap_admin(settings, parts.accounts)


def test_bootstrap_admin_needs_both_settings(tmp_path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValueError, match="BOOTSTRAP"):
        make_settings(tmp_path, bootstrap_admin_username="root")


def test_defaults(tmp_path) -> None:  # type: ignore[no-untyped-def]
    defaults = AuthSettings(_env_file=None, data_dir=tmp_path)  # type: ignore[call-arg]
    assert (defaults.grpc_port, defaults.ops_port) == (50051, 50061)
    assert (defaults.access_token_ttl_s, defaults.refresh_token_ttl_s) == (900, 30 * 86400)
    assert defaults.bcrypt_cost == 12
    assert defaults.signing_keys_dir == tmp_path / "auth" / "signing-keys"
    assert defaults.totp_key_path == tmp_path / "auth" / "totp-xchacha20.key"
    assert defaults.legacy_totp_key_path == tmp_path / "auth" / "totp-encryption.key"
    assert defaults.signing_keys_dir.parent != defaults.jwks_path.parent
