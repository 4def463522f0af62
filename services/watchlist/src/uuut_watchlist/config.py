"""The watchlist service's settings."""

from __future__ import annotations

from uuut_kit.settings import ServiceSettings

SERVICE = "watchlist"


class WatchlistSettings(ServiceSettings):
    grpc_port: int = 50052
    ops_port: int = 50062
