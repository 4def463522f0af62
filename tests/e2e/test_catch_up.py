"""Catch up, end to end: a finished season's batch for one show, then the whole CURRENT list,
each episode on its own; the torrents reach progress 1.0 and a second call queues nothing."""

from __future__ import annotations

import asyncio
from collections import Counter

from .client import Client

FRIEREN = 154587  # finished, 28 episodes; the demo user watched 24
TEARMOON = 153152  # finished, but nobody released episode 2 or later


async def test_a_finished_season_is_caught_up_with_one_batch(client: Client) -> None:
    await client.sign_up_and_link()
    result = await client.ok("POST", "/watchlist/catch-up", {"media_id": FRIEREN})
    assert result["not_found"] == []
    assert [(q["media_id"], q["episode"]) for q in result["queued"]] == [
        (FRIEREN, episode) for episode in (25, 26, 27, 28)
    ]
    (info_hash,) = {q["torrent"]["hash"] for q in result["queued"]}
    batch = await client.downloaded(info_hash)
    assert (batch["media_id"], batch["episode"]) == (FRIEREN, 25)
    assert "(01-28)" in batch["name"] or "Season 1" in batch["name"], batch["name"]

    again = await client.ok("POST", "/watchlist/catch-up", {"media_id": FRIEREN})
    assert again == {"queued": [], "not_found": []}
    # Any episode the batch holds is owned: downloading one is that torrent again.
    owned = await client.post("/watchlist/download", {"media_id": FRIEREN, "episode": 27})
    assert owned.status_code == 200 and owned.json()["torrent"]["hash"] == info_hash
    assert len((await client.ok("GET", "/torrents"))["torrents"]) == 1


async def test_the_whole_list_is_caught_up_each_episode_on_its_own(client: Client) -> None:
    await client.sign_up_and_link()
    entries = (await client.ok("GET", "/watchlist"))["entries"]
    wanted = {
        (e["media_id"], episode)
        for e in entries
        if e["latest_aired_episode"]
        for episode in range(e["progress"] + 1, e["latest_aired_episode"] + 1)
    }
    assert len(wanted) > 10

    result = await client.ok("POST", "/watchlist/catch-up", {})
    queued = Counter((q["media_id"], q["episode"]) for q in result["queued"])
    missed = {(m["media_id"], m["episode"]): m["detail"] for m in result["not_found"]}
    # Every wanted episode is answered for exactly once, and nothing else is.
    assert max(queued.values()) == 1 and not set(queued) & set(missed)
    assert set(queued) | set(missed) == wanted
    assert {media for media, _ in missed} == {TEARMOON}
    assert all("no release" in detail for detail in missed.values()), missed

    hashes = {q["torrent"]["hash"] for q in result["queued"]}
    mine = {t["hash"] for t in (await client.ok("GET", "/torrents"))["torrents"]}
    assert mine == hashes
    await asyncio.gather(*(client.downloaded(h) for h in hashes))

    again = await client.ok("POST", "/watchlist/catch-up", None)
    assert again["queued"] == []
    assert {(m["media_id"], m["episode"]) for m in again["not_found"]} == set(missed)
