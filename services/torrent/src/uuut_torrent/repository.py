"""Ownership rows in the torrent schema."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import delete, func, select, text
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from uuut_torrent.models import OwnershipRow, PendingAddRow
from uuut_torrent.views import Ownership


def _ownership(row: OwnershipRow) -> Ownership:
    return Ownership(
        row.user_id,
        row.info_hash,
        row.media_id,
        row.episode,
        row.added_at,
        tuple(row.episodes or ()),
    )


_OF_USER = text(
    "SELECT user_id, info_hash, media_id, episode, added_at, episodes FROM ownerships"
    " WHERE user_id = :user_id ORDER BY added_at DESC, info_hash"
)


class Ownerships:
    """Queries over one session; the caller owns the transaction."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def lock_hash(self, info_hash: str) -> None:
        """Serialize every change to one hash's owners until the transaction ends."""
        await self._session.execute(
            text("SELECT pg_advisory_xact_lock(hashtextextended(:h, 0))"), {"h": info_hash}
        )

    async def get(self, user_id: int, info_hash: str) -> Ownership | None:
        row = await self._session.get(OwnershipRow, (user_id, info_hash))
        return _ownership(row) if row else None

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
        statement = insert(OwnershipRow).values(
            user_id=user_id,
            info_hash=info_hash,
            media_id=media_id,
            episode=episode,
            episodes=list(episodes),
        )
        statement = statement.on_conflict_do_update(
            index_elements=[OwnershipRow.user_id, OwnershipRow.info_hash],
            set_={
                "media_id": statement.excluded.media_id,
                "episode": statement.excluded.episode,
                "episodes": statement.excluded.episodes,
            },
            where=OwnershipRow.media_id.is_(None),
        )
        await self._session.execute(statement)
        row = await self._session.get(OwnershipRow, (user_id, info_hash), populate_existing=True)
        assert row is not None
        return _ownership(row)

    async def remove(self, user_id: int, info_hash: str) -> bool:
        result = await self._session.execute(
            delete(OwnershipRow).where(
                OwnershipRow.user_id == user_id, OwnershipRow.info_hash == info_hash
            )
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]

    async def owner_count(self, info_hash: str) -> int:
        found = await self._session.scalar(
            select(func.count()).where(OwnershipRow.info_hash == info_hash)
        )
        return int(found or 0)

    async def of_user(self, user_id: int) -> list[Ownership]:
        """The user's ownerships, newest first. Plain SQL on purpose: this runs on every
        list, and with thousands of rows SQLAlchemy's ORM loading and per-item array
        processing cost more than the query (asyncpg decodes arrays and times itself)."""
        rows = await self._session.execute(_OF_USER, {"user_id": user_id})
        return [
            Ownership(user_id, info_hash, media_id, episode, added_at, tuple(episodes or ()))
            for user_id, info_hash, media_id, episode, added_at, episodes in rows
        ]

    async def every(self) -> list[Ownership]:
        rows = await self._session.scalars(
            select(OwnershipRow).order_by(OwnershipRow.added_at, OwnershipRow.user_id)
        )
        return [_ownership(row) for row in rows]

    async def remove_hashes(self, hashes: Iterable[str]) -> list[Ownership]:
        """Drop every ownership of these hashes; returns what was dropped."""
        wanted = list(hashes)
        if not wanted:
            return []
        rows = await self._session.scalars(
            delete(OwnershipRow).where(OwnershipRow.info_hash.in_(wanted)).returning(OwnershipRow)
        )
        return [_ownership(row) for row in rows]


class PendingAdds:
    """Attempts to add a torrent that have not recorded their ownership (yet, or ever, after a
    crash); the caller owns the transaction."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def start(self, user_id: int, info_hash: str) -> int:
        """Record an attempt; its id."""
        found = await self._session.scalar(
            insert(PendingAddRow)
            .values(user_id=user_id, info_hash=info_hash)
            .returning(PendingAddRow.id)
        )
        assert found is not None
        return int(found)

    async def claim(self, pending_id: int) -> bool:
        """Lock the attempt's row until the transaction ends; False when it is gone."""
        found = await self._session.scalar(
            select(PendingAddRow.id).where(PendingAddRow.id == pending_id).with_for_update()
        )
        return found is not None

    async def finish(self, pending_id: int) -> None:
        await self._session.execute(delete(PendingAddRow).where(PendingAddRow.id == pending_id))

    async def started_before(self, seconds_ago: float) -> list[tuple[int, int, str]]:
        """(id, user id, hash) of the attempts started more than `seconds_ago` ago."""
        cutoff = func.now() - func.make_interval(0, 0, 0, 0, 0, 0, seconds_ago)
        rows = await self._session.execute(
            select(PendingAddRow.id, PendingAddRow.user_id, PendingAddRow.info_hash)
            .where(PendingAddRow.started_at <= cutoff)
            .order_by(PendingAddRow.id)
        )
        return [(int(i), int(u), str(h)) for i, u, h in rows]
