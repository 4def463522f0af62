"""The stored links' SQL against the real schema: upsert, reseal only when unchanged, delete."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from datetime import datetime

import pytest

from uuut_kit.db import Database, open_database
from uuut_watchlist.config import SERVICE
from uuut_watchlist.domain import AniListAccount
from uuut_watchlist.repository import LinkRepository, StoredLink
from uuut_watchlist.server import MIGRATIONS
from uuut_watchlist.vault import Sealed


@pytest.fixture
async def database(database_url: str) -> AsyncIterator[Database]:
    database = await open_database(database_url, SERVICE, MIGRATIONS)
    yield database
    await database.close()


async def _stamps(database: Database, user_id: int) -> tuple[datetime, datetime]:
    async with database.connection() as connection:
        row = await connection.fetchrow(
            "SELECT linked_at, updated_at FROM anilist_links WHERE user_id = $1", user_id
        )
    assert row is not None
    return row["linked_at"], row["updated_at"]


async def test_a_link_is_stored_whole_and_relinking_replaces_it(
    database: Database, new_user: Callable[[], int]
) -> None:
    links, user = LinkRepository(database), new_user()
    assert await links.get(user) is None
    first = StoredLink(user, AniListAccount(1, "ann"), Sealed("k1", b"\x00sealed\xff"))
    await links.save(first)
    assert await links.get(user) == first
    first_linked_at, _ = await _stamps(database, user)
    assert first_linked_at.tzinfo is not None

    second = StoredLink(user, AniListAccount(2, "bob"), Sealed("k2", b"other"))
    await links.save(second)
    assert await links.get(user) == second
    linked_at, updated_at = await _stamps(database, user)
    assert linked_at > first_linked_at and updated_at == linked_at


async def test_reseal_replaces_only_the_token_it_was_given(
    database: Database, new_user: Callable[[], int]
) -> None:
    links, user = LinkRepository(database), new_user()
    old, new = Sealed("k1", b"old"), Sealed("k2", b"new")
    await links.save(StoredLink(user, AniListAccount(1, "ann"), old))
    await links.reseal(user, Sealed("k1", b"relinked meanwhile"), new)
    assert (await links.get(user)).token == old  # type: ignore[union-attr]
    await links.reseal(user, old, new)
    assert (await links.get(user)).token == new  # type: ignore[union-attr]


async def test_delete_says_whether_there_was_a_link(
    database: Database, new_user: Callable[[], int]
) -> None:
    links, user = LinkRepository(database), new_user()
    await links.save(StoredLink(user, AniListAccount(1, "ann"), Sealed("k1", b"sealed")))
    assert await links.delete(user) is True
    assert await links.get(user) is None
    assert await links.delete(user) is False
