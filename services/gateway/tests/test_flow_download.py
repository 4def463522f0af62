"""The download flow on its own, over an in-memory port: the aired check before any search,
idempotency, the pick, the deadline, failures passed on as they are."""

from __future__ import annotations

import pytest
from prometheus_client import REGISTRY

from uuut_gateway.flows import DownloadWanted, FlowError, download
from uuut_gateway.flows.download import KEEP_FOR_ADD_S
from uuutorrent.auth.v1 import auth_pb2
from uuutorrent.search.v1 import search_pb2
from uuutorrent.watchlist.v1 import watchlist_pb2 as wl

from .flow_fakes import FakeServices, release, show

FRIEREN_S2 = 182255


def services() -> FakeServices:
    fake = FakeServices()
    prequel = wl.Prequel(media_id=154587, title_romaji="Sousou no Frieren", episodes=28, distance=1)
    prequel.title_english = "Frieren: Beyond Journey's End"
    fake.shows[FRIEREN_S2] = show(
        FRIEREN_S2, "Sousou no Frieren 2nd Season", progress=2, latest=3, total=10,
        offset=28, prequels=(prequel,),
    )  # fmt: skip
    fake.releases[("Sousou no Frieren 2nd Season", 3)] = [
        release("[SubsPlease] Sousou no Frieren S2 - 03 (1080p)", 3),
        release("[Erai-raws] Sousou no Frieren 2nd Season - 03 [1080p]", 3),
    ]
    return fake


async def test_the_next_episode_is_searched_and_its_torrent_link_added() -> None:
    fake = services()
    fake.preferred = auth_pb2.Preferences(
        quality=auth_pb2.QUALITY_720P, groups=["Erai-raws"], trusted_only=True
    )
    done = await download(fake, DownloadWanted(FRIEREN_S2))

    (searched,) = fake.called("find_releases")
    assert isinstance(searched, search_pb2.FindReleasesRequest)
    assert searched.episode == 3
    assert searched.show.title_romaji == "Sousou no Frieren 2nd Season"
    assert searched.show.episodes == 10
    assert searched.show.format == search_pb2.MEDIA_FORMAT_TV
    assert [list(p.titles) for p in searched.show.prequels] == [
        ["Sousou no Frieren", "Frieren: Beyond Journey's End"]
    ]
    assert searched.preferences == search_pb2.Preferences(
        quality=search_pb2.QUALITY_720P, groups=["Erai-raws"], trusted_only=True
    )
    (added,) = fake.called("add_torrent")
    pick = fake.releases[("Sousou no Frieren 2nd Season", 3)][0]
    assert (added.source, added.media_id, added.episode, list(added.episodes)) == (  # type: ignore[attr-defined]
        pick.torrent_url, FRIEREN_S2, 3, []
    )  # fmt: skip
    assert done.created and done.release == pick
    assert (done.torrent.media_id, done.torrent.episode) == (FRIEREN_S2, 3)
    assert set(done.timings_ms) == {"details", "owned", "preferences", "search", "add", "total"}
    assert done.timings_ms["total"] >= done.timings_ms["search"]


async def test_an_asked_quality_wins_over_the_preference_for_this_once() -> None:
    fake = services()
    await download(fake, DownloadWanted(FRIEREN_S2, episode=3, quality="2160p"))
    (searched,) = fake.called("find_releases")
    assert searched.preferences.quality == search_pb2.QUALITY_2160P  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("latest", "total", "status", "episode", "words"),
    [
        (3, 10, wl.MEDIA_STATUS_RELEASING, 4, "has not aired yet (the latest is episode 3)"),
        (3, 10, wl.MEDIA_STATUS_RELEASING, 11, "is beyond the show's 10 episodes"),
        (0, 12, wl.MEDIA_STATUS_NOT_YET_RELEASED, 1, "has not aired: the show has not started"),
        (None, 12, wl.MEDIA_STATUS_NOT_YET_RELEASED, 1, "has not aired: the show has not started"),
    ],
)
async def test_an_episode_that_has_not_aired_is_404_before_any_search(
    latest: int | None, total: int, status: int, episode: int, words: str
) -> None:
    fake = FakeServices()
    fake.shows[1] = show(1, "Slime S4", progress=0, latest=latest, total=total, status=status)
    with pytest.raises(FlowError) as caught:
        await download(fake, DownloadWanted(1, episode=episode))
    assert (caught.value.status, caught.value.code) == (404, "not_aired")
    assert caught.value.detail == f"episode {episode} {words}"
    assert fake.called("find_releases") == [] and fake.called("add_torrent") == []


async def test_caught_up_means_the_next_one_has_not_aired() -> None:
    fake = services()
    fake.shows[FRIEREN_S2].entry.progress = 3
    with pytest.raises(FlowError) as caught:
        await download(fake, DownloadWanted(FRIEREN_S2))
    assert caught.value.code == "not_aired" and "episode 4" in caught.value.detail


