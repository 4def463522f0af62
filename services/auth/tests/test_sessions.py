"""Logins, refresh tokens, revocation, TOTP and throttling through the domain (no gRPC)."""

from __future__ import annotations

import asyncio
import json
import statistics
import time

import pytest
from prometheus_client import REGISTRY

from uuut_auth import totp
from uuut_auth.components import Components, assemble
from uuut_auth.config import AuthSettings
from uuut_auth.errors import (
    AccountDisabled,
    BadCredentials,
    LoginThrottled,
    OtpInvalid,
    OtpRequired,
    PasswordInvalid,
    SessionRevoked,
    TokenInvalid,
    TotpAlreadyEnabled,
    TotpNotEnabled,
    TotpNotPending,
)
from uuut_auth.maintenance import Maintenance
from uuut_auth.repository import Store
from uuut_auth.tokens import TokenPair
from uuut_kit.db import Database

from .support import PASSWORD, FakeClock, LoopWatch, caller_of, eventually, make_settings


def sample(name: str, **labels: str) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


@pytest.fixture
async def ann(parts: Components) -> int:
    return (await parts.service.signup("ann", PASSWORD)).id


async def test_login_hands_out_a_verifiable_pair(
    parts: Components, settings: AuthSettings, ann: int
) -> None:
    before = sample("auth_logins_total", result="success")
    pair = await parts.sessions.login("ANN", PASSWORD)
    assert pair.expires_in == 900 and pair.refresh_token
    caller = caller_of(settings, pair.access_token)
    assert (caller.user_id, caller.role) == (ann, "user")
    status = await parts.service.check_session(caller)
    assert (status.active, status.role) == (True, "user")
    assert sample("auth_logins_total", result="success") == before + 1


async def test_bad_password_and_unknown_user_look_the_same(parts: Components, ann: int) -> None:
    errors = []
    for username, password in (("ann", "wrong password!"), ("nobody", "wrong password!")):
        with pytest.raises(BadCredentials) as caught:
            await parts.sessions.login(username, password)
        errors.append((caught.value.reason, caught.value.message, caught.value.metadata))
    assert errors[0] == errors[1] == ("BAD_CREDENTIALS", "incorrect username or password", {})


async def test_unknown_users_cost_as_much_as_wrong_passwords(database, tmp_path) -> None:  # type: ignore[no-untyped-def]
    parts = assemble(make_settings(tmp_path, bcrypt_cost=8), database)
    try:
        await parts.maintenance.rotate_keys()
        await parts.hasher.warm_up()
        await parts.accounts.create("ann", PASSWORD)

        async def timed(username: str) -> float:
            started = time.perf_counter()
            with pytest.raises(BadCredentials):
                await parts.sessions.login(username, "wrong password!")
            return time.perf_counter() - started

        known = statistics.median([await timed("ann") for _ in range(5)])
        unknown = statistics.median([await timed(f"nobody{n}") for n in range(5)])
    finally:
        await parts.close()
    assert 0.5 < unknown / known < 2, (unknown, known)


async def test_a_disabled_user_cannot_log_in(parts: Components, ann: int) -> None:
    await parts.accounts.update(ann, disabled=True)
    with pytest.raises(AccountDisabled) as caught:
        await parts.sessions.login("ann", PASSWORD)
    assert caught.value.reason == "ACCOUNT_DISABLED"
    with pytest.raises(BadCredentials):  # without the password, nothing is revealed
        await parts.sessions.login("ann", "wrong password!")


async def test_refresh_rotates_and_reuse_revokes_the_whole_login(
    parts: Components, settings: AuthSettings, ann: int
) -> None:
    first = await parts.sessions.login("ann", PASSWORD)
    second = await parts.sessions.refresh(first.refresh_token)
    assert second.refresh_token != first.refresh_token
    assert caller_of(settings, second.access_token).session_id == (
        caller_of(settings, first.access_token).session_id
    )
    third = await parts.sessions.refresh(second.refresh_token)

    reused_before = sample("auth_token_refreshes_total", result="reused")
    with pytest.raises(TokenInvalid) as caught:
        await parts.sessions.refresh(first.refresh_token)  # copied and replayed
    assert caught.value.reason == "TOKEN_INVALID"
    assert sample("auth_token_refreshes_total", result="reused") == reused_before + 1
    with pytest.raises(TokenInvalid):
        await parts.sessions.refresh(third.refresh_token)  # the whole login went
    status = await parts.service.check_session(caller_of(settings, third.access_token))
    assert status.active is False


