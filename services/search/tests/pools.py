"""Releases for the unit tests of the pick: real titles with chosen counts and flags."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

from uuut_search.feed import NyaaItem
from uuut_search.matching import Format, Prequel, Show


def item(
    title: str,
    seeders: int = 10,
    *,
    trusted: bool = False,
    remake: bool = False,
    downloads: int = 0,
) -> NyaaItem:
    digest = hashlib.sha1(title.encode()).hexdigest()  # noqa: S324 (a test id)
    return NyaaItem(
        title=title,
        info_hash=digest,
        torrent_url=f"https://nyaa.si/download/{int(digest[:6], 16)}.torrent",
        view_url=f"https://nyaa.si/view/{int(digest[:6], 16)}",
        published_at=datetime(2025, 1, 1, tzinfo=UTC),
        seeders=seeders,
        leechers=0,
        downloads=downloads,
        size_bytes=1 << 30,
        size_text="1.0 GiB",
        category_id="1_2",
        category="Anime - English-translated",
        comments=0,
        trusted=trusted,
        remake=remake,
    )


def show(*titles: str, prequels: tuple[tuple[str, int | None], ...] = (), **kw) -> Show:
    return Show(
        titles=titles,
        prequels=tuple(Prequel((t,), n) for t, n in prequels),
        format=kw.pop("format", Format.TV),
        **kw,
    )


IRUMA_4 = show(
    "Mairimashita! Iruma-kun 4th Season",
    "Welcome to Demon School! Iruma-kun Season 4",
    prequels=(
        ("Mairimashita! Iruma-kun 3rd Season", 21),
        ("Mairimashita! Iruma-kun 2nd Season", 21),
        ("Mairimashita! Iruma-kun", 23),
    ),
)
IRUMA_2 = show("Mairimashita! Iruma-kun 2nd Season", prequels=(("Mairimashita! Iruma-kun", 23),))
MUSHOKU_2 = show(
    "Mushoku Tensei II: Isekai Ittara Honki Dasu",
    "Mushoku Tensei: Jobless Reincarnation Season 2",
    prequels=(
        ("Mushoku Tensei: Isekai Ittara Honki Dasu Part 2", 12),
        ("Mushoku Tensei: Isekai Ittara Honki Dasu", 11),
    ),
)
JJK_3 = show(
    "Jujutsu Kaisen: Shimetsu Kaiyuu - Zenpen",
    "JUJUTSU KAISEN Season 3: The Culling Game Part 1",
    prequels=(("Jujutsu Kaisen 2nd Season", 23), ("Jujutsu Kaisen", 24)),
)
AOT_3 = show(
    "Shingeki no Kyojin 3",
    "Attack on Titan Season 3",
    prequels=(("Shingeki no Kyojin 2", 12), ("Shingeki no Kyojin", 25)),
)
FRIEREN = show("Sousou no Frieren", "Frieren: Beyond Journey's End", episodes=28)
SLIME_4 = show(
    "Tensei Shitara Slime Datta Ken 4th Season",
    "That Time I Got Reincarnated as a Slime Season 4",
    prequels=(("Tensei Shitara Slime Datta Ken 3rd Season", 24),),
)
REZERO_2_2 = show(
    "Re:Zero kara Hajimeru Isekai Seikatsu 2nd Season Part 2",
    prequels=(
        ("Re:Zero kara Hajimeru Isekai Seikatsu 2nd Season", 13),
        ("Re:Zero kara Hajimeru Isekai Seikatsu", 25),
    ),
)
