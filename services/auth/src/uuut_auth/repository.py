"""The auth schema in plain SQL over asyncpg: one Repository per connection or transaction.

asyncpg decodes uuid columns as uuid.UUID, timestamptz as aware datetimes, arrays as lists and
bytea as bytes, so a record becomes a row (uuut_auth.rows) by its column names.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime

import asyncpg

from uuut_auth.domain import ROLE_ADMIN
from uuut_auth.errors import UsernameTaken, UserNotFound
from uuut_auth.rows import LoginRow, PreferencesRow, RefreshTokenRow, UserRow
from uuut_kit.db import Database


class Store:
    """The service's database, handing out a Repository on one connection at a time."""

    def __init__(self, database: Database) -> None:
        self._database = database

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[Repository]:
        """Statements that commit together; rows locked here stay locked until the end."""
        async with self._database.transaction() as connection:
            yield Repository(connection)

    @asynccontextmanager
    async def connection(self) -> AsyncIterator[Repository]:
        """Reads and single statements, each committed on its own (no BEGIN/COMMIT trips)."""
        async with self._database.connection() as connection:
            yield Repository(connection)


def _row_count(status: str) -> int:
    """The count in a command status such as "UPDATE 1" or "DELETE 0"."""
    return int(status.rpartition(" ")[2])


