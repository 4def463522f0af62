"""The pick on real release names: every season form, batches, v2, absolute numbers, decoys."""

from __future__ import annotations

import pytest

from uuut_kit.errors import NotFound
from uuut_search.matching import Format, ShowMatcher
from uuut_search.ranking import Candidate, drop_superseded, rank
from uuut_search.release_name import parse
from uuut_search.service import Preferences, SearchService

from .pools import (
    AOT_3,
    FRIEREN,
    IRUMA_2,
    IRUMA_4,
    JJK_3,
    MUSHOKU_2,
    REZERO_2_2,
    SLIME_4,
    item,
    show,
)


def holds(show_, episode: int, name: str) -> bool:
    return ShowMatcher(show_).match(parse(name), episode) is not None


class IndexSearcher:
    """Nyaa's AND-of-words search over a fixed pool (a unit-test stand-in for the client)."""

    def __init__(self, items) -> None:
        self.items = items
        self.queries: list[str] = []

    async def search(self, query: str, *, trusted_only: bool = False):
        from uuut_search.titles import fold

        self.queries.append(query)
        words = fold(query).split()
        return [i for i in self.items if all(w in fold(i.title).split() for w in words)]


async def pick(show_, episode: int, pool, **preferences) -> list[Candidate]:
    service = SearchService(IndexSearcher(pool))
    found = await service.find_releases(show_, episode, Preferences(**preferences))
    return found.candidates


@pytest.mark.parametrize(
    ("show_", "episode", "name", "expected"),
    [
        (IRUMA_4, 5, "[Erai-raws] Mairimashita Iruma-kun 4th Season - 05 [1080p CR WEBRip]", True),
        (IRUMA_4, 5, "[SubsPlease] Mairimashita! Iruma-kun S2 - 05 (1080p) [75D6606E].mkv", False),
        (IRUMA_2, 5, "[SubsPlease] Mairimashita! Iruma-kun S2 - 05 (1080p) [75D6606E].mkv", True),
        (IRUMA_4, 5, "[AnoZu] Welcome to Demon School! Iruma-kun S04 1080p CR WEB-DL", True),
        (IRUMA_4, 5, "[SubsPlease] Mairimashita! Iruma-kun - 05 (1080p)", False),
        (IRUMA_4, 5, "[SubsPlease] Mairimashita! Iruma-kun - 70 (1080p)", True),
        (
            MUSHOKU_2,
            13,
            "[Erai-raws] Mushoku Tensei III: Isekai Ittara Honki Dasu - 13 [1080p]",
            False,
        ),
        (
            MUSHOKU_2,
            13,
            "[Erai-raws] Mushoku Tensei II: Isekai Ittara Honki Dasu - 13 [1080p]",
            True,
        ),
        (
            JJK_3,
            7,
            "[Erai-raws] Jujutsu Kaisen: Shimetsu Kaiyuu - Zenpen - 07 [1080p CR WEB-DL]",
            True,
        ),
        (JJK_3, 3, "[Subeteka] Jujutsu Kaisen - S03E03 [1080p WEB DUAL DDP2.0 H.265]", True),
        (JJK_3, 7, "[SubsPlease] Jujutsu Kaisen - 54 (1080p)", True),
        (JJK_3, 7, "[SubsPlease] Jujutsu Kaisen - 07 (1080p)", False),
        (AOT_3, 1, "[Judas] Shingeki no Kyojin S3 - 01 (38) [1080p]", True),
        (AOT_3, 1, "[Erai-raws] Shingeki no Kyojin - The Final Season Part 3 - 01 [1080p]", False),
        (AOT_3, 1, "[Some] Shingeki no Kyojin Season 3 - 01 [1080p]", True),
        (
            REZERO_2_2,
            5,
            "[Erai-raws] Re:Zero kara Hajimeru Isekai Seikatsu 2nd Season Part 2 - 01 ~ 12 [1080p]",
            True,
        ),
        (REZERO_2_2, 5, "[SubsPlease] Re Zero kara Hajimeru Isekai Seikatsu - 43 (1080p)", True),
        (
            REZERO_2_2,
            5,
            "[SubsPlease] Re Zero kara Hajimeru Isekai Seikatsu 2nd Season - 05 (1080p)",
            False,
        ),
        (
            FRIEREN,
            3,
            "[Judas] Sousou no Frieren (Season 1) [BD 1080p][HEVC x265 10bit][Dual-Audio]",
            True,
        ),
        (
            FRIEREN,
            3,
            "[Sokudo] Frieren: Beyond Journey's End S01 [1080p EAC3 AV1][multi sub]",
            True,
        ),
        (FRIEREN, 3, "[ASW] Sousou no Frieren - 01 [1080p HEVC x265 10Bit][AAC]", False),
        (FRIEREN, 3, "[Some] Sousou no Frieren S2 - 03 [1080p]", False),
        (
            SLIME_4,
            21,
            "[ToonsHub] That Time I Got Reincarnated as a Slime S04E21 1080p BILI WEB-DL",
            True,
        ),
        (
            SLIME_4,
            21,
            "[SubsPlease] Tensei Shitara Slime Datta Ken S4 - 21 (1080p) [9057F2E5].mkv",
            True,
        ),
        (SLIME_4, 21, "[SubsPlease] Tensei Shitara Slime Datta Ken S3 - 21 (1080p)", False),
        (
            show("Yami Shibai 11"),
            12,
            "[ASW] Yami Shibai 11 - 12 [1080p HEVC x265 10Bit][AAC].mkv",
            True,
        ),
        (
            show("Yami Shibai 12"),
            12,
            "[ASW] Yami Shibai 11 - 12 [1080p HEVC x265 10Bit][AAC].mkv",
            False,
        ),
        (show("86: Eighty Six"), 12, "[Erai-raws] 86 - Eighty Six - 12 [1080p].mkv", True),
        (
            show("Dandelion"),
            3,
            "[Erai-raws] Dandelion - 01 ~ 07 [1080p NF WEBRip HEVC EAC3][BATCH]",
            True,
        ),
        (
            show("Dandelion"),
            8,
            "[Erai-raws] Dandelion - 01 ~ 07 [1080p NF WEBRip HEVC EAC3][BATCH]",
            False,
        ),
        (
            show("Kimetsu no Yaiba", "Demon Slayer: Kimetsu no Yaiba"),
            5,
            "[Tenrai-Sensei] Demon Slayer: Kimetsu no Yaiba S1+S2+S3 + Movie [BD][1080p]",
            True,
        ),
        (
            show("Macross Zero", format=Format.MOVIE),
            1,
            "Macross Zero (BDRip 1920x1080p x265 HEVC TrueHD, FLAC 5.1+2.0)[sxales]",
            True,
        ),
        (
            show("Sora no Woto", episodes=12),
            7,
            "[Zurako] Sora no Woto - 07.5 - Drinking Party - Fortress Battle (BD 1080p AAC)",
            False,
        ),
    ],
)
def test_which_releases_hold_the_episode(show_, episode, name, expected) -> None:
    assert holds(show_, episode, name) is expected


