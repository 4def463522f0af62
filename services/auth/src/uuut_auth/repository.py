"""The auth schema through SQLAlchemy: one Repository per transaction."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime

from sqlalchemy import delete, exists, func, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from uuut_auth.domain import ROLE_ADMIN
from uuut_auth.errors import UsernameTaken
from uuut_auth.models import LoginRow, PreferencesRow, RefreshTokenRow, UserRow


class Database:
    """Hands out one transaction (and repository) at a time per call."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[Repository]:
        async with self._sessions() as session, session.begin():
            yield Repository(session)


class Repository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    # Users

    async def user_by_name(self, username: str) -> UserRow | None:
        query = select(UserRow).where(func.lower(UserRow.username) == username.lower())
        return (await self._session.scalars(query)).one_or_none()

    async def user_by_id(self, user_id: int, *, lock: bool = False) -> UserRow | None:
        query = select(UserRow).where(UserRow.id == user_id)
        if lock:
            query = query.with_for_update()
        return (await self._session.scalars(query)).one_or_none()

    async def users(self) -> list[UserRow]:
        return list(await self._session.scalars(select(UserRow).order_by(UserRow.id)))

    async def add_user(
        self, username: str, password_hash: str, role: str, now: datetime
    ) -> UserRow:
        row = UserRow(
            username=username,
            password_hash=password_hash,
            role=role,
            disabled=False,
            created_at=now,
        )
        self._session.add(row)
        try:
            async with self._session.begin_nested():
                await self._session.flush()
        except IntegrityError:
            raise UsernameTaken("that username is taken") from None
        return row

    async def lock_active_admins(self) -> list[int]:
        """Ids of the active admins, locked so concurrent demotions see each other."""
        query = (
            select(UserRow.id)
            .where(UserRow.role == ROLE_ADMIN, UserRow.disabled.is_(False))
            .order_by(UserRow.id)
            .with_for_update()
        )
        return list(await self._session.scalars(query))

    async def delete_user(self, user_id: int) -> None:
        await self._session.execute(delete(UserRow).where(UserRow.id == user_id))

    async def claim_totp_step(self, user_id: int, step: int) -> bool:
        """Record `step` as the last used TOTP step unless it (or a later one) was used."""
        result = await self._session.execute(
            update(UserRow)
            .where(
                UserRow.id == user_id,
                (UserRow.totp_last_step.is_(None)) | (UserRow.totp_last_step < step),
            )
            .values(totp_last_step=step)
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]

    # Release preferences

    async def preferences(self, user_id: int) -> PreferencesRow | None:
        return await self._session.get(PreferencesRow, user_id)

    async def save_preferences(
        self, user_id: int, quality: str, groups: list[str], trusted_only: bool, now: datetime
    ) -> None:
        values = {"quality": quality, "groups": groups, "trusted_only": trusted_only}
        await self._session.execute(
            insert(PreferencesRow)
            .values(user_id=user_id, updated_at=now, **values)
            .on_conflict_do_update(
                index_elements=[PreferencesRow.user_id], set_={**values, "updated_at": now}
            )
        )

    # Logins and refresh tokens

    async def add_login(self, user_id: int, now: datetime) -> LoginRow:
        row = LoginRow(id=uuid.uuid4(), user_id=user_id, created_at=now, last_used_at=now)
        self._session.add(row)
        await self._session.flush()
        return row

    async def login(self, login_id: uuid.UUID, *, lock: bool = False) -> LoginRow | None:
        query = select(LoginRow).where(LoginRow.id == login_id)
        if lock:
            query = query.with_for_update()
        return (await self._session.scalars(query)).one_or_none()

    async def revoke_login(self, login_id: uuid.UUID, now: datetime) -> None:
        await self._session.execute(
            update(LoginRow)
            .where(LoginRow.id == login_id, LoginRow.revoked_at.is_(None))
            .values(revoked_at=now)
        )

    async def revoke_logins_of(
        self, user_id: int, now: datetime, *, keep: uuid.UUID | None = None
    ) -> None:
        query = update(LoginRow).where(LoginRow.user_id == user_id, LoginRow.revoked_at.is_(None))
        if keep is not None:
            query = query.where(LoginRow.id != keep)
        await self._session.execute(query.values(revoked_at=now))

    async def add_refresh_token(
        self, login_id: uuid.UUID, token_hash: str, now: datetime, expires_at: datetime
    ) -> None:
        self._session.add(
            RefreshTokenRow(
                token_hash=token_hash, login_id=login_id, created_at=now, expires_at=expires_at
            )
        )
        await self._session.flush()

    async def refresh_token(self, token_hash: str) -> RefreshTokenRow | None:
        """The token row, locked: two refreshes with one token are serialised here."""
        query = (
            select(RefreshTokenRow)
            .where(RefreshTokenRow.token_hash == token_hash)
            .with_for_update()
        )
        return (await self._session.scalars(query)).one_or_none()

    async def mark_used(self, token: RefreshTokenRow, login: LoginRow, now: datetime) -> None:
        token.used_at = now
        login.last_used_at = now
        await self._session.flush()

    # Upkeep

    async def count_active_sessions(self, now: datetime) -> int:
        usable = exists().where(
            RefreshTokenRow.login_id == LoginRow.id,
            RefreshTokenRow.used_at.is_(None),
            RefreshTokenRow.expires_at > now,
        )
        query = (
            select(func.count())
            .select_from(LoginRow)
            .join(UserRow, UserRow.id == LoginRow.user_id)
            .where(LoginRow.revoked_at.is_(None), UserRow.disabled.is_(False), usable)
        )
        return int((await self._session.scalar(query)) or 0)

    async def purge_logins_before(self, cutoff: datetime) -> int:
        """Delete logins that were revoked, or whose last refresh expired, before `cutoff`."""
        live = exists().where(
            RefreshTokenRow.login_id == LoginRow.id, RefreshTokenRow.expires_at > cutoff
        )
        result = await self._session.execute(
            delete(LoginRow).where((LoginRow.revoked_at < cutoff) | ~live)
        )
        return int(result.rowcount)  # type: ignore[attr-defined]

    async def purge_refresh_tokens_before(self, cutoff: datetime) -> int:
        """Used tokens are kept (to catch reuse) only until they would have expired anyway."""
        result = await self._session.execute(
            delete(RefreshTokenRow).where(RefreshTokenRow.expires_at <= cutoff)
        )
        return int(result.rowcount)  # type: ignore[attr-defined]