async def test_two_refreshes_with_one_token_at_once_revoke_the_login(
    parts: Components, ann: int
) -> None:
    pair = await parts.sessions.login("ann", PASSWORD)
    results = await asyncio.gather(
        parts.sessions.refresh(pair.refresh_token),
        parts.sessions.refresh(pair.refresh_token),
        return_exceptions=True,
    )
    winners = [r for r in results if isinstance(r, TokenPair)]
    assert len(winners) == 1 and any(isinstance(r, TokenInvalid) for r in results)
    with pytest.raises(TokenInvalid):
        await parts.sessions.refresh(winners[0].refresh_token)


async def test_expired_and_made_up_refresh_tokens(
    parts: Components, clock: FakeClock, ann: int
) -> None:
    with pytest.raises(TokenInvalid):
        await parts.sessions.refresh("not-a-token")
    pair = await parts.sessions.login("ann", PASSWORD)
    clock.advance(30 * 86400 + 1)
    with pytest.raises(TokenInvalid):
        await parts.sessions.refresh(pair.refresh_token)


async def test_a_refresh_token_lasts_thirty_days_from_its_last_use(
    parts: Components, clock: FakeClock, ann: int
) -> None:
    pair = await parts.sessions.login("ann", PASSWORD)
    for _ in range(3):
        clock.advance(20 * 86400)
        pair = await parts.sessions.refresh(pair.refresh_token)


async def test_logout_ends_only_that_login(
    parts: Components, settings: AuthSettings, ann: int
) -> None:
    phone = await parts.sessions.login("ann", PASSWORD)
    laptop = await parts.sessions.login("ann", PASSWORD)
    await parts.service.logout(caller_of(settings, phone.access_token))
    await parts.service.logout(caller_of(settings, phone.access_token))  # twice is fine
    with pytest.raises(TokenInvalid):
        await parts.sessions.refresh(phone.refresh_token)
    assert not (await parts.service.check_session(caller_of(settings, phone.access_token))).active
    with pytest.raises(SessionRevoked) as caught:
        await parts.service.me(caller_of(settings, phone.access_token))
    assert caught.value.reason == "SESSION_REVOKED"
    assert (await parts.service.check_session(caller_of(settings, laptop.access_token))).active
    await parts.sessions.refresh(laptop.refresh_token)


async def test_changing_the_password_revokes_the_other_logins(
    parts: Components, settings: AuthSettings, ann: int
) -> None:
    here = await parts.sessions.login("ann", PASSWORD)
    elsewhere = await parts.sessions.login("ann", PASSWORD)
    me = caller_of(settings, here.access_token)
    with pytest.raises(BadCredentials):
        await parts.service.change_password(me, "not my password", "a brand new secret")
    with pytest.raises(PasswordInvalid):
        await parts.service.change_password(me, PASSWORD, "letmein1")
    await parts.service.change_password(me, PASSWORD, "a brand new secret")

    assert (await parts.service.check_session(me)).active
    await parts.sessions.refresh(here.refresh_token)
    other = caller_of(settings, elsewhere.access_token)
    assert not (await parts.service.check_session(other)).active
    with pytest.raises(TokenInvalid):
        await parts.sessions.refresh(elsewhere.refresh_token)
    with pytest.raises(BadCredentials):
        await parts.sessions.login("ann", PASSWORD)
    await parts.sessions.login("ann", "a brand new secret")


async def test_admin_reset_and_disable_revoke_every_login(
    parts: Components, settings: AuthSettings, ann: int
) -> None:
    pair = await parts.sessions.login("ann", PASSWORD)
    await parts.accounts.update(ann, password="reset by the admin")
    assert not (await parts.service.check_session(caller_of(settings, pair.access_token))).active
    pair = await parts.sessions.login("ann", "reset by the admin")
    await parts.accounts.update(ann, disabled=True)
    caller = caller_of(settings, pair.access_token)
    assert not (await parts.service.check_session(caller)).active
    with pytest.raises(TokenInvalid):
        await parts.sessions.refresh(pair.refresh_token)
    with pytest.raises(AccountDisabled):
        await parts.service.me(caller)
    # Re-enabling does not bring old logins back.
    await parts.accounts.update(ann, disabled=False)
    assert not (await parts.service.check_session(caller)).active