async def test_the_season_is_told_apart_from_its_decoys() -> None:
    pool = [
        item("[SubsPlease] Mairimashita! Iruma-kun S2 - 05 (1080p) [75D6606E].mkv", 900),
        item("[Erai-raws] Mairimashita Iruma-kun 4th Season - 05 [1080p CR WEBRip HEVC AAC]", 40),
        item("[AnoZu] Welcome to Demon School! Iruma-kun S04 1080p CR WEB-DL Dual-Audio", 300),
    ]
    candidates = await pick(IRUMA_4, 5, pool, quality=1080)
    assert [c.item.title for c in candidates] == [pool[1].title, pool[2].title]
    assert "single episode" in candidates[0].reasons


async def test_a_newer_version_replaces_the_older_even_with_fewer_seeders() -> None:
    pool = [
        item("[SubsPlease] One Piece - 1143 (1080p) [0537D5B4].mkv", 800, trusted=True),
        item("[SubsPlease] One Piece - 1143v2 (1080p) [0537D5B5].mkv", 20, trusted=True),
    ]
    candidates = await pick(show("One Piece"), 1143, pool, quality=1080)
    assert [c.item.title for c in candidates] == [pool[1].title]
    assert "v2 replaces v1 of the same release" in candidates[0].reasons


@pytest.mark.parametrize(
    ("available", "expected"),
    [
        ((720, 2160, None), 2160),
        ((720, None), None),
        ((480, 720), 720),
        ((480, 720, 1080, 2160), 1080),
    ],
)
async def test_resolution_falls_back_higher_then_unknown_then_lower(available, expected) -> None:
    names = {
        480: "[SubsPlease] Niwatori Fighter - 12 (480p) [A1].mkv",
        720: "[SubsPlease] Niwatori Fighter - 12 (720p) [A2].mkv",
        1080: "[SubsPlease] Niwatori Fighter - 12 (1080p) [A3].mkv",
        2160: "[Doomdos] Niwatori Fighter - 12 [2160p IQ WEB-DL]",
        None: "[Foo] Niwatori Fighter - 12 [A4].mkv",
    }
    pool = [item(names[r], seeders=100 if r != expected else 1) for r in available]
    candidates = await pick(show("Niwatori Fighter"), 12, pool, quality=1080)
    assert candidates[0].name.resolution == expected


