"""Builds the torrent service's runtime: database, servicer, readiness."""

from __future__ import annotations

from functools import partial
from pathlib import Path

from uuut_kit.db import open_database, ping
from uuut_kit.server import GrpcService, ServiceRuntime, keys_published
from uuut_torrent.config import SERVICE, TorrentSettings
from uuut_torrent.servicer import TorrentServicer
from uuutorrent.torrent.v1 import torrent_pb2, torrent_pb2_grpc

MIGRATIONS = Path(__file__).parent / "migrations"
FULL_NAME = torrent_pb2.DESCRIPTOR.services_by_name["TorrentService"].full_name


async def build(settings: TorrentSettings) -> ServiceRuntime:
    engine = await open_database(settings.service_database_url, SERVICE, MIGRATIONS)
    servicer = TorrentServicer()
    return ServiceRuntime(
        name=SERVICE,
        settings=settings,
        services=[
            GrpcService(
                FULL_NAME, partial(torrent_pb2_grpc.add_TorrentServiceServicer_to_server, servicer)
            )
        ],
        checks={"database": partial(ping, engine), "keys": keys_published(settings.jwks_path)},
        on_stop=[engine.dispose],
    )
