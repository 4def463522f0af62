"""The auth domain as the RPCs see it: who may do what, then accounts, sessions and TOTP.

Callers come in as the kit's verified `Caller` (never from request fields). A user's own
RPCs need their login to be active; admin RPCs need the admin role both in the token and in
the database now (a demoted admin's token keeps its old claim until it expires). Operator
tokens (`uuutorrent token --service auth`) are admins without an account.
"""

from __future__ import annotations

from uuut_auth.accounts import Accounts, check_role
from uuut_auth.domain import ROLE_ADMIN, ROLE_USER, SessionStatus, TotpSetup, UserInfo
from uuut_auth.errors import (
    AccountDisabled,
    BadCredentials,
    Forbidden,
    OtpInvalid,
    SessionRevoked,
    SignupClosed,
)
from uuut_auth.preferences import Preferences, ReleasePreferences
from uuut_auth.second_factor import SecondFactor
from uuut_auth.sessions import Sessions, parse_login_id
from uuut_auth.throttle import LoginThrottle
from uuut_auth.tokens import TokenPair
from uuut_kit.tokens import Caller


class AuthService:
    def __init__(
        self,
        *,
        signup_open: bool,
        accounts: Accounts,
        sessions: Sessions,
        second_factor: SecondFactor,
        throttle: LoginThrottle,
        preferences: Preferences,
    ) -> None:
        self._signup_open = signup_open
        self._accounts = accounts
        self._sessions = sessions
        self._second_factor = second_factor
        self._throttle = throttle
        self._preferences = preferences

    # Public: no caller yet.

    async def signup(self, username: str, password: str) -> UserInfo:
        if not self._signup_open:
            raise SignupClosed("signup is closed; ask an admin for an account")
        return await self._accounts.create(username, password, ROLE_USER)

    async def login(self, username: str, password: str, otp: str, client_address: str) -> TokenPair:
        return await self._sessions.login(username, password, otp, client_address)

    async def refresh(self, refresh_token: str) -> TokenPair:
        return await self._sessions.refresh(refresh_token)

    # The caller's own login and account.

    async def logout(self, caller: Caller) -> None:
        if caller.user_id is not None:
            await self._sessions.logout(caller.user_id, caller.session_id)

    async def check_session(self, caller: Caller) -> SessionStatus:
        """active=False (not an error) once the login is revoked or the user disabled/deleted."""
        if caller.user_id is None:
            return SessionStatus(active=True, role=caller.role, user=None)
        return await self._sessions.status(caller.user_id, caller.session_id)

    async def me(self, caller: Caller) -> UserInfo:
        return await self._active_user(caller)

    async def change_password(self, caller: Caller, current: str, new: str) -> None:
        user = await self._active_user(caller)
        # A stolen access token must not become a way to guess the password.
        keys = LoginThrottle.keys(user.username, "")
        async with self._throttle.attempt(keys, failures=(BadCredentials,)):
            await self._accounts.change_password(
                user.id, current, new, keep_login=parse_login_id(caller.session_id)
            )

    async def setup_totp(self, caller: Caller) -> TotpSetup:
        user = await self._active_user(caller)
        return await self._second_factor.setup(user.id)

    async def enable_totp(self, caller: Caller, code: str) -> None:
        user = await self._active_user(caller)
        await self._second_factor.enable(user.id, code)

    async def disable_totp(self, caller: Caller, code: str) -> None:
        user = await self._active_user(caller)
        keys = LoginThrottle.keys(user.username, "")
        async with self._throttle.attempt(keys, failures=(OtpInvalid,)):
            await self._second_factor.disable(user.id, code)

    async def preferences(self, caller: Caller) -> ReleasePreferences:
        user = await self._active_user(caller)
        return await self._preferences.of(user.id)

    async def update_preferences(
        self, caller: Caller, wanted: ReleasePreferences
    ) -> ReleasePreferences:
        user = await self._active_user(caller)
        return await self._preferences.replace(user.id, wanted)

    # Admins only.

    async def list_users(self, caller: Caller) -> list[UserInfo]:
        await self._require_admin(caller)
        return await self._accounts.list()

    async def create_user(
        self, caller: Caller, username: str, password: str, role: str | None
    ) -> UserInfo:
        await self._require_admin(caller)
        role = role or ROLE_USER
        check_role(role)
        return await self._accounts.create(username, password, role)

    async def update_user(
        self,
        caller: Caller,
        user_id: int,
        *,
        role: str | None = None,
        disabled: bool | None = None,
        password: str | None = None,
    ) -> UserInfo:
        await self._require_admin(caller)
        return await self._accounts.update(user_id, role=role, disabled=disabled, password=password)

    async def delete_user(self, caller: Caller, user_id: int) -> None:
        await self._require_admin(caller)
        await self._accounts.delete(user_id)

    async def _active_user(self, caller: Caller) -> UserInfo:
        if caller.user_id is None:
            raise Forbidden("an operator token has no account of its own")
        status = await self._sessions.status(caller.user_id, caller.session_id)
        if status.user is None:
            raise SessionRevoked()
        if status.user.disabled:
            raise AccountDisabled()
        if not status.active:
            raise SessionRevoked()
        return status.user

    async def _require_admin(self, caller: Caller) -> None:
        if not caller.is_admin:
            raise Forbidden("only an admin may do this")
        if caller.user_id is not None and (await self._active_user(caller)).role != ROLE_ADMIN:
            raise Forbidden("only an admin may do this")