async def test_order_after_resolution() -> None:
    single_untrusted = item("[Foo] Kill Ao - S01E08 [1080p]", 500)
    single_trusted = item("[DKB] Kill Ao - S01E08 [1080p][Multi-Subs]", 5, trusted=True)
    remake = item("[Bar] Kill Ao - S01E08 [1080p]", 900, trusted=True, remake=True)
    dub = item("[Yameii] Kill Ao - S01E08 [English Dub] [1080p]", 900, trusted=True)
    batch = item("[Baz] Kill Ao - 01 ~ 12 [1080p]", 2000, trusted=True)
    candidates = await pick(
        show("Kill Ao"), 8, [batch, dub, remake, single_untrusted, single_trusted], quality=1080
    )
    assert [c.item for c in candidates] == [single_trusted, single_untrusted, remake, dub, batch]
    scores = [c.score for c in candidates]
    assert scores == sorted(scores, reverse=True) and len(set(scores)) == len(scores)


async def test_preferred_groups_break_ties_before_seeders() -> None:
    a = item("[SubsPlease] Kill Ao - 08 (1080p)", 900, trusted=True)
    b = item("[Erai-raws] Kill Ao - 08 [1080p]", 10, trusted=True)
    candidates = await pick(show("Kill Ao"), 8, [a, b], quality=1080, groups=("erai-raws",))
    assert candidates[0].item is b and "preferred group Erai-raws" in candidates[0].reasons


async def test_trusted_only_filters() -> None:
    pool = [item("[Foo] Kill Ao - 08 [1080p]", 900)]
    with pytest.raises(NotFound) as caught:
        await pick(show("Kill Ao"), 8, pool, trusted_only=True)
    assert caught.value.reason == "NO_RELEASE"


async def test_nothing_left_is_no_release() -> None:
    pool = [item("[Erai-raws] Mushoku Tensei III: Isekai Ittara Honki Dasu - 13 [1080p]", 99)]
    with pytest.raises(NotFound) as caught:
        await pick(MUSHOKU_2, 13, pool)
    assert caught.value.reason == "NO_RELEASE"


async def test_queries_cover_titles_season_words_and_episode() -> None:
    searcher = IndexSearcher([])
    with pytest.raises(NotFound):
        await SearchService(searcher).find_releases(IRUMA_4, 5, Preferences())
    assert "Mairimashita Iruma-kun 4th Season 05" in searcher.queries
    assert "Mairimashita Iruma-kun" in searcher.queries
    assert "Welcome to Demon School Iruma-kun 05" in searcher.queries
    assert "Mairimashita Iruma-kun 70" in searcher.queries  # absolute: 5 + 21 + 21 + 23
    assert len(searcher.queries) == len(set(searcher.queries)) <= 16


def test_superseded_releases_of_other_groups_stay() -> None:
    one = Candidate(item("[A] Show - 01 [1080p]"), parse("[A] Show - 01 [1080p]"))
    two = Candidate(item("[B] Show - 01v2 [1080p]"), parse("[B] Show - 01v2 [1080p]"))
    assert len(drop_superseded([one, two])) == 2
    assert rank([one, two], quality=None)[0].score > 0


async def test_free_search_ranks_but_never_filters() -> None:
    pool = [
        item("[SubsPlease] Kill Ao - 07 (1080p)", 900),
        item("[SubsPlease] Kill Ao - 08 (720p)", 5),
        item("[SubsPlease] Kill Ao - 08 (1080p)", 1),
    ]
    found = await SearchService(IndexSearcher(pool)).search("Kill Ao", 8, 1080)
    assert [c.item for c in found] == [pool[2], pool[1], pool[0]]
    assert "not episode 8" in found[2].reasons
