"""REST shapes of Nyaa search results: API.md's `<candidate>` (the contract, not the protos)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Literal

from pydantic import BaseModel

from uuutorrent.search.v1 import search_pb2

Quality = Literal["480p", "720p", "1080p", "2160p"]
QUALITY_TO_PROTO = {
    "480p": search_pb2.QUALITY_480P,
    "720p": search_pb2.QUALITY_720P,
    "1080p": search_pb2.QUALITY_1080P,
    "2160p": search_pb2.QUALITY_2160P,
}


class ParsedRelease(BaseModel):
    """What the search service read from the release name."""

    title: str
    episode: int | None
    season: int | None
    resolution: str | None  # "1080p"
    group: str | None
    batch: bool
    version: int | None


class Candidate(BaseModel):
    """One Nyaa release; `title`, counts and flags are Nyaa's, verbatim."""

    title: str
    info_hash: str
    magnet: str
    torrent_url: str
    size_bytes: int
    seeders: int
    leechers: int
    downloads: int
    trusted: bool
    remake: bool
    published_at: datetime
    parsed: ParsedRelease
    score: float
    reasons: list[str]

    @classmethod
    def from_proto(cls, candidate: search_pb2.Candidate) -> Candidate:
        parsed = candidate.parsed

        def optional(name: str) -> int | str | None:
            return getattr(parsed, name) if parsed.HasField(name) else None

        return cls(
            title=candidate.title,
            info_hash=candidate.info_hash,
            magnet=candidate.magnet,
            torrent_url=candidate.torrent_url,
            size_bytes=candidate.size_bytes,
            seeders=candidate.seeders,
            leechers=candidate.leechers,
            downloads=candidate.downloads,
            trusted=candidate.trusted,
            remake=candidate.remake,
            published_at=candidate.published_at.ToDatetime(tzinfo=UTC),
            parsed=ParsedRelease(
                title=parsed.title,
                episode=optional("episode"),  # type: ignore[arg-type]
                season=optional("season"),  # type: ignore[arg-type]
                resolution=f"{parsed.resolution}p" if parsed.HasField("resolution") else None,
                group=optional("group"),  # type: ignore[arg-type]
                batch=parsed.batch,
                version=optional("version"),  # type: ignore[arg-type]
            ),
            score=candidate.score,
            reasons=list(candidate.reasons),
        )


class SearchResults(BaseModel):
    candidates: list[Candidate]
