"""The search domain: find a show's episode on Nyaa and pick what a careful fan would pick.

The pick, in order (the rules live where they are applied):
1. only releases of this show and this season/part that hold the asked episode (matching.py);
2. a newer version from the same group at the same resolution replaces the older (ranking.py);
3. resolution, single before batch, language, not remake, trusted, preferred groups, seeders
   (ranking.py);
4. nothing left: NOT_FOUND with reason NO_RELEASE.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from uuut_kit.errors import InvalidArgument, NotFound, UpstreamTimeout
from uuut_kit.logging import get_logger
from uuut_search.feed import NyaaItem
from uuut_search.matching import Show, ShowMatcher
from uuut_search.ranking import Candidate, drop_superseded, rank
from uuut_search.release_name import ReleaseName, parse
from uuut_search.titles import fold, main_title

log = get_logger(__name__)

NO_RELEASE = "NO_RELEASE"
MAX_QUERIES = 16
MAX_QUERY_CHARS = 200
_TRAILING_NUMBER = re.compile(r"\s\d{1,2}$")
# Characters with a meaning in Nyaa's query syntax (Elasticsearch simple_query_string).
_QUERY_SYNTAX = re.compile(r"[\"+|*()~:!?/\\\[\]{}^<>=&]")
_SEASON_WORDS = re.compile(
    r"\b(\d{1,2}(st|nd|rd|th)|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth)"
    r"\s+(season|part|cour)\b|\b(season|part|cour)\s+(\d{1,2}|[ivx]{1,4})\b|\bs\d{1,2}\b|"
    r"\b(the\s+)?final\s+season\b|\s(ii|iii|iv|v|vi|vii|viii|ix|x)$|第.{1,2}[季期]",
    re.I,
)


class Searcher(Protocol):
    async def search(self, query: str, *, trusted_only: bool = False) -> list[NyaaItem]: ...


@dataclass(frozen=True, slots=True)
class Preferences:
    quality: int | None = None
    groups: tuple[str, ...] = ()
    trusted_only: bool = False


@dataclass(frozen=True, slots=True)
class Found:
    candidates: list[Candidate]
    searches: int


def query_text(text: str) -> str:
    """Text Nyaa reads as plain words: no operators, no leading '-' (which excludes a word)."""
    text = _QUERY_SYNTAX.sub(" ", text)
    words = [w.lstrip("-") for w in text.split()]
    return " ".join(w for w in words if w)[:MAX_QUERY_CHARS].strip()


def without_season_words(title: str) -> str:
    stripped = _SEASON_WORDS.sub(" ", title)
    return " ".join(stripped.split()).strip(" -:")


def _variants(title: str) -> list[str]:
    """The title, then without season words, without a closing number, without a subtitle."""
    stripped = without_season_words(title)
    variants = [title, stripped, _TRAILING_NUMBER.sub("", stripped)]
    main = main_title(title)
    if main:
        bare_main = without_season_words(main)
        variants += [bare_main, _TRAILING_NUMBER.sub("", bare_main)]
    return [v for v in (query_text(v) for v in variants) if v]


def plan_queries(show: Show, episode: int, offsets: Sequence[int]) -> list[str]:
    """The searches for one episode: each title with and without season words, with and
    without the episode number (batches do not carry it), deduplicated, most useful first."""
    plans: list[str] = []
    for title in [t for t in show.titles[:2] if t]:
        variants = list(dict.fromkeys(_variants(title)))
        for variant in variants:
            plans += [f"{variant} {episode:02d}", variant]
        if offsets and not show.single_video:
            plans.append(f"{variants[-1]} {episode + offsets[-1]}")
    for title in show.titles[2:]:
        plans.append(query_text(title))
    unique: dict[str, str] = {}
    for plan in plans:
        key = fold(plan)
        if key and key not in unique and len(key) >= 2:
            unique[key] = plan.strip()
    return list(unique.values())[:MAX_QUERIES]


class SearchService:
    """Finds releases on Nyaa through a Searcher (the Nyaa client; an index in tests)."""

    def __init__(self, nyaa: Searcher, *, budget_s: float = 25.0) -> None:
        self._nyaa = nyaa
        self._budget_s = budget_s

    async def find_releases(self, show: Show, episode: int, preferences: Preferences) -> Found:
        """The releases holding `episode` of `show`, best first; NO_RELEASE when none."""
        if not any(t.strip() for t in show.titles):
            raise InvalidArgument("the show needs at least one title", reason="SHOW_INVALID")
        if episode < 1 or (show.episodes and episode > show.episodes):
            raise InvalidArgument(
                f"episode {episode} is not an episode of this show", reason="EPISODE_INVALID"
            )
        matcher = ShowMatcher(show)
        queries = plan_queries(show, episode, matcher.offsets)
        items = await self._gather(queries, preferences.trusted_only)
        candidates = await asyncio.to_thread(self._eligible, matcher, items, episode)
        if preferences.trusted_only:
            candidates = [c for c in candidates if c.item.trusted]
        candidates = rank(
            drop_superseded(candidates),
            quality=preferences.quality,
            groups=preferences.groups,
        )
        log.info("releases_found", searches=len(queries), results=len(items), kept=len(candidates))
        if not candidates:
            raise NotFound(
                f"no release of episode {episode} of {show.titles[0]!r} was found on Nyaa",
                reason=NO_RELEASE,
            )
        return Found(candidates, len(queries))

    async def search(self, q: str, episode: int | None, quality: int | None) -> list[Candidate]:
        """One free-text search, ranked; episode and quality rank, they never filter."""
        text = query_text(q)
        if not text:
            raise InvalidArgument("the search text has no words", reason="QUERY_INVALID")
        items = await self._gather([text], trusted_only=False)
        candidates = []
        for item in items:
            name = parse(item.title)
            holds = episode is None or _holds(name, episode)
            candidate = Candidate(item, name, holds_episode=holds)
            if episode is not None:
                candidate.reasons.append(
                    f"holds episode {episode}" if holds else f"not episode {episode}"
                )
            candidates.append(candidate)
        return rank(candidates, quality=quality, episode_first=episode is not None)

    async def _gather(self, queries: list[str], trusted_only: bool) -> list[NyaaItem]:
        try:
            async with asyncio.timeout(self._budget_s):
                answers = await asyncio.gather(
                    *(self._nyaa.search(q, trusted_only=trusted_only) for q in queries)
                )
        except TimeoutError:
            raise UpstreamTimeout("Nyaa did not answer our searches in time") from None
        union: dict[str, NyaaItem] = {}
        for answer in answers:
            for item in answer:
                union.setdefault(item.info_hash, item)
        return list(union.values())

    @staticmethod
    def _eligible(matcher: ShowMatcher, items: list[NyaaItem], episode: int) -> list[Candidate]:
        candidates = []
        for item in items:
            name = parse(item.title)
            found = matcher.match(name, episode)
            if found is not None:
                reasons = [f"title matches \u201c{found.title}\u201d", found.how]
                candidates.append(Candidate(item, name, reasons=reasons))
        return candidates


def _holds(name: ReleaseName, episode: int) -> bool:
    if name.episode is not None:
        return name.episode == episode
    if name.episode_range is not None:
        return name.episode_range[0] <= episode <= name.episode_range[1]
    return False
