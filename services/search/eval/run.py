"""`make eval`: precision@1 of our pick beside the naive baseline, over real release names.

Each question is a watchlist entry, an episode and a quality over a pool of releases (what
Nyaa holds for that franchise). Both sides search the pool with Nyaa's own semantics (AND of
whole words) and pick one release:
- ours: the search service's FindReleases (every query it plans, matching and ranking);
- baseline: search "<romaji title> <episode, 2 digits> <quality>p", take the most seeders.
precision@1 counts a question right when the pick is the expected release (or when nothing is
picked and nothing was expected).
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import re
import sys
import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from uuut_kit.errors import NotFound
from uuut_kit.logging import configure_logging
from uuut_search.feed import NyaaItem
from uuut_search.matching import Format, Prequel, Show
from uuut_search.service import Preferences, SearchService

QUESTIONS = Path(__file__).with_name("questions.json")
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af"


def tokens(text: str) -> set[str]:
    """Words as Nyaa's search sees them (letters and digits; one token per CJK character)."""
    text = unicodedata.normalize("NFKC", text).lower()
    words = re.findall(r"[^\W_]+", text)
    return {piece for word in words for piece in re.findall(f"[{_CJK}]|[^{_CJK}]+", word)}


class PoolNyaa:
    """A pool searched like Nyaa: every word of the query must be a word of the title."""

    def __init__(self, items: list[NyaaItem]) -> None:
        self._items = [(tokens(i.title), i) for i in items]

    async def search(self, query: str, *, trusted_only: bool = False) -> list[NyaaItem]:
        wanted = tokens(query)
        return [
            item
            for words, item in self._items
            if wanted <= words and (item.trusted or not trusted_only)
        ][:75]


def to_item(title: str, seeders: int, trusted: bool, remake: bool) -> NyaaItem:
    digest = hashlib.sha1(title.encode()).hexdigest()  # noqa: S324 (an id, not security)
    return NyaaItem(
        title=title,
        info_hash=digest,
        torrent_url=f"https://nyaa.si/download/{int(digest[:7], 16)}.torrent",
        view_url=f"https://nyaa.si/view/{int(digest[:7], 16)}",
        published_at=datetime(2025, 1, 1, tzinfo=UTC),
        seeders=seeders,
        leechers=0,
        downloads=0,
        size_bytes=0,
        size_text="",
        category_id="1_2",
        category="Anime - English-translated",
        comments=0,
        trusted=trusted,
        remake=remake,
    )


def to_show(raw: dict) -> Show:
    titles = [raw["romaji"], raw.get("english"), *raw.get("synonyms", [])]
    return Show(
        titles=tuple(t for t in titles if t),
        format=Format[raw.get("format", "TV")],
        episodes=raw.get("episodes"),
        prequels=tuple(Prequel((t,), n) for t, n in raw.get("prequels", [])),
    )


@dataclass
class Outcome:
    ours: str | None
    baseline: str | None
    expected: str | None


async def baseline(nyaa: PoolNyaa, show: dict, episode: int, quality: int) -> str | None:
    found = await nyaa.search(f"{show['romaji']} {episode:02d} {quality}p")
    return max(found, key=lambda i: i.seeders).title if found else None


async def ours(nyaa: PoolNyaa, show: dict, episode: int, quality: int) -> str | None:
    service = SearchService(nyaa)
    try:
        found = await service.find_releases(to_show(show), episode, Preferences(quality=quality))
    except NotFound:
        return None
    return found.candidates[0].item.title


async def evaluate(data: dict) -> list[Outcome]:
    pools = {
        name: PoolNyaa([to_item(*row) for row in rows]) for name, rows in data["pools"].items()
    }
    outcomes = []
    for question in data["questions"]:
        nyaa = pools[question["pool"]]
        args = (nyaa, question["show"], question["episode"], question["quality"])
        outcomes.append(Outcome(await ours(*args), await baseline(*args), question["expected"]))
    return outcomes


def precision(outcomes: list[Outcome], side: str) -> float:
    right = sum(getattr(o, side) == o.expected for o in outcomes)
    return right / len(outcomes) if outcomes else 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--questions", type=Path, default=QUESTIONS)
    parser.add_argument("--verbose", action="store_true", help="show every miss")
    options = parser.parse_args()
    configure_logging("search-eval", "warning", "console")
    data = json.loads(options.questions.read_text(encoding="utf-8"))
    outcomes = asyncio.run(evaluate(data))
    ours_p, base_p = precision(outcomes, "ours"), precision(outcomes, "baseline")
    print(f"release matching on {len(outcomes)} questions ({options.questions.name})")
    print(f"  precision@1  ours {ours_p:6.1%}   naive baseline {base_p:6.1%}")
    for outcome in outcomes:
        if options.verbose and outcome.ours != outcome.expected:
            print(f"  MISS expected {outcome.expected!r}\n        got      {outcome.ours!r}")
    sys.exit(0)


if __name__ == "__main__":
    main()
