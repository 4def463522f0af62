"""The in-memory mirror on its own: incremental merges, idle stop, errors, watchers."""

from __future__ import annotations

import asyncio

import pytest

from uuut_kit.errors import DependencyUnavailable
from uuut_torrent.mirror import Mirror


class Script:
    """sync/maindata answers played in order (the last one repeats)."""

    def __init__(self, *answers: dict | Exception) -> None:
        self.answers = list(answers)
        self.rids: list[int] = []

    async def __call__(self, rid: int) -> dict:
        self.rids.append(rid)
        answer = self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]
        if isinstance(answer, Exception):
            raise answer
        return answer


async def test_deltas_merge_into_the_snapshot_and_reach_watchers() -> None:
    script = Script(
        {"rid": 1, "full_update": True, "torrents": {"a": {"name": "A", "progress": 0.1}}},
        {"rid": 2, "torrents": {"a": {"progress": 0.5}, "b": {"name": "B"}}},
        {"rid": 3, "torrents_removed": ["b"]},
        {"rid": 3},
    )
    mirror = Mirror(script, poll_s=0.01, idle_s=5)
    try:
        async with mirror.watch() as changes:
            first = await asyncio.wait_for(changes.get(), 5)
            second = await asyncio.wait_for(changes.get(), 5)
            third = await asyncio.wait_for(changes.get(), 5)
        assert first.changed == {"a"}
        assert (second.changed, third.removed) == ({"a", "b"}, {"b"})
        assert dict(await mirror.snapshot()) == {"a": {"name": "A", "progress": 0.5}}
        assert script.rids[:3] == [0, 1, 2]  # each answer's rid is sent back
    finally:
        await mirror.stop()


async def test_it_stops_when_nobody_lists_or_watches() -> None:
    script = Script({"rid": 1, "full_update": True, "torrents": {}})
    mirror = Mirror(script, poll_s=0.01, idle_s=0.1)
    await mirror.snapshot()
    assert mirror.running
    await asyncio.sleep(0.4)
    assert not mirror.running
    calls = len(script.rids)
    await asyncio.sleep(0.1)
    assert len(script.rids) == calls  # no more polling once stopped
    await mirror.snapshot()  # the next list starts it again, from a full update
    assert mirror.running and script.rids[-1] == 0
    await mirror.stop()


async def test_a_first_sync_failure_is_the_callers_error() -> None:
    mirror = Mirror(Script(DependencyUnavailable("qBittorrent is unavailable")), poll_s=0.01)
    with pytest.raises(DependencyUnavailable):
        await asyncio.wait_for(mirror.snapshot(), 5)
    await mirror.stop()


async def test_a_torrents_generation_changes_only_when_its_fields_do() -> None:
    script = Script(
        {"rid": 1, "full_update": True, "torrents": {"a": {"name": "A"}, "b": {"name": "B"}}},
        {"rid": 2, "torrents": {"a": {"progress": 0.5}}},
        {"rid": 3, "torrents_removed": ["b"]},
        {"rid": 3},
    )
    mirror = Mirror(script, poll_s=0.01, idle_s=5)
    try:
        async with mirror.watch() as changes:
            await asyncio.wait_for(changes.get(), 5)
            a1, b1 = mirror.generation("a"), mirror.generation("b")
            await asyncio.wait_for(changes.get(), 5)
            a2, b2 = mirror.generation("a"), mirror.generation("b")
            await asyncio.wait_for(changes.get(), 5)
            a3, b3 = mirror.generation("a"), mirror.generation("b")
    finally:
        await mirror.stop()
    assert None not in (a1, b1) and a1 != b1
    assert a2 != a1 and b2 == b1
    assert a3 == a2 and b3 is None
