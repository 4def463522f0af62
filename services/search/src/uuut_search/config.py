"""The search service's settings."""

from __future__ import annotations

from uuut_kit.settings import ServiceSettings

SERVICE = "search"


class SearchSettings(ServiceSettings):
    grpc_port: int = 50053
    ops_port: int = 50063
