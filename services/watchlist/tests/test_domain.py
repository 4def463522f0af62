"""The contract's formulas and the prequel arithmetic, on domain objects alone."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from uuut_watchlist.anilist import parse
from uuut_watchlist.domain import (
    Entry,
    Media,
    MediaDetails,
    NextAiring,
    Prequel,
    Relation,
    pick_prequel,
)

SAMPLES = Path("/work/shared/data/anilist")
SOON = datetime(2030, 1, 1, tzinfo=UTC)


def show(status: str | None, episodes: int | None, next_episode: int | None = None, **more):
    airing = NextAiring(next_episode, SOON) if next_episode is not None else None
    return Media(
        id=1, title_romaji="Show", status=status, episodes=episodes, next_airing=airing, **more
    )


@pytest.mark.parametrize(
    ("media", "progress", "latest", "next_episode"),
    [
        (show("RELEASING", 12, next_episode=5), 2, 4, 3),
        (show("RELEASING", 12, next_episode=5), 4, 4, None),  # caught up
        (show("RELEASING", None, next_episode=1101), 1099, 1100, 1100),  # unknown count
        (show("NOT_YET_RELEASED", 12, next_episode=1), 0, 0, None),  # scheduled, not aired
        (show("NOT_YET_RELEASED", None), 0, None, None),  # announced only
        (show("FINISHED", 24), 10, 24, 11),
        (show("FINISHED", 24), 24, 24, None),
        (show("CANCELLED", 8), 3, 8, 4),
        (show("FINISHED", None), 3, None, None),  # finished but count unknown
        (show("HIATUS", 24), 4, None, None),
        (show("RELEASING", 12), 4, None, None),  # airing with nothing scheduled
    ],
)
def test_latest_aired_and_next_episode(media, progress, latest, next_episode) -> None:
    entry = Entry(media=media, progress=progress, list_status="CURRENT")
    assert media.latest_aired_episode == latest
    assert entry.next_episode == next_episode
    assert entry.next_episode_available is (next_episode is not None)


def test_title_prefers_english() -> None:
    assert show(None, None, title_english="English").title == "English"
    assert show(None, None).title == "Show"


def series(media_id: int, episodes: int | None, fmt: str = "TV", year: int = 2020) -> Media:
    return Media(id=media_id, title_romaji=f"#{media_id}", format=fmt, episodes=episodes,
                 season_year=year)  # fmt: skip


def test_episode_offset_counts_series_prequels_only() -> None:
    details = MediaDetails(
        series(1, 12),
        (Prequel(series(2, 12), 1), Prequel(series(3, 1, "MOVIE"), 2), Prequel(series(4, 13), 3)),
    )
    assert details.episode_offset == 25
    unknown = MediaDetails(series(1, 12), (Prequel(series(2, None), 1),))
    assert unknown.episode_offset is None
    assert MediaDetails(series(1, 1, "MOVIE"), (Prequel(series(2, 12), 1),)).episode_offset == 0
    assert MediaDetails(series(1, 12), ()).episode_offset == 0


def test_pick_prequel_prefers_the_latest_series() -> None:
    relations = (
        Relation("SEQUEL", series(9, 12, year=2030)),
        Relation("PREQUEL", series(2, 1, "MOVIE", year=2025)),
        Relation("PREQUEL", series(3, 12, year=2022)),
        Relation("PREQUEL", series(4, 12, "ONA", year=2023)),
    )
    picked = pick_prequel(relations)
    assert picked is not None and picked.media.id == 4
    assert pick_prequel((Relation("PREQUEL", series(2, 1, "MOVIE")),)).media.id == 2  # type: ignore[union-attr]
    assert pick_prequel((Relation("SIDE_STORY", series(2, 1)),)) is None


def test_real_samples_parse() -> None:
    """The real MediaListCollection sample has no entry status: nothing counts as CURRENT."""
    sample = json.loads((SAMPLES / "medialistcollection_userId_type_ANIME.json").read_text())
    assert parse.current_entries(sample["data"]) == []
    first = sample["data"]["MediaListCollection"]["lists"][0]["entries"][0]["media"]
    media = parse.media(first)
    assert (media.id, media.format, media.season, media.status) == (
        21860,
        "TV",
        "SPRING",
        "FINISHED",
    )
    assert media.title_english.startswith("WorldEnd")  # type: ignore[union-attr]


def test_custom_lists_repeat_entries_but_each_media_comes_once() -> None:
    entry = {"status": "CURRENT", "progress": 3, "media": {"id": 7, "title": {"romaji": "X"}}}
    paused = {"status": "PAUSED", "progress": 1, "media": {"id": 8, "title": {"romaji": "Y"}}}
    data = {"MediaListCollection": {"lists": [
        {"name": "Watching", "entries": [entry]},
        {"name": "Custom", "isCustomList": True, "entries": [paused, entry]},
    ]}}  # fmt: skip
    assert [(e.media.id, e.progress) for e in parse.current_entries(data)] == [(7, 3)]


@pytest.mark.parametrize(
    "broken",
    [
        {"MediaListCollection": None},
        {"MediaListCollection": {"lists": "nope"}},
        {
            "MediaListCollection": {
                "lists": [{"entries": [{"status": "CURRENT", "media": {"id": "7"}}]}]
            }
        },
    ],
)
def test_unexpected_shapes_are_refused(broken) -> None:
    with pytest.raises(parse.UnexpectedAnswer):
        parse.current_entries(broken)
