"""Ownership and pending-add rows in the torrent schema, in plain SQL over asyncpg.

asyncpg hands back int[] columns as lists and timestamptz columns as aware datetimes.
"""

from __future__ import annotations

from collections.abc import Iterable

import asyncpg

from uuut_torrent.views import Ownership


def _ownership(record: asyncpg.Record) -> Ownership:
    user_id, info_hash, media_id, episode, added_at, episodes = record
    return Ownership(user_id, info_hash, media_id, episode, added_at, tuple(episodes))


class Ownerships:
    """Queries over one connection; the caller owns the transaction."""

    def __init__(self, connection: asyncpg.Connection) -> None:
        self._connection = connection

    async def lock_hash(self, info_hash: str) -> None:
        """Serialize every change to one hash's owners until the transaction ends."""
        await self._connection.execute(
            "SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", info_hash
        )

    async def get(self, user_id: int, info_hash: str) -> Ownership | None:
        record = await self._connection.fetchrow(
            "SELECT user_id, info_hash, media_id, episode, added_at, episodes FROM ownerships"
            " WHERE user_id = $1 AND info_hash = $2",
            user_id,
            info_hash,
        )
        return _ownership(record) if record else None

    async def add(
        self,
        user_id: int,
        info_hash: str,
        media_id: int | None,
        episode: int | None,
        episodes: tuple[int, ...] = (),
    ) -> Ownership:
        """Own a torrent; owning it already keeps what the row says, and only fills in the
        media and episodes it did not know (a torrent added by hand, then asked for by the
        download flow)."""
        record = await self._connection.fetchrow(
            "INSERT INTO ownerships (user_id, info_hash, media_id, episode, episodes)"
            " VALUES ($1, $2, $3, $4, $5)"
            " ON CONFLICT (user_id, info_hash) DO UPDATE SET media_id = excluded.media_id,"
            " episode = excluded.episode, episodes = excluded.episodes"
            " WHERE ownerships.media_id IS NULL"
            " RETURNING user_id, info_hash, media_id, episode, added_at, episodes",
            user_id,
            info_hash,
            media_id,
            episode,
            list(episodes),
        )
        if record is not None:
            return _ownership(record)
        # Owned already with its media known: the row was left as it is, and returned nothing.
        kept = await self.get(user_id, info_hash)
        assert kept is not None
        return kept

    async def remove(self, user_id: int, info_hash: str) -> bool:
        status = await self._connection.execute(
            "DELETE FROM ownerships WHERE user_id = $1 AND info_hash = $2", user_id, info_hash
        )
        return status == "DELETE 1"  # the primary key: one row at most

    async def owner_count(self, info_hash: str) -> int:
        found: int = await self._connection.fetchval(
            "SELECT count(*) FROM ownerships WHERE info_hash = $1", info_hash
        )
        return found

    async def of_user(self, user_id: int) -> list[Ownership]:
        """The user's ownerships, newest first."""
        records = await self._connection.fetch(
            "SELECT user_id, info_hash, media_id, episode, added_at, episodes FROM ownerships"
            " WHERE user_id = $1 ORDER BY added_at DESC, info_hash",
            user_id,
        )
        return [_ownership(record) for record in records]

    async def every(self) -> list[Ownership]:
        records = await self._connection.fetch(
            "SELECT user_id, info_hash, media_id, episode, added_at, episodes FROM ownerships"
            " ORDER BY added_at, user_id"
        )
        return [_ownership(record) for record in records]

    async def remove_hashes(self, hashes: Iterable[str]) -> list[Ownership]:
        """Drop every ownership of these hashes; returns what was dropped."""
        wanted = list(hashes)
        if not wanted:
            return []
        records = await self._connection.fetch(
            "DELETE FROM ownerships WHERE info_hash = ANY($1)"
            " RETURNING user_id, info_hash, media_id, episode, added_at, episodes",
            wanted,
        )
        return [_ownership(record) for record in records]


class PendingAdds:
    """Attempts to add a torrent that have not recorded their ownership (yet, or ever, after a
    crash); the caller owns the transaction."""

    def __init__(self, connection: asyncpg.Connection) -> None:
        self._connection = connection

    async def start(self, user_id: int, info_hash: str) -> int:
        """Record an attempt; its id."""
        pending_id: int = await self._connection.fetchval(
            "INSERT INTO pending_adds (user_id, info_hash) VALUES ($1, $2) RETURNING id",
            user_id,
            info_hash,
        )
        return pending_id

    async def claim(self, pending_id: int) -> bool:
        """Lock the attempt's row until the transaction ends; False when it is gone."""
        found = await self._connection.fetchval(
            "SELECT id FROM pending_adds WHERE id = $1 FOR UPDATE", pending_id
        )
        return found is not None

    async def finish(self, pending_id: int) -> None:
        await self._connection.execute("DELETE FROM pending_adds WHERE id = $1", pending_id)

    async def started_before(self, seconds_ago: float) -> list[tuple[int, int, str]]:
        """(id, user id, hash) of the attempts started more than `seconds_ago` ago."""
        records = await self._connection.fetch(
            "SELECT id, user_id, info_hash FROM pending_adds"
            " WHERE started_at <= now() - make_interval(secs => $1) ORDER BY id",
            seconds_ago,
        )
        return [(pending_id, user_id, info_hash) for pending_id, user_id, info_hash in records]
