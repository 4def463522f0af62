"""Which episodes a release holds, and which the caller wants or already owns."""

from __future__ import annotations

import pytest

from uuut_gateway.flows.episodes import (
    held_episodes,
    owned_episodes,
    season_finished,
    wanted_episodes,
)
from uuutorrent.torrent.v1 import torrent_pb2
from uuutorrent.watchlist.v1 import watchlist_pb2 as wl

from .flow_fakes import release, show


def details(total: int | None, offset: int | None = None) -> wl.MediaDetails:
    return show(1, "Show", progress=0, latest=total, total=total, offset=offset).details


@pytest.mark.parametrize(
    ("candidate", "total", "offset", "asked", "held"),
    [
        (release("[A] Show - 05", 5), 12, None, 5, {5}),
        (release("[A] Show - 01 ~ 07 [Batch]", None, 1, 7), 12, None, 3, set(range(1, 8))),
        (release("[A] Show (Season 1) [BD]"), 12, None, 3, set(range(1, 13))),
        (release("[A] Show [Batch]"), None, None, 3, {3}),
        # Counted on from the first season's 12: 13-24 are this season's 1-12.
        (release("[A] Show - 13-24 [Batch]", None, 13, 24), 12, 12, 4, set(range(1, 13))),
        # A range running past the last episode is cut at it.
        (release("[A] Show 01-26 [Batch]", None, 1, 26), 24, None, 2, set(range(1, 25))),
        # A range we cannot place does not claim anything but the asked episode.
        (release("[A] Show - 30-40", None, 30, 40), 12, None, 3, {3}),
    ],
)
def test_what_a_release_holds(candidate, total, offset, asked, held) -> None:  # type: ignore[no-untyped-def]
    assert held_episodes(candidate, details(total, offset), asked) == held


def test_wanted_is_aired_and_unwatched() -> None:
    assert wanted_episodes(show(1, "S", progress=2, latest=5, total=12).entry) == [3, 4, 5]
    assert wanted_episodes(show(1, "S", progress=5, latest=5, total=12).entry) == []
    assert wanted_episodes(show(1, "S", progress=0, latest=0, total=12).entry) == []
    assert wanted_episodes(show(1, "S", progress=0, latest=None, total=None).entry) == []


def test_a_season_is_finished_by_status_or_when_every_episode_aired() -> None:
    assert season_finished(show(1, "S", progress=0, latest=12, total=12))
    assert season_finished(
        show(1, "S", progress=0, latest=None, total=None, status=wl.MEDIA_STATUS_FINISHED)
    )
    assert not season_finished(show(1, "S", progress=0, latest=5, total=12))


def test_owned_episodes_count_every_episode_of_a_batch_for_that_media_only() -> None:
    batch = torrent_pb2.Torrent(hash="b" * 40, media_id=1, episode=1, episodes=[1, 2, 3])
    single = torrent_pb2.Torrent(hash="s" * 40, media_id=1, episode=4)
    other = torrent_pb2.Torrent(hash="o" * 40, media_id=2, episode=5)
    by_hand = torrent_pb2.Torrent(hash="h" * 40)
    owned = owned_episodes([single, batch, other, by_hand], 1)
    assert {e: t.hash[0] for e, t in owned.items()} == {1: "b", 2: "b", 3: "b", 4: "s"}
