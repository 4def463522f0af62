"""Reading real release names: every labelled name, our normalisation rules, never a crash."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from uuut_search.release_name import Language, parse

LABELS = Path(__file__).parent / "data" / "labelled_titles.tsv"


def _labelled() -> list[tuple[str, ...]]:
    rows = []
    for line in LABELS.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            rows.append(tuple(line.split("\t")))
    return rows


@pytest.mark.parametrize(
    ("season", "episodes", "resolution", "group", "version", "name"), _labelled()
)
def test_labelled_real_names(season, episodes, resolution, group, version, name) -> None:
    found = parse(name)
    assert found.seasons == (tuple(int(s) for s in season.split(",")) if season != "-" else ())
    if episodes == "*":
        assert found.batch and found.episode is None and found.episode_range is None
    elif episodes == "-":
        assert found.episode is None and found.episode_range is None
    elif "-" in episodes:
        first, last = episodes.split("-")
        assert found.episode_range == (int(first), int(last)) and found.batch
    else:
        assert found.episode == int(episodes) and not found.batch
    assert found.resolution == (None if resolution == "-" else int(resolution))
    assert found.group == (None if group == "-" else group)
    assert found.version == (None if version == "-" else int(version))


@pytest.mark.parametrize(
    ("name", "season", "episode"),
    [
        ("[SubsPlease] Shingeki no Kyojin S3 - 01 (1080p)", 3, 1),
        ("[Erai-raws] Spy x Family Season 2 - 05 [1080p]", 2, 5),
        ("[Erai-raws] Spy x Family 2nd Season - 05 [1080p]", 2, 5),
        ("[Some] Kaguya-sama Second Season - 05 [720p]", 2, 5),
        ("[Some] Overlord Season II - 05 [720p]", 2, 5),
        ("[Some] Overlord IV - 05 [720p]", 4, 5),
        ("[Group] Show Name - E05 [1080p]", None, 5),
        ("[LoliHouse] 某番 第二季 - 05 [WebRip 1080p]", 2, 5),
    ],
)
def test_season_words(name: str, season: int | None, episode: int) -> None:
    found = parse(name)
    assert found.season == season
    assert found.episode == episode


def test_1080p_is_never_episode_1080() -> None:
    assert parse("[Group] Show (1080p)").episode is None
    assert parse("Show 1080p WEB-DL").episode is None
    assert parse("[Group] Show - 1080 [720p]").episode == 1080


def test_absolute_number_in_brackets_is_kept() -> None:
    found = parse("[Judas] Shingeki no Kyojin S3 - 01 (38) [1080p]")
    assert (found.season, found.episode, found.alt_episode) == (3, 1, 38)


def test_part_and_final_season_are_read() -> None:
    found = parse("[Erai-raws] Shingeki no Kyojin - The Final Season Part 3 - 01 [1080p]")
    assert found.final and found.part == 3 and found.episode == 1


def test_languages() -> None:
    assert parse("[Yameii] Show - S01E08 [English Dub] [1080p]").language is Language.DUB
    assert parse("[Ohys-Raws] Show - 07 (TBS 1280x720)").language is Language.RAW
    assert parse("[Erai-raws] Show - 07 [1080p][Multiple Subtitle]").language is (
        Language.ENGLISH_SUBS
    )
    assert parse("Episode 14 Show (saison 2) VOSTFR").language is Language.OTHER
    assert parse("[DKB] Show - S01E01 [1080p][Dual-Audio][Multi-Subs]").language is (
        Language.ENGLISH_SUBS
    )


def test_specials_and_films_are_not_episodes() -> None:
    assert parse("[Zurako] Sora no Woto - 07.5 - Drinking Party (BD 1080p AAC)").special
    film = parse("[SonicMaster] Jujutsu Kaisen - The Movie (2025) [BDRemux 1080p]")
    assert film.movie and not film.batch


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_any_string_parses(name: str) -> None:
    found = parse(name)
    assert isinstance(found.title, str)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "[SubsPlease]",
                "Show",
                "S02E05",
                "-",
                "05v2",
                "(1080p)",
                "~",
                "12",
                "Season",
                "2nd",
                "Part",
                "III",
                "[Batch]",
                "1920x1080",
                "|",
                "/",
                "(",
                ")",
                "[",
                "]",
                "2.0",
                "第二季",
            ]
        ),
        max_size=14,
    )
)
def test_any_mix_of_release_tokens_parses(words: list[str]) -> None:
    found = parse(" ".join(words))
    if found.episode_range is not None:
        assert found.episode_range[0] < found.episode_range[1]


@pytest.mark.timeout(10)
@pytest.mark.parametrize(
    "name", ["05v2 2.0 (1080p) -", "[Group] Show - 05 (1080p) \u2013", "Show 12 [1080p] - _"]
)
def test_names_ending_in_a_dash_do_not_hang_the_parser(name: str) -> None:
    # anitopy alone loops forever on these (found by the property test above).
    assert parse(name).resolution == 1080