async def test_check_session_after_delete_and_role_change(
    parts: Components, settings: AuthSettings, ann: int
) -> None:
    await parts.accounts.create("root", PASSWORD, "admin")
    caller = caller_of(settings, (await parts.sessions.login("ann", PASSWORD)).access_token)
    await parts.accounts.update(ann, role="admin")
    status = await parts.service.check_session(caller)
    assert (status.active, status.role, caller.role) == (True, "admin", "user")
    await parts.accounts.update(ann, role="user")
    await parts.accounts.delete(ann)
    status = await parts.service.check_session(caller)
    assert (status.active, status.role) == (False, None)
    with pytest.raises(SessionRevoked):
        await parts.service.me(caller)


async def test_totp_setup_enable_login_and_disable(
    parts: Components, settings: AuthSettings, clock: FakeClock, ann: int
) -> None:
    me = caller_of(settings, (await parts.sessions.login("ann", PASSWORD)).access_token)
    with pytest.raises(TotpNotPending):
        await parts.service.enable_totp(me, "123456")
    with pytest.raises(TotpNotEnabled):
        await parts.service.disable_totp(me, "123456")
    setup = await parts.service.setup_totp(me)
    assert setup.otpauth_url.startswith("otpauth://totp/UUUTorrent:ann?")
    valid_now = {totp.code_at(setup.secret, clock().timestamp() + d) for d in (-30, 0, 30)}
    wrong = next(c for c in ("000000", "111111", "222222", "333333") if c not in valid_now)
    with pytest.raises(OtpInvalid):
        await parts.service.enable_totp(me, wrong)
    code = totp.code_at(setup.secret, clock().timestamp())
    await parts.service.enable_totp(me, code)
    assert (await parts.service.me(me)).totp_enabled
    with pytest.raises(TotpAlreadyEnabled):
        await parts.service.setup_totp(me)

    with pytest.raises(OtpRequired):
        await parts.sessions.login("ann", PASSWORD)
    with pytest.raises(OtpInvalid):
        await parts.sessions.login("ann", PASSWORD, otp=code)  # used to enable: spent
    clock.advance(30)
    code = totp.code_at(setup.secret, clock().timestamp())
    await parts.sessions.login("ann", PASSWORD, otp=code)
    with pytest.raises(OtpInvalid) as caught:
        await parts.sessions.login("ann", PASSWORD, otp=code)  # the same code twice
    assert caught.value.reason == "OTP_INVALID"
    with pytest.raises(BadCredentials):  # the password is checked first, code or not
        await parts.sessions.login("ann", "wrong password!", otp=code)

    clock.advance(30)
    await parts.service.disable_totp(me, totp.code_at(setup.secret, clock().timestamp()))
    assert not (await parts.service.me(me)).totp_enabled
    await parts.sessions.login("ann", PASSWORD)


async def test_totp_seeds_are_not_stored_in_clear(
    parts: Components, settings: AuthSettings, database: Database, ann: int
) -> None:
    me = caller_of(settings, (await parts.sessions.login("ann", PASSWORD)).access_token)
    setup = await parts.service.setup_totp(me)
    async with database.connection() as connection:
        stored = await connection.fetchval("SELECT totp_pending_secret FROM users")
    assert setup.secret.encode() not in stored and len(stored) > len(setup.secret)


async def test_failed_logins_per_username_are_throttled(parts: Components, ann: int) -> None:
    for n in range(10):
        with pytest.raises(BadCredentials):
            await parts.sessions.login("ann", "wrong password!", client_address=f"10.0.0.{n}")
    throttled_before = sample("auth_logins_total", result="throttled")
    with pytest.raises(LoginThrottled) as caught:
        await parts.sessions.login("Ann", PASSWORD, client_address="10.0.1.1")  # even right
    assert caught.value.reason == "LOGIN_THROTTLED"
    assert 890 <= int(caught.value.metadata["retry_after_s"]) <= 900
    assert sample("auth_logins_total", result="throttled") == throttled_before + 1
    await parts.service.signup("bob", PASSWORD)
    await parts.sessions.login("bob", PASSWORD, client_address="10.0.1.1")


