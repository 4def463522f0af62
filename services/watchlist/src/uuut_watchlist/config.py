"""The watchlist service's settings."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, model_validator

from uuut_kit.settings import ServiceSettings

SERVICE = "watchlist"


class WatchlistSettings(ServiceSettings):
    grpc_port: int = 50052
    ops_port: int = 50062
    anilist_url: str = "https://graphql.anilist.co"
    anilist_client_id: str | None = Field(
        default=None, description="AniList API client id, for the authorize URL"
    )
    anilist_authorize_url: str = "https://anilist.co/api/v2/oauth/authorize"
    token_keys_path: Path | None = Field(
        default=None,
        description="key ring for AniList tokens at rest (default data_dir/watchlist/token-keys)",
    )
    # Every AniList call fits in this budget (limiter wait, retries and backoff included); the
    # gateway gives watchlist calls a little more.
    anilist_budget_s: float = Field(default=8.0, gt=0)
    anilist_attempt_timeout_s: float = Field(default=4.0, gt=0)
    anilist_retries: int = Field(default=2, ge=0, le=5)
    anilist_backoff_s: float = Field(default=0.2, ge=0)
    # AniList allows 30 a minute (degraded from 90) plus an unspecified burst limit: stay under.
    anilist_requests_per_minute: int = Field(default=25, ge=1)
    anilist_max_limiter_wait_s: float = Field(default=3.0, ge=0)
    anilist_breaker_failures: int = Field(default=5, ge=1)
    anilist_breaker_reset_s: float = Field(default=30.0, gt=0)
    list_cache_s: float = Field(default=30.0, ge=0)
    media_cache_s: float = Field(default=6 * 3600.0, ge=0)

    @model_validator(mode="after")
    def _default_token_keys_path(self) -> WatchlistSettings:
        if self.token_keys_path is None:
            object.__setattr__(self, "token_keys_path", self.data_dir / SERVICE / "token-keys")
        return self

    @property
    def token_keys(self) -> Path:
        assert self.token_keys_path is not None
        return self.token_keys_path
