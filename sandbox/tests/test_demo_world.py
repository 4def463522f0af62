"""The demo world holds together: a dozen shows on the CURRENT list in different states, and the
search service's pick for each next episode on the demo's Nyaa is that episode of that show."""

from __future__ import annotations

from collections import Counter

import pytest

from uuut_kit.errors import NotFound
from uuut_sandbox.anilist import World, serve
from uuut_sandbox.demo.world import SHOWS, Show, anilist_seed, catalogue, nyaa_titles, show
from uuut_sandbox.nyaa import FakeNyaa, build
from uuut_search.matching import Format, Prequel
from uuut_search.matching import Show as SearchShow
from uuut_search.nyaa import NyaaClient, NyaaOptions
from uuut_search.service import Preferences, SearchService

CURRENT = [s for s in SHOWS if s.list_status == "CURRENT"]


def test_a_dozen_shows_are_watched_in_every_state() -> None:
    assert len(CURRENT) == 12
    behind = [s for s in CURRENT if s.latest_aired > s.progress]
    caught_up = [s for s in CURRENT if 0 < s.latest_aired == s.progress]
    not_aired = [s for s in CURRENT if s.latest_aired == 0]
    assert len(behind) >= 8 and caught_up and not_aired
    assert Counter(s.status for s in CURRENT).keys() >= {
        "FINISHED",
        "RELEASING",
        "NOT_YET_RELEASED",
    }
    world = World.from_seed(anilist_seed())
    on_list = {e["mediaId"] for e in world.entries.values() if e["status"] == "CURRENT"}
    assert on_list == {s.id for s in CURRENT}
    assert all(s.prequel in world.media for s in SHOWS if s.prequel)


def test_the_catalogue_is_every_aired_episode_of_each_weekly_group() -> None:
    names = catalogue()
    assert len(names) == len(set(names))
    frieren_s2 = [n for n in names if n.startswith("[SubsPlease] Sousou no Frieren S2 - ")]
    assert len(frieren_s2) == show(182255).latest_aired == 3
    assert not any("Slime" in n for n in names)  # nothing has aired
    assert set(names) <= set(nyaa_titles())


def _search_show(entry: Show) -> SearchShow:
    prequels, earlier = [], entry.prequel
    while earlier:
        before = show(earlier)
        titles = tuple(t for t in (before.romaji, before.english) if t)
        prequels.append(Prequel(titles=titles, episodes=before.episodes))
        earlier = before.prequel
    return SearchShow(
        titles=tuple(t for t in (entry.romaji, entry.english, *entry.synonyms) if t),
        format=Format.TV,
        episodes=entry.episodes,
        prequels=tuple(prequels),
        season_year=entry.season[1],
    )


async def test_the_pick_for_each_next_episode_is_that_episode() -> None:
    fake = FakeNyaa(build(nyaa_titles()), burst=10_000)
    async with serve(fake.app) as url:
        nyaa = NyaaClient(NyaaOptions(base_url=url, min_interval_s=0, max_in_flight=4))
        search = SearchService(nyaa)
        picks = {}
        for entry in CURRENT:
            if entry.latest_aired <= entry.progress:
                continue
            episode = entry.progress + 1
            try:
                found = await search.find_releases(
                    _search_show(entry), episode, Preferences(quality=1080)
                )
            except NotFound:
                picks[entry.romaji] = None
                continue
            pick = found.candidates[0]
            assert pick.name.episode == episode or pick.name.batch, pick.item.title
            assert "1080p" in pick.item.title
            picks[entry.romaji] = pick.item.title
        await nyaa.close()
    assert picks["Sousou no Frieren 2nd Season"].startswith(
        (
            "[Erai-raws] Sousou no Frieren 2nd Season - 03 [1080p",
            "[SubsPlease] Sousou no Frieren S2 - 03 (1080p)",
        )
    )
    assert picks["ONE PIECE"].startswith("[SubsPlease] One Piece - 1143v2 (1080p)")
    assert picks["Tearmoon Teikoku Monogatari"] is None  # nobody released episode 2
    assert len(picks) == 10


@pytest.mark.parametrize("media_id", [154587, 145139, 166531])
async def test_finished_seasons_have_a_batch_among_the_candidates(media_id: int) -> None:
    entry = show(media_id)
    fake = FakeNyaa(build(nyaa_titles()), burst=10_000)
    async with serve(fake.app) as url:
        nyaa = NyaaClient(NyaaOptions(base_url=url, min_interval_s=0, max_in_flight=4))
        found = await SearchService(nyaa).find_releases(
            _search_show(entry), entry.progress + 1, Preferences(quality=1080)
        )
        await nyaa.close()
    assert not found.candidates[0].name.batch
    assert any(c.name.batch for c in found.candidates)
