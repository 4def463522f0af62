"""Managing accounts: create, list, change, delete; the last-admin guard; the bootstrap admin.

No authorization here: the RPC layer (service.py) checks who may call, the operator CLI is
trusted because it runs on the server with the service's own state.
"""

from __future__ import annotations

import uuid

from uuut_auth.domain import ROLE_ADMIN, ROLE_USER, ROLES, Clock, UserInfo, utc_now
from uuut_auth.errors import BadCredentials, LastAdmin, RoleInvalid, UserNotFound
from uuut_auth.passwords import PasswordHasher, check_password, check_username
from uuut_auth.repository import Store
from uuut_kit.logging import get_logger

log = get_logger(__name__)


class Accounts:
    def __init__(self, store: Store, hasher: PasswordHasher, clock: Clock = utc_now) -> None:
        self._store = store
        self._hasher = hasher
        self._clock = clock

    async def create(self, username: str, password: str, role: str = ROLE_USER) -> UserInfo:
        """A new account, after the username and password rules (USERNAME_TAKEN if taken)."""
        check_role(role)
        check_username(username)
        check_password(password, username)
        password_hash = await self._hasher.hash(password)
        async with self._store.connection() as repo:
            row = await repo.add_user(username, password_hash, role, self._clock())
            user = UserInfo.of(row)
        log.info("user_created", user_id=user.id, role=role)
        return user

    async def list(self) -> list[UserInfo]:
        async with self._store.connection() as repo:
            return [UserInfo.of(row) for row in await repo.users()]

    async def update(
        self,
        user_id: int,
        *,
        role: str | None = None,
        disabled: bool | None = None,
        password: str | None = None,
    ) -> UserInfo:
        """Change what is given; a new password or disabling revokes all the user's logins."""
        if role is not None:
            check_role(role)
        password_hash = None
        if password is not None:
            async with self._store.connection() as repo:
                found = await repo.user_by_id(user_id)
            if found is None:
                raise UserNotFound()
            check_password(password, found.username)
            password_hash = await self._hasher.hash(password)
        async with self._store.transaction() as repo:
            admins = await repo.lock_active_admins()
            if (role is not None and role != ROLE_ADMIN) or disabled is True:
                _guard_last_admin(admins, user_id)
            # Locks the user's row after the admins', the order every writer here keeps.
            row = await repo.update_user(
                user_id, role=role, disabled=disabled, password_hash=password_hash
            )
            if row is None:
                raise UserNotFound()
            if password_hash is not None or disabled is True:
                await repo.revoke_logins_of(user_id, self._clock())
            user = UserInfo.of(row)
        log.info(
            "user_updated",
            user_id=user_id,
            role=role,
            disabled=disabled,
            password_changed=password is not None,
        )
        return user

    async def change_password(
        self, user_id: int, current: str, new: str, keep_login: uuid.UUID | None
    ) -> None:
        """Change a password knowing the current one; every login but `keep_login` is revoked."""
        async with self._store.connection() as repo:
            found = await repo.user_by_id(user_id)
        if found is None:
            raise UserNotFound()
        check_password(new, found.username)
        if not await self._hasher.verify(current, found.password_hash):
            raise BadCredentials()
        password_hash = await self._hasher.hash(new)
        async with self._store.transaction() as repo:
            if await repo.update_user(user_id, password_hash=password_hash) is None:
                raise UserNotFound()
            await repo.revoke_logins_of(user_id, self._clock(), keep=keep_login)
        log.info("password_changed", user_id=user_id)

    async def delete(self, user_id: int) -> None:
        """Delete the user and their logins; never the last active admin."""
        async with self._store.transaction() as repo:
            admins = await repo.lock_active_admins()
            _guard_last_admin(admins, user_id)
            if not await repo.delete_user(user_id):
                raise UserNotFound()
        log.info("user_deleted", user_id=user_id)

    async def id_of(self, username: str) -> int:
        async with self._store.connection() as repo:
            row = await repo.user_by_name(username)
        if row is None:
            raise UserNotFound()
        return row.id

    async def ensure_bootstrap_admin(self, username: str, password: str) -> bool:
        """Create the configured admin unless that username exists; whether it was created."""
        async with self._store.connection() as repo:
            if await repo.user_by_name(username) is not None:
                return False
        await self.create(username, password, ROLE_ADMIN)
        log.info("bootstrap_admin_created", username=username)
        return True


def check_role(role: str) -> None:
    if role not in ROLES:
        raise RoleInvalid(f"role must be one of {', '.join(sorted(ROLES))}")


def _guard_last_admin(active_admins: list[int], user_id: int) -> None:
    """Refuse to take away `user_id` when it is the only active admin left.

    The admins are locked (lock_active_admins, always first, in id order) so two admins
    demoting each other at once cannot both succeed, and cannot deadlock either.
    """
    if user_id in active_admins and len(active_admins) == 1:
        raise LastAdmin()
