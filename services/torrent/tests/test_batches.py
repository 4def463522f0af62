"""Batches: a torrent records the asked episode and owns every other one it holds."""

from __future__ import annotations

import grpc
import pytest

from uuut_kit.errors import InvalidArgument
from uuut_torrent.episodes import MAX_EPISODES, batch_episodes
from uuutorrent.torrent.v1 import torrent_pb2 as pb

from .support import DirectQbittorrent, Running, rpc_error_reason


def test_a_batch_is_sorted_and_deduplicated() -> None:
    assert batch_episodes(3, [3, 1, 2, 2]) == (1, 2, 3)
    assert batch_episodes(None, [5, 4]) == (4, 5)
    assert batch_episodes(7, []) == ()


@pytest.mark.parametrize(
    ("episode", "episodes"),
    [(1, [0, 1]), (None, [-2]), (4, [1, 2, 3]), (1, range(1, MAX_EPISODES + 2))],
)
def test_bad_batches_are_invalid(episode: int | None, episodes) -> None:
    with pytest.raises(InvalidArgument) as caught:
        batch_episodes(episode, episodes)
    assert caught.value.reason == "BAD_EPISODES"


async def test_a_batch_is_stored_and_returned_with_the_asked_episode(
    torrent_service: Running, swarm
) -> None:
    release = await swarm.release()
    me = torrent_service.as_user(31)
    added = await torrent_service.stub.AddTorrent(
        pb.AddTorrentRequest(source=release.magnet, media_id=5, episode=2, episodes=[3, 1, 2]),
        metadata=me,
    )
    assert (added.torrent.episode, list(added.torrent.episodes)) == (2, [1, 2, 3])
    listed = await torrent_service.stub.ListTorrents(pb.ListTorrentsRequest(), metadata=me)
    assert [(t.media_id, t.episode, list(t.episodes)) for t in listed.torrents] == [
        (5, 2, [1, 2, 3])
    ]
    details = await torrent_service.stub.GetTorrent(
        pb.GetTorrentRequest(hash=release.info_hash), metadata=me
    )
    assert list(details.torrent.episodes) == [1, 2, 3]

    # Asking again (for another episode of the batch) keeps what was recorded.
    again = await torrent_service.stub.AddTorrent(
        pb.AddTorrentRequest(source=release.magnet, media_id=5, episode=3, episodes=[1, 2, 3]),
        metadata=me,
    )
    assert not again.created
    assert (again.torrent.episode, list(again.torrent.episodes)) == (2, [1, 2, 3])


async def test_a_torrent_added_by_hand_learns_its_media_when_the_flow_asks_for_it(
    torrent_service: Running, swarm
) -> None:
    release = await swarm.release()
    me = torrent_service.as_user(32)
    bare = await torrent_service.stub.AddTorrent(
        pb.AddTorrentRequest(source=release.magnet), metadata=me
    )
    assert not bare.torrent.HasField("episode") and list(bare.torrent.episodes) == []
    known = await torrent_service.stub.AddTorrent(
        pb.AddTorrentRequest(source=release.magnet, media_id=8, episode=1, episodes=[1, 2]),
        metadata=me,
    )
    assert not known.created
    assert (known.torrent.media_id, known.torrent.episode) == (8, 1)
    assert list(known.torrent.episodes) == [1, 2]


async def test_a_bad_batch_is_refused_before_qbittorrent_hears_of_it(
    torrent_service: Running, swarm, direct: DirectQbittorrent
) -> None:
    release = await swarm.release()
    me = torrent_service.as_user(33)
    with pytest.raises(grpc.aio.AioRpcError) as caught:
        await torrent_service.stub.AddTorrent(
            pb.AddTorrentRequest(source=release.magnet, episode=9, episodes=[1, 2]), metadata=me
        )
    assert caught.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert rpc_error_reason(caught.value) == "BAD_EPISODES"
    listed = await torrent_service.stub.ListTorrents(pb.ListTorrentsRequest(), metadata=me)
    assert list(listed.torrents) == []
    assert await direct.info(release.info_hash) == []
