"""The in-memory ownerships behind a user's list: read once, dropped by every write that ends,
and never keeping a read that a write overtook."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import pytest

from uuut_torrent.owned import OwnedCache
from uuut_torrent.views import Ownership

WHEN = datetime(2025, 1, 1, tzinfo=UTC)


class Table:
    """Stands in for the ownership table; counts reads, and can hold one until released."""

    def __init__(self) -> None:
        self.rows: dict[int, list[str]] = {1: ["a"], 2: ["b"]}
        self.reads = 0
        self.hold: asyncio.Event | None = None

    async def load(self, user_id: int) -> list[Ownership]:
        self.reads += 1
        snapshot = list(self.rows.get(user_id, []))
        if self.hold is not None:
            await self.hold.wait()
        return [Ownership(user_id, h, None, None, WHEN) for h in snapshot]


def hashes(owned: tuple[Ownership, ...]) -> list[str]:
    return [o.info_hash for o in owned]


async def test_a_users_ownerships_are_read_once_and_kept_as_the_same_objects() -> None:
    table = Table()
    cache = OwnedCache(table.load)
    first = await cache.of_user(1)
    assert await cache.of_user(1) is first
    assert hashes(first) == ["a"]
    assert table.reads == 1


async def test_a_change_drops_only_that_users_entry() -> None:
    table = Table()
    cache = OwnedCache(table.load)
    await cache.of_user(1)
    others = await cache.of_user(2)
    table.rows[1].append("c")
    cache.changed(1)
    assert hashes(await cache.of_user(1)) == ["a", "c"]
    assert await cache.of_user(2) is others
    assert table.reads == 3


async def test_a_read_overtaken_by_a_change_is_answered_but_not_kept() -> None:
    table = Table()
    cache = OwnedCache(table.load)
    table.hold = asyncio.Event()
    reading = asyncio.ensure_future(cache.of_user(1))
    await asyncio.sleep(0)  # the read has its (old) rows and waits
    table.rows[1] = []  # a write commits...
    cache.changed(1)  # ...and says so once its transaction is over
    table.hold.set()
    assert hashes(await reading) == ["a"]  # concurrent with the write: either answer is right
    table.hold = None
    assert hashes(await cache.of_user(1)) == []  # but the old one was not kept
    assert table.reads == 2


async def test_changed_all_drops_every_user_and_overtaken_reads() -> None:
    table = Table()
    cache = OwnedCache(table.load)
    await cache.of_user(1)
    table.hold = asyncio.Event()
    reading = asyncio.ensure_future(cache.of_user(2))
    await asyncio.sleep(0)
    table.rows = {1: [], 2: []}
    cache.changed_all()
    table.hold.set()
    await reading
    table.hold = None
    assert hashes(await cache.of_user(1)) == []
    assert hashes(await cache.of_user(2)) == []


async def test_changing_drops_the_entry_even_when_the_write_fails() -> None:
    table = Table()
    cache = OwnedCache(table.load)
    await cache.of_user(1)
    with pytest.raises(RuntimeError), cache.changing(1):
        table.rows[1] = ["maybe committed"]
        raise RuntimeError("the commit's answer was lost")
    assert hashes(await cache.of_user(1)) == ["maybe committed"]
