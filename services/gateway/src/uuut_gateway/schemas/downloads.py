"""REST shapes of "download an episode" and "catch up" (API.md, Watchlist)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from uuut_gateway.flows import CaughtUp, Downloaded
from uuut_gateway.schemas.search import Candidate, Quality
from uuut_gateway.schemas.torrents import TorrentOut

_MAX_MEDIA_ID = 2**31 - 1
_MAX_EPISODE = 100_000


class DownloadIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    media_id: int = Field(gt=0, le=_MAX_MEDIA_ID)
    episode: int | None = Field(
        default=None, ge=1, le=_MAX_EPISODE, description="default: the one after your progress"
    )
    quality: Quality | None = Field(default=None, description="default: your preference")


class DownloadOut(BaseModel):
    torrent: TorrentOut
    release: Candidate | None = Field(
        description="the release picked; null when you already owned the episode (200)"
    )
    timings_ms: dict[str, float] = Field(
        description="per step: details, owned, preferences, search, add, total"
    )

    @classmethod
    def of(cls, downloaded: Downloaded) -> DownloadOut:
        return cls(
            torrent=TorrentOut.from_proto(downloaded.torrent),
            release=Candidate.from_proto(downloaded.release) if downloaded.release else None,
            timings_ms=downloaded.timings_ms,
        )


class CatchUpIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    media_id: int | None = Field(
        default=None, gt=0, le=_MAX_MEDIA_ID, description="default: the whole CURRENT list"
    )


class QueuedOut(BaseModel):
    media_id: int
    episode: int
    torrent: TorrentOut


class NotFoundOut(BaseModel):
    media_id: int
    episode: int
    detail: str


class CatchUpOut(BaseModel):
    queued: list[QueuedOut]
    not_found: list[NotFoundOut]

    @classmethod
    def of(cls, result: CaughtUp) -> CatchUpOut:
        return cls(
            queued=[
                QueuedOut(
                    media_id=q.media_id, episode=q.episode, torrent=TorrentOut.from_proto(q.torrent)
                )
                for q in result.queued
            ],
            not_found=[
                NotFoundOut(media_id=m.media_id, episode=m.episode, detail=m.detail)
                for m in result.not_found
            ],
        )
