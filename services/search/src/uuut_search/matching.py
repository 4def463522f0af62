"""Rule 1 of the pick: is this release this show, this season/part, and does it hold the episode?

A release is accepted for episode E of a show when one of its title readings matches one of the
show's readings and its episode numbers contain E in one of the numberings groups use:

- *season numbering*: the release names this season (by a title only this season has, such as
  "Kimetsu no Yaiba: Katanakaji no Sato-hen", or by a season marker equal to this season's
  number, "S4" / "4th Season") and holds episode E, or a range or whole-season batch with it;
- *continuous numbering*: the release names the show by a franchise title (the first season's,
  or this title without its season words) and numbers on from an earlier season, so its number
  is E plus the episodes of the nearest k prequels (k ≥ 1; all of them = absolute numbering).
  An alternative number in brackets ("S3 - 01 (51)") is checked the same way.

A release that states a different season, a different part, "Final Season" when this is not
one, or is a film or special when this is a series, is not this show's episode.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher
from enum import Enum

from uuut_search.release_name import ReleaseName
from uuut_search.titles import Reading, main_title, readings


class Format(Enum):
    TV = "TV"
    MOVIE = "MOVIE"
    SPECIAL = "SPECIAL"
    OVA = "OVA"
    ONA = "ONA"
    UNKNOWN = "UNKNOWN"


@dataclass(frozen=True, slots=True)
class Prequel:
    titles: tuple[str, ...]
    episodes: int | None = None


@dataclass(frozen=True, slots=True)
class Show:
    """A watchlist entry as matching needs it; prequels nearest first."""

    titles: tuple[str, ...]
    format: Format = Format.TV
    episodes: int | None = None
    prequels: tuple[Prequel, ...] = ()
    season_year: int | None = None

    @property
    def single_video(self) -> bool:
        return self.format is Format.MOVIE or (
            self.format in (Format.SPECIAL, Format.OVA) and self.episodes == 1
        )


@dataclass(frozen=True, slots=True)
class _ShowReading:
    reading: Reading
    source: str  # the title it came from, for the reasons
    identifying: bool  # only this season is called so


@dataclass(frozen=True, slots=True)
class Match:
    """Why a release holds the episode."""

    title: str
    how: str


def _prefix(title: str) -> str | None:
    prefix = main_title(title)
    return prefix if prefix and len(prefix) >= 4 else None


class ShowMatcher:
    """Everything derived once from a show, to test many releases against it."""

    def __init__(self, show: Show) -> None:
        self.show = show
        prequel_words = {
            r.words for p in show.prequels for t in p.titles for r in readings(t) if not r.marked
        }
        own: list[_ShowReading] = []
        franchise: list[_ShowReading] = []
        for title in show.titles:
            for reading in readings(title):
                identifying = reading.words not in prequel_words
                own.append(_ShowReading(reading, title, identifying))
                if reading.marked:
                    franchise.append(_ShowReading(Reading(reading.words), title, False))
            prefix = _prefix(title)
            if prefix:
                for reading in readings(prefix):
                    franchise.append(_ShowReading(reading, title, False))
        for prequel in show.prequels:
            for title in prequel.titles:
                for reading in readings(title):
                    if not reading.marked:
                        franchise.append(_ShowReading(reading, title, False))
        self._own = [r for r in own if r.identifying]
        self._franchise = franchise + [r for r in own if not r.identifying]
        first = [readings(t)[0] for t in show.titles if readings(t)]
        self.part = next((r.part for r in first if r.part is not None), None)
        self.final = any(r.final for r in first)
        stated = next((r.season for r in first if r.season is not None), None)
        counted = 1 + len(show.prequels) - ((self.part or 1) - 1)
        self.season = stated if stated is not None else max(1, counted)
        self.offsets = _offsets(show.prequels)

    def match(self, release: ReleaseName, episode: int) -> Match | None:
        """How the release holds `episode` of this show, or None when it does not."""
        release_readings = [r for title in release.titles for r in readings(title) if r.words]
        for theirs in release_readings:
            for ours in self._own:
                if _same_words(theirs.words, ours.reading.words):
                    found = self._check(release, theirs, ours, episode)
                    if found:
                        return found
        for theirs in release_readings:
            for ours in self._franchise:
                if _same_words(theirs.words, ours.reading.words):
                    found = self._check(release, theirs, ours, episode)
                    if found:
                        return found
        return None

    def _check(
        self, release: ReleaseName, theirs: Reading, ours: _ShowReading, episode: int
    ) -> Match | None:
        seasons = set(release.seasons) or ({theirs.season} if theirs.season else set())
        part = release.part if release.part is not None else theirs.part
        final = release.final or theirs.final
        our_season = ours.reading.season or self.season
        our_part = ours.reading.part or self.part
        continuous_only = False
        if final and not self.final:
            return None
        if part is not None and part != (our_part or 1):
            return None
        if our_part is not None and our_part >= 2 and part is None:
            continuous_only = True
        if self.final and not final:
            if seasons:
                return None
            continuous_only = True
        if seasons:
            if our_season not in seasons:
                return None
        elif ours.reading.season is not None or not ours.identifying:
            # The show's own words with its season words taken away, or a franchise title:
            # without a marker of its own the release names this season only by numbering on.
            if our_season > 1 or self.offsets:
                continuous_only = True
            elif not ours.identifying:
                return None
        if self.show.single_video:
            return self._single_video(release, ours, seasons)
        if release.movie or release.special:
            return None
        return self._episode(release, episode, ours.source, continuous_only, seasons)

    def _single_video(
        self, release: ReleaseName, ours: _ShowReading, seasons: set[int]
    ) -> Match | None:
        if not ours.identifying or len(seasons) > 1 or release.episode_range is not None:
            return None
        if release.episode not in (None, 1):
            return None
        return Match(ours.source, "the film itself" if release.movie else "the only episode")

    def _episode(
        self,
        release: ReleaseName,
        episode: int,
        source: str,
        continuous_only: bool,
        seasons: set[int],
    ) -> Match | None:
        continuous = {episode + offset for offset in self.offsets}
        allowed = continuous if continuous_only else {episode}
        if release.episode is not None:
            if release.episode in allowed:
                how = (
                    f"episode {release.episode} numbered on from earlier seasons is episode "
                    f"{episode}"
                    if release.episode != episode
                    else f"episode {episode} of season {self.season}"
                )
                return Match(source, how)
            if release.alt_episode is not None and release.alt_episode in continuous:
                return Match(source, f"absolute episode {release.alt_episode} is episode {episode}")
            return None
        if release.episode_range is not None:
            first, last = release.episode_range
            if self.show.episodes and not continuous_only and first > self.show.episodes:
                return None
            for number in sorted(allowed):
                if first <= number <= last:
                    return Match(source, f"batch {first}-{last} contains episode {episode}")
            return None
        # No number at all: a whole-season (or whole-show) batch.
        if continuous_only and not seasons:
            return None
        if len(seasons) > 1:
            return Match(source, f"multi-season batch with season {self.season}")
        return Match(source, f"whole-season batch of season {self.season}")


def _offsets(prequels: Iterable[Prequel]) -> list[int]:
    """Episodes of the nearest 1, 2, ... prequels, as long as their counts are known."""
    offsets: list[int] = []
    total = 0
    for prequel in prequels:
        if not prequel.episodes:
            break
        total += prequel.episodes
        offsets.append(total)
    return offsets


def _digits(words: str) -> list[str]:
    return [w for w in words.split() if w.isdigit()]


def _same_words(theirs: str, ours: str) -> bool:
    """Equal words, or nearly equal ones (a typo, a dropped particle) with the same numbers."""
    if theirs == ours:
        return True
    if min(len(theirs), len(ours)) < 8 or _digits(theirs) != _digits(ours):
        return False
    return SequenceMatcher(None, theirs, ours).ratio() >= 0.92
