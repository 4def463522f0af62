"""The search service over real gRPC, with its real database and the fake Nyaa on a real port."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import grpc
import pytest
from google.rpc import error_details_pb2, status_pb2

from uuut_kit.channels import create_channel
from uuut_kit.testing import SigningKey
from uuut_search.config import SearchSettings
from uuut_search.server import build
from uuutorrent.search.v1 import search_pb2, search_pb2_grpc


def reason(error: grpc.aio.AioRpcError) -> str:
    raw = dict(error.trailing_metadata() or ())["grpc-status-details-bin"]
    info = error_details_pb2.ErrorInfo()
    status_pb2.Status.FromString(raw).details[0].Unpack(info)
    return info.reason


@pytest.fixture
async def stub(tmp_path: Path, database_url_for, fake_nyaa) -> AsyncIterator:
    fake, url = fake_nyaa
    key = SigningKey()
    key.publish(tmp_path / "keys" / "jwks.json")
    settings = SearchSettings(
        data_dir=tmp_path,
        grpc_port=0,
        ops_port=0,
        shutdown_grace_s=1,
        service_database_url=await database_url_for("search"),
        nyaa_url=url,
        nyaa_min_interval_s=0,
    )
    runtime = await build(settings)
    await runtime.start()
    channel = create_channel(f"127.0.0.1:{runtime.grpc_port}", deadline_s=30)
    metadata = (("authorization", f"Bearer {key.sign()}"),)
    yield search_pb2_grpc.SearchServiceStub(channel), metadata, fake
    await channel.close()
    await runtime.stop()


IRUMA_4 = search_pb2.Show(
    title_romaji="Mairimashita! Iruma-kun 4th Season",
    title_english="Welcome to Demon School! Iruma-kun Season 4",
    format=search_pb2.MEDIA_FORMAT_TV,
    prequels=[
        search_pb2.Prequel(titles=["Mairimashita! Iruma-kun 3rd Season"], episodes=21),
        search_pb2.Prequel(titles=["Mairimashita! Iruma-kun 2nd Season"], episodes=21),
        search_pb2.Prequel(titles=["Mairimashita! Iruma-kun"], episodes=23),
    ],
)


async def test_find_releases_picks_this_season(stub) -> None:
    search, metadata, fake = stub
    reply = await search.FindReleases(
        search_pb2.FindReleasesRequest(
            show=IRUMA_4,
            episode=5,
            preferences=search_pb2.Preferences(quality=search_pb2.QUALITY_1080P),
        ),
        metadata=metadata,
    )
    best = reply.candidates[0]
    assert best.title.startswith("[Erai-raws] Mairimashita Iruma-kun 4th Season - 05 [1080p")
    assert best.parsed.episode == 5 and best.parsed.season == 4 and best.parsed.resolution == 1080
    assert best.torrent_url.endswith(".torrent") and best.magnet.startswith("magnet:?xt=urn:btih:")
    assert any("4th Season" in r for r in best.reasons)
    titles = [c.title for c in reply.candidates]
    assert not any(" S2 - 05" in t for t in titles)  # the season 2 decoy
    assert reply.searches >= 4 and len(fake.requests) == reply.searches


async def test_no_release_is_not_found_with_reason(stub) -> None:
    search, metadata, _ = stub
    mushoku_2 = search_pb2.Show(
        title_romaji="Mushoku Tensei II: Isekai Ittara Honki Dasu",
        prequels=[search_pb2.Prequel(titles=["Mushoku Tensei"], episodes=23)],
    )
    with pytest.raises(grpc.aio.AioRpcError) as caught:  # the fake has only season III's
        await search.FindReleases(
            search_pb2.FindReleasesRequest(show=mushoku_2, episode=13), metadata=metadata
        )
    assert caught.value.code() == grpc.StatusCode.NOT_FOUND
    assert reason(caught.value) == "NO_RELEASE"


async def test_free_search_ranks_the_episode_first(stub) -> None:
    search, metadata, _ = stub
    reply = await search.Search(
        search_pb2.SearchRequest(q="Solo Leveling", episode=13, quality=search_pb2.QUALITY_1080P),
        metadata=metadata,
    )
    assert len(reply.candidates) > 2
    assert "13" in reply.candidates[0].title
    scores = [c.score for c in reply.candidates]
    assert scores == sorted(scores, reverse=True)


async def test_bad_input_is_invalid_argument(stub) -> None:
    search, metadata, _ = stub
    for request, rpc in (
        (search_pb2.SearchRequest(q='  "|()  '), search.Search),
        (search_pb2.FindReleasesRequest(show=search_pb2.Show(), episode=1), search.FindReleases),
        (search_pb2.FindReleasesRequest(show=IRUMA_4, episode=0), search.FindReleases),
    ):
        with pytest.raises(grpc.aio.AioRpcError) as caught:
            await rpc(request, metadata=metadata)
        assert caught.value.code() == grpc.StatusCode.INVALID_ARGUMENT


async def test_nyaa_failure_is_upstream_error(stub) -> None:
    search, metadata, fake = stub
    fake.fail_next(502, times=3)
    with pytest.raises(grpc.aio.AioRpcError) as caught:
        await search.Search(search_pb2.SearchRequest(q="Dandelion"), metadata=metadata)
    assert reason(caught.value) == "UPSTREAM_ERROR" and "Nyaa" in caught.value.details()


async def test_every_rpc_needs_a_token(stub) -> None:
    search, _, _ = stub
    for rpc, request in (
        (search.Search, search_pb2.SearchRequest(q="x")),
        (search.FindReleases, search_pb2.FindReleasesRequest(show=IRUMA_4, episode=5)),
    ):
        with pytest.raises(grpc.aio.AioRpcError) as caught:
            await rpc(request)
        assert caught.value.code() == grpc.StatusCode.UNAUTHENTICATED
