"""What the watchlist is made of: anime, the caller's entries, and the contract's formulas."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

# Formats whose episodes number on from their prequel's (absolute numbering runs across them).
SERIES_FORMATS = frozenset({"TV", "TV_SHORT", "ONA"})
# A show with one of these statuses has aired every episode it ever will.
ENDED_STATUSES = frozenset({"FINISHED", "CANCELLED"})


@dataclass(frozen=True, slots=True)
class NextAiring:
    """The next scheduled episode and when it airs (UTC)."""

    episode: int
    airing_at: datetime


@dataclass(frozen=True, slots=True)
class Media:
    """An anime as AniList describes it."""

    id: int
    title_romaji: str
    title_english: str | None = None
    title_native: str | None = None
    synonyms: tuple[str, ...] = ()
    format: str | None = None
    status: str | None = None
    episodes: int | None = None
    season: str | None = None
    season_year: int | None = None
    next_airing: NextAiring | None = None
    cover_url: str | None = None

    @property
    def title(self) -> str:
        """The title to show: English when there is one, else romaji."""
        return self.title_english or self.title_romaji

    @property
    def latest_aired_episode(self) -> int | None:
        """The next scheduled episode minus one; else all of an ended show; else unknown."""
        if self.next_airing is not None:
            return self.next_airing.episode - 1
        if self.status in ENDED_STATUSES:
            return self.episodes
        return None


@dataclass(frozen=True, slots=True)
class Entry:
    """One anime of a user's list and how far they are in it."""

    media: Media
    progress: int
    list_status: str

    @property
    def next_episode(self) -> int | None:
        """progress + 1 when that episode has aired, else None."""
        latest = self.media.latest_aired_episode
        if latest is not None and self.progress + 1 <= latest:
            return self.progress + 1
        return None

    @property
    def next_episode_available(self) -> bool:
        return self.next_episode is not None

    def with_progress(self, progress: int, list_status: str) -> Entry:
        return replace(self, progress=progress, list_status=list_status)


@dataclass(frozen=True, slots=True)
class Relation:
    """A related anime and how it relates (PREQUEL, SEQUEL, SIDE_STORY...)."""

    relation_type: str
    media: Media
    relations: tuple[Relation, ...] | None = None  # None: not fetched


@dataclass(frozen=True, slots=True)
class Prequel:
    """A show before this one in its PREQUEL chain; distance 1 is the direct prequel."""

    media: Media
    distance: int


@dataclass(frozen=True, slots=True)
class MediaDetails:
    """Everything about one anime that helps to recognise its releases."""

    media: Media
    prequels: tuple[Prequel, ...]

    @property
    def episode_offset(self) -> int | None:
        """Episodes of the earlier seasons of the same series, or None when one is unknown.

        Absolute episode N of a release is this season's episode N - offset. Only series
        formats count: a film between two seasons does not shift the numbering.
        """
        if self.media.format not in SERIES_FORMATS:
            return 0
        total = 0
        for prequel in self.prequels:
            if prequel.media.format in SERIES_FORMATS:
                if prequel.media.episodes is None:
                    return None
                total += prequel.media.episodes
        return total


def pick_prequel(relations: tuple[Relation, ...]) -> Relation | None:
    """The prequel the series continues from: a series-format one when there is, latest first."""
    prequels = [r for r in relations if r.relation_type == "PREQUEL"]
    if not prequels:
        return None
    series = [r for r in prequels if r.media.format in SERIES_FORMATS] or prequels
    return max(series, key=lambda r: (r.media.season_year or 0, r.media.id))


@dataclass(frozen=True, slots=True)
class AniListAccount:
    """An AniList user as its Viewer query names them."""

    user_id: int
    username: str
