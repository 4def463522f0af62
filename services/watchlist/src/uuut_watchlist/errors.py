"""The watchlist's domain errors; their reasons are what the gateway's error table maps."""

from __future__ import annotations

from uuut_kit.errors import (
    FailedPrecondition,
    InvalidArgument,
    NotFound,
    PermissionDenied,
    ResourceExhausted,
)


class AniListNotLinked(FailedPrecondition):
    reason = "ANILIST_NOT_LINKED"

    def __init__(self) -> None:
        super().__init__("no AniList account is linked; link one first")


class AniListRelink(InvalidArgument):
    """AniList refused the token (expired, revoked, or never valid)."""

    reason = "ANILIST_RELINK"

    def __init__(self, message: str = "AniList rejected the token; link AniList again") -> None:
        super().__init__(message)


class AniListNotConfigured(NotFound):
    reason = "ANILIST_NOT_CONFIGURED"

    def __init__(self) -> None:
        super().__init__("no AniList client id is configured on this server")


class AniListNotFound(NotFound):
    reason = "ANILIST_NOT_FOUND"


class MediaNotOnList(NotFound):
    reason = "MEDIA_NOT_ON_LIST"

    def __init__(self, media_id: int) -> None:
        super().__init__(f"media {media_id} is not on your AniList CURRENT list")


class ProgressOutOfRange(InvalidArgument):
    reason = "PROGRESS_OUT_OF_RANGE"


class UpstreamRateLimited(ResourceExhausted):
    def __init__(self, retry_after_s: int) -> None:
        super().__init__(
            f"too many requests to AniList; try again in {retry_after_s}s",
            retry_after_s=retry_after_s,
            reason="UPSTREAM_RATE_LIMITED",
        )


class NotAUser(PermissionDenied):
    def __init__(self) -> None:
        super().__init__("the watchlist belongs to users; this token names no user")