async def test_a_show_without_a_schedule_may_have_any_episode_out() -> None:
    fake = FakeServices()
    fake.shows[21] = show(21, "ONE PIECE", progress=1100, latest=None, total=None)
    fake.releases[("ONE PIECE", 1101)] = [release("[SubsPlease] One Piece - 1101 (1080p)", 1101)]
    done = await download(fake, DownloadWanted(21))
    assert done.torrent.episode == 1101


async def test_asking_again_for_an_owned_episode_returns_that_torrent() -> None:
    fake = services()
    first = await download(fake, DownloadWanted(FRIEREN_S2, episode=3))
    again = await download(fake, DownloadWanted(FRIEREN_S2, episode=3))
    assert not again.created and again.release is None
    assert again.torrent == first.torrent
    assert len(fake.called("find_releases")) == 1 and len(fake.called("add_torrent")) == 1
    assert again.timings_ms["search"] == again.timings_ms["add"] == 0


async def test_an_episode_held_by_an_owned_batch_is_owned() -> None:
    fake = FakeServices()
    fake.shows[5] = show(5, "Frieren", progress=0, latest=28, total=28,
                         status=wl.MEDIA_STATUS_FINISHED)  # fmt: skip
    fake.releases[("Frieren", 1)] = [release("[Judas] Sousou no Frieren (Season 1) [BD 1080p]")]
    batch = await download(fake, DownloadWanted(5))
    (added,) = fake.called("add_torrent")
    assert list(added.episodes) == list(range(1, 29))  # type: ignore[attr-defined]
    assert batch.torrent.episode == 1
    later = await download(fake, DownloadWanted(5, episode=17))
    assert not later.created and later.torrent.hash == batch.torrent.hash
    assert len(fake.called("find_releases")) == 1


async def test_a_media_not_on_the_list_is_404_and_nothing_is_added() -> None:
    fake = services()
    with pytest.raises(FlowError) as caught:
        await download(fake, DownloadWanted(999))
    assert (caught.value.status, caught.value.code) == (404, "not_found")
    assert fake.called("add_torrent") == []


@pytest.mark.parametrize(
    ("method", "failure"),
    [
        ("find_releases", FlowError(404, "no_release", "no release of episode 3")),
        ("find_releases", FlowError(429, "upstream_rate_limited", "Nyaa", {"Retry-After": "5"})),
        ("add_torrent", FlowError(502, "upstream_error", "qBittorrent did not add it")),
        ("preferences", FlowError(503, "service_unavailable", "auth is unavailable")),
    ],
)
async def test_a_failing_step_is_the_answer_as_it_is(method: str, failure: FlowError) -> None:
    fake = services()
    fake.failing[method] = failure
    with pytest.raises(FlowError) as caught:
        await download(fake, DownloadWanted(FRIEREN_S2))
    assert caught.value is failure
    assert fake.torrents == []


async def test_the_search_leaves_the_add_its_time_and_the_whole_has_one_deadline() -> None:
    now, search_takes = [0.0], [0.0]

    class SlowSearch(FakeServices):
        async def find_releases(self, request, timeout_s):  # type: ignore[no-untyped-def]
            now[0] += search_takes[0]
            return await super().find_releases(request, timeout_s)

    def run(fake: FakeServices):  # type: ignore[no-untyped-def]
        now[0] = 0.0
        return download(fake, DownloadWanted(FRIEREN_S2), budget_s=20, clock=lambda: now[0])

    quick = SlowSearch(shows=services().shows, releases=services().releases)
    await run(quick)
    assert quick.timeouts["media"] == 10
    assert quick.timeouts["find_releases"] == 20 - KEEP_FOR_ADD_S

    search_takes[0] = 19.5  # nearly the whole budget: the add gets what is left
    slow = SlowSearch(shows=quick.shows, releases=quick.releases)
    assert (await run(slow)).created
    assert slow.timeouts["add_torrent"] == pytest.approx(0.5)

    search_takes[0] = 25.0  # past the deadline: nothing is added, 504
    late = SlowSearch(shows=quick.shows, releases=quick.releases)
    with pytest.raises(FlowError) as caught:
        await run(late)
    assert (caught.value.status, caught.value.code) == (504, "upstream_timeout")
    assert late.called("add_torrent") == []


async def test_each_step_is_observed_in_the_gateway_metrics() -> None:
    def count(step: str) -> float:
        value = REGISTRY.get_sample_value("gateway_download_step_seconds_count", {"step": step})
        return value or 0.0

    before = {step: count(step) for step in ("details", "search", "add", "total")}
    await download(services(), DownloadWanted(FRIEREN_S2))
    assert {step: count(step) - before[step] for step in before} == {
        "details": 1, "search": 1, "add": 1, "total": 1,
    }  # fmt: skip