class Repository:
    def __init__(self, connection: asyncpg.Connection) -> None:
        self._connection = connection

    # Users

    async def user_by_name(self, username: str) -> UserRow | None:
        # Matches the unique index on lower(username): usernames are ASCII, so it is a full fold.
        record = await self._connection.fetchrow(
            "SELECT id, username, password_hash, role, disabled, totp_secret,"
            " totp_pending_secret, totp_last_step, created_at"
            " FROM users WHERE lower(username) = $1",
            username.lower(),
        )
        return UserRow(**record) if record else None

    async def user_by_id(self, user_id: int, *, lock: bool = False) -> UserRow | None:
        query = (
            "SELECT id, username, password_hash, role, disabled, totp_secret,"
            " totp_pending_secret, totp_last_step, created_at"
            " FROM users WHERE id = $1"
        )
        record = await self._connection.fetchrow(query + " FOR UPDATE" if lock else query, user_id)
        return UserRow(**record) if record else None

    async def users(self) -> list[UserRow]:
        records = await self._connection.fetch(
            "SELECT id, username, password_hash, role, disabled, totp_secret,"
            " totp_pending_secret, totp_last_step, created_at"
            " FROM users ORDER BY id"
        )
        return [UserRow(**record) for record in records]

    async def add_user(
        self, username: str, password_hash: str, role: str, now: datetime
    ) -> UserRow:
        try:
            # A savepoint inside a caller's transaction: a taken name leaves that usable.
            async with self._connection.transaction():
                record = await self._connection.fetchrow(
                    "INSERT INTO users (username, password_hash, role, disabled, created_at)"
                    " VALUES ($1, $2, $3, false, $4)"
                    " RETURNING id, username, password_hash, role, disabled, totp_secret,"
                    " totp_pending_secret, totp_last_step, created_at",
                    username,
                    password_hash,
                    role,
                    now,
                )
        except asyncpg.exceptions.UniqueViolationError:
            raise UsernameTaken("that username is taken") from None
        return UserRow(**record)

    async def update_user(
        self,
        user_id: int,
        *,
        role: str | None = None,
        disabled: bool | None = None,
        password_hash: str | None = None,
    ) -> UserRow | None:
        """Set what is given (None keeps a column as it is); the user as updated, if any."""
        record = await self._connection.fetchrow(
            "UPDATE users SET role = coalesce($2, role), disabled = coalesce($3, disabled),"
            " password_hash = coalesce($4, password_hash) WHERE id = $1"
            " RETURNING id, username, password_hash, role, disabled, totp_secret,"
            " totp_pending_secret, totp_last_step, created_at",
            user_id,
            role,
            disabled,
            password_hash,
        )
        return UserRow(**record) if record else None

    async def lock_active_admins(self) -> list[int]:
        """Ids of the active admins, locked so concurrent demotions see each other."""
        records = await self._connection.fetch(
            "SELECT id FROM users WHERE role = $1 AND NOT disabled ORDER BY id FOR UPDATE",
            ROLE_ADMIN,
        )
        return [record["id"] for record in records]

    async def delete_user(self, user_id: int) -> bool:
        """Delete the user (their logins and preferences go with them); whether there was one."""
        status = await self._connection.execute("DELETE FROM users WHERE id = $1", user_id)
        return _row_count(status) == 1

    async def set_totp_pending_secret(self, user_id: int, sealed: bytes) -> None:
        await self._connection.execute(
            "UPDATE users SET totp_pending_secret = $2 WHERE id = $1", user_id, sealed
        )

    async def enable_totp(self, user_id: int, step: int) -> None:
        """The pending secret becomes the secret; `step` is its code just used."""
        await self._connection.execute(
            "UPDATE users SET totp_secret = totp_pending_secret, totp_pending_secret = NULL,"
            " totp_last_step = $2 WHERE id = $1",
            user_id,
            step,
        )

    async def disable_totp(self, user_id: int) -> None:
        await self._connection.execute(
            "UPDATE users SET totp_secret = NULL, totp_pending_secret = NULL,"
            " totp_last_step = NULL WHERE id = $1",
            user_id,
        )

    async def claim_totp_step(self, user_id: int, step: int) -> bool:
        """Record `step` as the last used TOTP step unless it (or a later one) was used."""
        status = await self._connection.execute(
            "UPDATE users SET totp_last_step = $2"
            " WHERE id = $1 AND (totp_last_step IS NULL OR totp_last_step < $2)",
            user_id,
            step,
        )
        return _row_count(status) == 1

    # Release preferences

    async def preferences(self, user_id: int) -> PreferencesRow | None:
        record = await self._connection.fetchrow(
            "SELECT user_id, quality, groups, trusted_only, updated_at"
            " FROM preferences WHERE user_id = $1",
            user_id,
        )
        return PreferencesRow(**record) if record else None

    async def save_preferences(
        self, user_id: int, quality: str, groups: list[str], trusted_only: bool, now: datetime
    ) -> None:
        """Create or replace the user's preferences (USER_NOT_FOUND: deleted a moment ago)."""
        try:
            await self._connection.execute(
                "INSERT INTO preferences (user_id, quality, groups, trusted_only, updated_at)"
                " VALUES ($1, $2, $3, $4, $5)"
                " ON CONFLICT (user_id) DO UPDATE SET quality = excluded.quality,"
                " groups = excluded.groups, trusted_only = excluded.trusted_only,"
                " updated_at = excluded.updated_at",
                user_id,
                quality,
                groups,
                trusted_only,
                now,
            )
        except asyncpg.exceptions.ForeignKeyViolationError:
            raise UserNotFound() from None

    # Logins and refresh tokens

    async def add_login(self, user_id: int, now: datetime) -> uuid.UUID:
        login_id = uuid.uuid4()
        await self._connection.execute(
            "INSERT INTO logins (id, user_id, created_at, last_used_at) VALUES ($1, $2, $3, $3)",
            login_id,
            user_id,
            now,
        )
        return login_id

    async def login(self, login_id: uuid.UUID, *, lock: bool = False) -> LoginRow | None:
        query = "SELECT id, user_id, created_at, last_used_at, revoked_at FROM logins WHERE id = $1"
        record = await self._connection.fetchrow(query + " FOR UPDATE" if lock else query, login_id)
        return LoginRow(**record) if record else None

    async def revoke_login(self, login_id: uuid.UUID, now: datetime) -> None:
        await self._connection.execute(
            "UPDATE logins SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL",
            login_id,
            now,
        )

    async def revoke_logins_of(
        self, user_id: int, now: datetime, *, keep: uuid.UUID | None = None
    ) -> None:
        await self._connection.execute(
            "UPDATE logins SET revoked_at = $2"
            " WHERE user_id = $1 AND revoked_at IS NULL AND id IS DISTINCT FROM $3",
            user_id,
            now,
            keep,
        )

    async def add_refresh_token(
        self, login_id: uuid.UUID, token_hash: str, now: datetime, expires_at: datetime
    ) -> None:
        await self._connection.execute(
            "INSERT INTO refresh_tokens (token_hash, login_id, created_at, expires_at)"
            " VALUES ($1, $2, $3, $4)",
            token_hash,
            login_id,
            now,
            expires_at,
        )

    async def refresh_token(self, token_hash: str) -> RefreshTokenRow | None:
        """The token row, locked: two refreshes with one token are serialised here."""
        record = await self._connection.fetchrow(
            "SELECT token_hash, login_id, created_at, expires_at, used_at"
            " FROM refresh_tokens WHERE token_hash = $1 FOR UPDATE",
            token_hash,
        )
        return RefreshTokenRow(**record) if record else None

    async def mark_used(self, token_hash: str, login_id: uuid.UUID, now: datetime) -> None:
        """The token is used up, and its login was last used now (one round trip for both)."""
        await self._connection.execute(
            "WITH used AS (UPDATE refresh_tokens SET used_at = $3 WHERE token_hash = $1)"
            " UPDATE logins SET last_used_at = $3 WHERE id = $2",
            token_hash,
            login_id,
            now,
        )

    # Upkeep

    async def count_active_sessions(self, now: datetime) -> int:
        count: int = await self._connection.fetchval(
            "SELECT count(*) FROM logins JOIN users ON users.id = logins.user_id"
            " WHERE logins.revoked_at IS NULL AND NOT users.disabled AND EXISTS ("
            "  SELECT FROM refresh_tokens WHERE refresh_tokens.login_id = logins.id"
            "  AND refresh_tokens.used_at IS NULL AND refresh_tokens.expires_at > $1)",
            now,
        )
        return count

    async def purge_logins_before(self, cutoff: datetime) -> int:
        """Delete logins that were revoked, or whose last refresh expired, before `cutoff`."""
        status = await self._connection.execute(
            "DELETE FROM logins WHERE revoked_at < $1 OR NOT EXISTS ("
            " SELECT FROM refresh_tokens WHERE refresh_tokens.login_id = logins.id"
            " AND refresh_tokens.expires_at > $1)",
            cutoff,
        )
        return _row_count(status)

    async def purge_refresh_tokens_before(self, cutoff: datetime) -> int:
        """Used tokens are kept (to catch reuse) only until they would have expired anyway."""
        status = await self._connection.execute(
            "DELETE FROM refresh_tokens WHERE expires_at <= $1", cutoff
        )
        return _row_count(status)
