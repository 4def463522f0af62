"""The torrent service's settings."""

from __future__ import annotations

from uuut_kit.settings import ServiceSettings

SERVICE = "torrent"


class TorrentSettings(ServiceSettings):
    grpc_port: int = 50054
    ops_port: int = 50064
