"""REST shapes of the AniList link and the watchlist (API.md "AniList link", "Watchlist")."""

from __future__ import annotations

from datetime import UTC, datetime

from pydantic import BaseModel, Field

from uuutorrent.watchlist.v1 import watchlist_pb2 as pb

# int32 on the wire: a bigger number is a schema error (422), not a crash.
_MAX_PROGRESS = 100_000
_MAX_MEDIA_ID = 2**31 - 1


class AniListLinkIn(BaseModel):
    access_token: str = Field(min_length=1, max_length=8192)


class AuthorizeUrlOut(BaseModel):
    url: str


class ProgressIn(BaseModel):
    media_id: int = Field(gt=0, le=_MAX_MEDIA_ID)
    progress: int = Field(ge=0, le=_MAX_PROGRESS)


def _enum_name(enum: type, prefix: str, value: int) -> str | None:
    """AniList's own name for a proto enum value ("TV", "RELEASING"); None when unknown."""
    name = enum.Name(value)  # type: ignore[attr-defined]
    return None if name.endswith("_UNSPECIFIED") else name.removeprefix(prefix)


class WatchlistEntryOut(BaseModel):
    media_id: int
    title: str
    title_romaji: str
    title_english: str | None
    synonyms: list[str]
    format: str | None
    status: str | None
    progress: int
    total_episodes: int | None
    latest_aired_episode: int | None
    next_episode: int | None
    next_episode_available: bool
    next_airing_at: datetime | None
    cover_url: str | None

    @classmethod
    def from_proto(cls, entry: pb.WatchlistEntry) -> WatchlistEntryOut:
        def optional(field: str) -> int | str | None:
            return getattr(entry, field) if entry.HasField(field) else None

        next_episode = optional("next_episode")
        return cls(
            media_id=entry.media_id,
            title=entry.title,
            title_romaji=entry.title_romaji,
            title_english=optional("title_english"),  # type: ignore[arg-type]
            synonyms=list(entry.synonyms),
            format=_enum_name(pb.MediaFormat, "MEDIA_FORMAT_", entry.format),
            status=_enum_name(pb.MediaStatus, "MEDIA_STATUS_", entry.status),
            progress=entry.progress,
            total_episodes=optional("total_episodes"),  # type: ignore[arg-type]
            latest_aired_episode=optional("latest_aired_episode"),  # type: ignore[arg-type]
            next_episode=next_episode,  # type: ignore[arg-type]
            next_episode_available=next_episode is not None,
            next_airing_at=(
                entry.next_airing_at.ToDatetime(tzinfo=UTC)
                if entry.HasField("next_airing_at")
                else None
            ),
            cover_url=optional("cover_url"),  # type: ignore[arg-type]
        )


class WatchlistOut(BaseModel):
    entries: list[WatchlistEntryOut]