async def test_a_burst_of_parallel_guesses_gets_ten_tries(parts: Components, ann: int) -> None:
    results = await asyncio.gather(
        *(parts.sessions.login("ann", f"guess number {n}") for n in range(30)),
        return_exceptions=True,
    )
    kinds = [type(result).__name__ for result in results]
    assert kinds.count("BadCredentials") == 10
    assert kinds.count("LoginThrottled") == 20


async def test_failed_logins_per_address_are_throttled(parts: Components, ann: int) -> None:
    for n in range(10):
        with pytest.raises(BadCredentials):
            await parts.sessions.login(f"guess{n}", "wrong password!", client_address="192.0.2.7")
    with pytest.raises(LoginThrottled) as caught:
        await parts.sessions.login("ann", PASSWORD, client_address="192.0.2.7")
    assert int(caught.value.metadata["retry_after_s"]) > 0
    await parts.sessions.login("ann", PASSWORD, client_address="192.0.2.8")


async def test_wrong_current_passwords_count_as_failures(
    parts: Components, settings: AuthSettings, ann: int
) -> None:
    me = caller_of(settings, (await parts.sessions.login("ann", PASSWORD)).access_token)
    for _ in range(10):
        with pytest.raises(BadCredentials):
            await parts.service.change_password(me, "guessing away", "a brand new secret")
    with pytest.raises(LoginThrottled):
        await parts.service.change_password(me, PASSWORD, "a brand new secret")


async def test_the_active_sessions_gauge(
    parts: Components, settings: AuthSettings, ann: int
) -> None:
    assert await parts.maintenance.update_gauge() == 0
    one = await parts.sessions.login("ann", PASSWORD)
    two = await parts.sessions.login("ann", PASSWORD)
    await parts.sessions.refresh(two.refresh_token)
    assert await parts.maintenance.update_gauge() == 2
    assert sample("auth_active_sessions") == 2
    await parts.service.logout(caller_of(settings, one.access_token))
    assert await parts.maintenance.update_gauge() == 1


async def test_purge_drops_logins_long_revoked_or_expired(
    parts: Components, settings: AuthSettings, clock: FakeClock, database: Database, ann: int
) -> None:
    gone = await parts.sessions.login("ann", PASSWORD)
    await parts.service.logout(caller_of(settings, gone.access_token))
    await parts.sessions.login("ann", PASSWORD)
    clock.advance(2 * 86400)
    await parts.maintenance.purge()
    async with database.connection() as connection:
        logins = await connection.fetchval("SELECT count(*) FROM logins")
    assert logins == 1


async def test_twenty_logins_leave_the_event_loop_free(database, tmp_path) -> None:  # type: ignore[no-untyped-def]
    # Cost 10 (about 50 ms a check here) makes a blocked loop obvious; 12 in production.
    parts = assemble(make_settings(tmp_path, bcrypt_cost=10), database)
    try:
        await parts.maintenance.rotate_keys()
        await parts.hasher.warm_up()
        await parts.accounts.create("ann", PASSWORD)
        started = time.perf_counter()
        await parts.sessions.login("ann", PASSWORD)
        one_login = time.perf_counter() - started

        async with LoopWatch() as watch:
            pairs = await asyncio.gather(
                *(parts.sessions.login("ann", PASSWORD) for _ in range(20))
            )
    finally:
        await parts.close()
    assert len({pair.refresh_token for pair in pairs}) == 20
    assert watch.longest_gap < one_login / 2, (watch.longest_gap, one_login)


async def test_upkeep_runs_on_its_own(
    parts: Components, settings: AuthSettings, clock: FakeClock, database: Database, ann: int
) -> None:
    await parts.sessions.login("ann", PASSWORD)
    first_kid = parts.keys.current().kid
    upkeep = Maintenance(
        parts.keys,
        Store(database),
        interval_s=0.05,
        gauge_interval_s=0.02,
        clock=clock,
    )
    assert await upkeep.update_gauge() == 1
    clock.advance(31 * 86400)  # the key is older than its 30 days, the refresh token expired
    upkeep.start()
    try:
        await eventually(lambda: parts.keys.current().kid != first_kid)
        await eventually(lambda: sample("auth_active_sessions") == 0)
    finally:
        await upkeep.stop()
    published = [k["kid"] for k in json.loads(settings.jwks_path.read_text())["keys"]]
    assert published == [first_kid, parts.keys.current().kid]
