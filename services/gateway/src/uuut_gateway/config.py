"""The gateway's settings."""

from __future__ import annotations

from pydantic import Field

from uuut_kit.settings import KitSettings


class GatewaySettings(KitSettings):
    bind: str = "127.0.0.1"
    gateway_port: int = 8000
    auth_target: str = "127.0.0.1:50051"
    watchlist_target: str = "127.0.0.1:50052"
    search_target: str = "127.0.0.1:50053"
    torrent_target: str = "127.0.0.1:50054"
    max_body_bytes: int = 1024 * 1024
    cors_origins: list[str] = Field(default_factory=list, description="empty: CORS off")
    forwarded_allow_ips: str = Field(
        default="127.0.0.1", description="proxies whose X-Forwarded-For names the client"
    )
    session_cache_s: float = Field(default=1.0, le=1.0)
    # While the auth service is unreachable, a login checked this recently still counts.
    session_stale_if_error_s: float = 30.0
