"""Stored AniList links, one per user of ours."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete, func, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from uuut_watchlist.domain import AniListAccount
from uuut_watchlist.models import AniListLinkRow
from uuut_watchlist.vault import Sealed


@dataclass(frozen=True, slots=True)
class StoredLink:
    user_id: int
    account: AniListAccount
    token: Sealed


class LinkRepository:
    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def get(self, user_id: int) -> StoredLink | None:
        async with self._sessions() as session:
            row = await session.get(AniListLinkRow, user_id)
        if row is None:
            return None
        return StoredLink(
            user_id=row.user_id,
            account=AniListAccount(row.anilist_user_id, row.anilist_username),
            token=Sealed(row.token_key_id, row.token_sealed),
        )

    async def save(self, link: StoredLink) -> None:
        """Create or replace the user's link."""
        values = {
            "anilist_user_id": link.account.user_id,
            "anilist_username": link.account.username,
            "token_key_id": link.token.key_id,
            "token_sealed": link.token.data,
        }
        statement = insert(AniListLinkRow).values(user_id=link.user_id, **values)
        statement = statement.on_conflict_do_update(
            index_elements=[AniListLinkRow.user_id],
            set_={**values, "linked_at": func.now(), "updated_at": func.now()},
        )
        async with self._sessions.begin() as session:
            await session.execute(statement)

    async def reseal(self, user_id: int, old: Sealed, new: Sealed) -> None:
        """Replace a token sealed with an old key, unless the link changed meanwhile."""
        async with self._sessions.begin() as session:
            await session.execute(
                update(AniListLinkRow)
                .where(
                    AniListLinkRow.user_id == user_id,
                    AniListLinkRow.token_key_id == old.key_id,
                    AniListLinkRow.token_sealed == old.data,
                )
                .values(token_key_id=new.key_id, token_sealed=new.data, updated_at=func.now())
            )

    async def delete(self, user_id: int) -> bool:
        async with self._sessions.begin() as session:
            result = await session.execute(
                delete(AniListLinkRow).where(AniListLinkRow.user_id == user_id)
            )
        return bool(result.rowcount)  # type: ignore[attr-defined]
