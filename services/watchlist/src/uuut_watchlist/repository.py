"""Stored AniList links, one per user of ours (table `anilist_links`, see models.py)."""

from __future__ import annotations

from dataclasses import dataclass

from uuut_kit.db import Database
from uuut_watchlist.domain import AniListAccount
from uuut_watchlist.vault import Sealed


@dataclass(frozen=True, slots=True)
class StoredLink:
    user_id: int
    account: AniListAccount
    token: Sealed


class LinkRepository:
    def __init__(self, database: Database) -> None:
        self._database = database

    async def get(self, user_id: int) -> StoredLink | None:
        async with self._database.connection() as connection:
            row = await connection.fetchrow(
                "SELECT anilist_user_id, anilist_username, token_key_id, token_sealed"
                " FROM anilist_links WHERE user_id = $1",
                user_id,
            )
        if row is None:
            return None
        return StoredLink(
            user_id=user_id,
            account=AniListAccount(row["anilist_user_id"], row["anilist_username"]),
            token=Sealed(row["token_key_id"], row["token_sealed"]),
        )

    async def save(self, link: StoredLink) -> None:
        """Create or replace the user's link (a replaced link counts as linked now)."""
        async with self._database.connection() as connection:
            await connection.execute(
                "INSERT INTO anilist_links"
                " (user_id, anilist_user_id, anilist_username, token_key_id, token_sealed)"
                " VALUES ($1, $2, $3, $4, $5)"
                " ON CONFLICT (user_id) DO UPDATE SET"
                " anilist_user_id = excluded.anilist_user_id,"
                " anilist_username = excluded.anilist_username,"
                " token_key_id = excluded.token_key_id,"
                " token_sealed = excluded.token_sealed,"
                " linked_at = now(), updated_at = now()",
                link.user_id,
                link.account.user_id,
                link.account.username,
                link.token.key_id,
                link.token.data,
            )

    async def reseal(self, user_id: int, old: Sealed, new: Sealed) -> None:
        """Replace a token sealed with an old key, unless the link changed meanwhile."""
        async with self._database.connection() as connection:
            await connection.execute(
                "UPDATE anilist_links SET token_key_id = $4, token_sealed = $5, updated_at = now()"
                " WHERE user_id = $1 AND token_key_id = $2 AND token_sealed = $3",
                user_id,
                old.key_id,
                old.data,
                new.key_id,
                new.data,
            )

    async def delete(self, user_id: int) -> bool:
        """Forget the user's link; whether there was one."""
        async with self._database.connection() as connection:
            deleted = await connection.fetchval(
                "DELETE FROM anilist_links WHERE user_id = $1 RETURNING true", user_id
            )
        return deleted is not None
