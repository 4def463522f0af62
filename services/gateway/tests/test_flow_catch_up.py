"""Catch-up on its own, over an in-memory port: batches for finished seasons, each episode on its
own, owned episodes left out, one slice of a long runner per call."""

from __future__ import annotations

from uuut_gateway.flows import FlowError, catch_up
from uuut_gateway.flows.catch_up import MAX_EPISODES_PER_SHOW
from uuutorrent.watchlist.v1 import watchlist_pb2 as wl

from .flow_fakes import FakeServices, release, show

FRIEREN, JJK, SLIME, MUSHOKU = 154587, 172463, 180745, 166873


def world() -> FakeServices:
    fake = FakeServices()
    fake.shows[FRIEREN] = show(FRIEREN, "Sousou no Frieren", progress=20, latest=28, total=28,
                               status=wl.MEDIA_STATUS_FINISHED)  # fmt: skip
    fake.releases.update(
        {
            ("Sousou no Frieren", 21): [
                release("[SubsPlease] Sousou no Frieren - 21 (1080p)", 21),
                release("[Judas] Sousou no Frieren (Season 1) [BD 1080p]"),
            ]
        }
    )
    fake.shows[JJK] = show(JJK, "Jujutsu Kaisen: Shimetsu Kaiyuu", progress=1, latest=3,
                           total=None)  # fmt: skip
    fake.releases[("Jujutsu Kaisen: Shimetsu Kaiyuu", 2)] = [release("[Erai-raws] JJK - 02", 2)]
    fake.shows[SLIME] = show(SLIME, "Slime S4", progress=0, latest=0, total=12,
                             status=wl.MEDIA_STATUS_NOT_YET_RELEASED)  # fmt: skip
    return fake


async def test_a_finished_season_takes_the_batch_that_holds_every_wanted_episode() -> None:
    fake = world()
    result = await catch_up(fake, FRIEREN)
    (added,) = fake.called("add_torrent")
    assert added.episode == 21 and list(added.episodes) == list(range(1, 29))  # type: ignore[attr-defined]
    assert [(q.media_id, q.episode) for q in result.queued] == [(FRIEREN, e) for e in range(21, 29)]
    assert len({q.torrent.hash for q in result.queued}) == 1
    assert result.not_found == []
    assert len(fake.called("find_releases")) == 1


async def test_each_episode_succeeds_or_fails_on_its_own_and_a_second_call_queues_nothing() -> None:
    fake = world()
    first = await catch_up(fake)
    queued = {(q.media_id, q.episode) for q in first.queued}
    assert queued == {(FRIEREN, e) for e in range(21, 29)} | {(JJK, 2)}
    assert [(m.media_id, m.episode, m.detail) for m in first.not_found] == [
        (JJK, 3, "no release of episode 3")
    ]
    # Shows with nothing aired and unwatched are not even looked up on AniList.
    assert sorted(fake.called("media")) == [FRIEREN, JJK]

    added = len(fake.called("add_torrent"))
    second = await catch_up(fake)
    assert second.queued == [] and len(fake.called("add_torrent")) == added
    assert [(m.media_id, m.episode) for m in second.not_found] == [(JJK, 3)]


async def test_a_releasing_show_is_caught_up_one_episode_at_a_time() -> None:
    fake = FakeServices()
    fake.shows[MUSHOKU] = show(MUSHOKU, "Mushoku Tensei III", progress=4, latest=7, total=12)
    for episode in (5, 6, 7):
        fake.releases[("Mushoku Tensei III", episode)] = [
            release(f"[Erai-raws] Mushoku Tensei III - {episode:02d}", episode),
            release("[Erai-raws] Mushoku Tensei III - 01 ~ 07 [Unofficial Batch]", None, 1, 7),
        ]
    result = await catch_up(fake, MUSHOKU)
    assert [q.episode for q in result.queued] == [5, 6, 7]
    assert [list(r.episodes) for r in fake.called("add_torrent")] == [[], [], []]  # type: ignore[attr-defined]


async def test_one_show_failing_to_load_fails_only_its_episodes() -> None:
    fake = world()

    async def media(media_id: int, timeout_s: float) -> wl.GetMediaDetailsResponse:
        if media_id == FRIEREN:
            raise FlowError(504, "upstream_timeout", "AniList did not answer in time")
        return fake.shows[media_id]

    fake.media = media  # type: ignore[method-assign]
    result = await catch_up(fake)
    assert [(q.media_id, q.episode) for q in result.queued] == [(JJK, 2)]
    missed = {(m.media_id, m.episode): m.detail for m in result.not_found}
    assert missed[(FRIEREN, 21)] == "AniList did not answer in time"
    assert len(missed) == 9


async def test_an_add_that_fails_reports_every_episode_it_would_have_covered() -> None:
    fake = world()
    fake.failing["add_torrent"] = FlowError(400, "bad_source", "this is not a valid .torrent file")
    result = await catch_up(fake, FRIEREN)
    assert result.queued == []
    assert {m.episode for m in result.not_found} == set(range(21, 29))
    assert {m.detail for m in result.not_found} == {"this is not a valid .torrent file"}


async def test_a_long_runner_is_caught_up_a_slice_at_a_time() -> None:
    fake = FakeServices()
    fake.shows[21] = show(21, "ONE PIECE", progress=1000, latest=1140, total=None)
    for episode in range(1001, 1141):
        fake.releases[("ONE PIECE", episode)] = [release(f"One Piece - {episode}", episode)]
    first = await catch_up(fake, 21)
    assert [q.episode for q in first.queued] == list(range(1001, 1001 + MAX_EPISODES_PER_SHOW))
    assert len(first.not_found) == 140 - MAX_EPISODES_PER_SHOW
    assert first.not_found[0].detail.startswith("not tried")
    second = await catch_up(fake, 21)
    assert second.queued[0].episode == 1001 + MAX_EPISODES_PER_SHOW


async def test_what_the_time_does_not_allow_is_reported_not_tried() -> None:
    fake = world()
    # Less than a search plus the time an add needs: nothing is started.
    result = await catch_up(fake, JJK, budget_s=1.0)
    assert result.queued == []
    assert [(m.episode, m.detail) for m in result.not_found] == [
        (2, "no time was left for the search"),
        (3, "no time was left for the search"),
    ]
    assert fake.called("find_releases") == [] and fake.called("add_torrent") == []


async def test_a_media_not_on_the_list_is_404() -> None:
    fake = world()
    try:
        await catch_up(fake, 424242)
    except FlowError as error:
        assert (error.status, error.code) == (404, "not_found")
    else:
        raise AssertionError("expected 404")
