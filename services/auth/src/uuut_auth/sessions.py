"""Logins: opening one with a password (and TOTP code), refreshing, revoking, checking.

A login is what an access token's `sid` names. Each login has a chain of refresh tokens; every
refresh uses one up and hands out the next. Presenting a used one means the chain was copied,
so the whole login is revoked.
"""

from __future__ import annotations

import uuid
from datetime import timedelta

from uuut_auth import metrics
from uuut_auth.domain import Clock, SessionStatus, UserInfo, utc_now
from uuut_auth.errors import (
    AccountDisabled,
    BadCredentials,
    LoginThrottled,
    OtpInvalid,
    OtpRequired,
    TokenInvalid,
)
from uuut_auth.passwords import USERNAME_PATTERN, PasswordHasher
from uuut_auth.repository import Repository, Store
from uuut_auth.rows import UserRow
from uuut_auth.second_factor import SecondFactor
from uuut_auth.throttle import LoginThrottle
from uuut_auth.tokens import TokenIssuer, TokenPair, hash_refresh_token, new_refresh_token
from uuut_kit.errors import DomainError
from uuut_kit.logging import get_logger

log = get_logger(__name__)

_LOGIN_RESULT: dict[type[DomainError], str] = {
    LoginThrottled: "throttled",
    BadCredentials: "bad_credentials",
    AccountDisabled: "disabled",
    OtpRequired: "otp_required",
    OtpInvalid: "otp_invalid",
}
# What counts towards throttling: guesses. A right password without its code is not one.
_FAILURES: tuple[type[DomainError], ...] = (BadCredentials, OtpInvalid)


def parse_login_id(value: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(value)
    except ValueError:
        return None


class Sessions:
    def __init__(
        self,
        store: Store,
        hasher: PasswordHasher,
        issuer: TokenIssuer,
        throttle: LoginThrottle,
        second_factor: SecondFactor,
        refresh_ttl_s: int,
        clock: Clock = utc_now,
    ) -> None:
        self._store = store
        self._hasher = hasher
        self._issuer = issuer
        self._throttle = throttle
        self._second_factor = second_factor
        self._refresh_ttl = timedelta(seconds=refresh_ttl_s)
        self._clock = clock

    async def login(
        self, username: str, password: str, otp: str = "", client_address: str = ""
    ) -> TokenPair:
        """A new login with its token pair; the same error whether or not the user exists."""
        keys = LoginThrottle.keys(username, client_address)
        try:
            async with self._throttle.attempt(keys, failures=_FAILURES):
                pair, user_id = await self._login(username, password, otp)
        except tuple(_LOGIN_RESULT) as error:
            result = _LOGIN_RESULT[type(error)]
            metrics.logins.labels(result).inc()
            log.info("login_refused", result=result, client_address=client_address or None)
            raise
        metrics.logins.labels("success").inc()
        log.info("login_opened", user_id=user_id)
        return pair

    async def _login(self, username: str, password: str, otp: str) -> tuple[TokenPair, int]:
        # bcrypt runs outside any transaction: no connection is held while it queues.
        found = None
        if USERNAME_PATTERN.fullmatch(username):  # no such user otherwise; skip the query
            async with self._store.connection() as repo:
                found = await repo.user_by_name(username)
        if not await self._hasher.verify(password, found.password_hash if found else None):
            raise BadCredentials()
        assert found is not None
        async with self._store.transaction() as repo:
            user = await repo.user_by_id(found.id, lock=True)
            # Deleted, or the password changed, while bcrypt ran.
            if user is None or user.password_hash != found.password_hash:
                raise BadCredentials()
            if user.disabled:
                raise AccountDisabled()
            if user.totp_secret is not None:
                if not otp:
                    raise OtpRequired()
                if not await self._second_factor.accept(repo, user, otp):
                    raise OtpInvalid()
            return await self.open_login(repo, user), user.id

    async def open_login(self, repo: Repository, user: UserRow) -> TokenPair:
        login_id = await repo.add_login(user.id, self._clock())
        return await self._next_pair(repo, user, login_id)

    async def refresh(self, refresh_token: str) -> TokenPair:
        """The next pair; the presented token is used up. Reuse revokes the whole login."""
        result, pair = await self._refresh(refresh_token)
        metrics.refreshes.labels(result).inc()
        if result == "disabled":
            raise AccountDisabled()
        if pair is None:
            raise TokenInvalid()
        return pair

    async def _refresh(self, refresh_token: str) -> tuple[str, TokenPair | None]:
        now = self._clock()
        async with self._store.transaction() as repo:
            token = await repo.refresh_token(hash_refresh_token(refresh_token))
            if token is None:
                return "invalid", None
            login = await repo.login(token.login_id, lock=True)
            if login is None or login.revoked_at is not None:
                return "revoked", None
            if token.used_at is not None:
                # Committed with this transaction, before the error goes out.
                await repo.revoke_login(login.id, now)
                log.warning("refresh_token_reused", user_id=login.user_id)
                return "reused", None
            if token.expires_at <= now:
                return "expired", None
            user = await repo.user_by_id(login.user_id)
            if user is None:
                return "revoked", None
            if user.disabled:
                return "disabled", None
            await repo.mark_used(token.token_hash, login.id, now)
            return "success", await self._next_pair(repo, user, login.id)

    async def _next_pair(self, repo: Repository, user: UserRow, login_id: uuid.UUID) -> TokenPair:
        now = self._clock()
        refresh_token = new_refresh_token()
        await repo.add_refresh_token(
            login_id, hash_refresh_token(refresh_token), now, now + self._refresh_ttl
        )
        access_token = self._issuer.access_token(user.id, user.role, str(login_id), now)
        return TokenPair(access_token, refresh_token, self._issuer.access_ttl_s)

    async def logout(self, user_id: int, login_id: str) -> None:
        """Revoke one login of the user; a login already revoked or gone is fine."""
        parsed = parse_login_id(login_id)
        if parsed is None:
            return
        async with self._store.transaction() as repo:
            login = await repo.login(parsed)
            if login is not None and login.user_id == user_id:
                await repo.revoke_login(parsed, self._clock())
        log.info("login_closed", user_id=user_id)

    async def status(self, user_id: int, login_id: str) -> SessionStatus:
        """Whether this login of this user may go on, and the user's current role."""
        parsed = parse_login_id(login_id)
        async with self._store.connection() as repo:
            user = await repo.user_by_id(user_id)
            if user is None:
                return SessionStatus(active=False, role=None, user=None)
            login = await repo.login(parsed) if parsed is not None else None
        active = (
            not user.disabled
            and login is not None
            and login.user_id == user_id
            and login.revoked_at is None
        )
        return SessionStatus(active=active, role=user.role, user=UserInfo.of(user))
