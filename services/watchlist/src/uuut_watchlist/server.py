"""Builds the watchlist service's runtime: database, servicer, readiness."""

from __future__ import annotations

from functools import partial
from pathlib import Path

from uuut_kit.db import open_database, ping
from uuut_kit.server import GrpcService, ServiceRuntime, keys_published
from uuut_watchlist.config import SERVICE, WatchlistSettings
from uuut_watchlist.servicer import WatchlistServicer
from uuutorrent.watchlist.v1 import watchlist_pb2, watchlist_pb2_grpc

MIGRATIONS = Path(__file__).parent / "migrations"
FULL_NAME = watchlist_pb2.DESCRIPTOR.services_by_name["WatchlistService"].full_name


async def build(settings: WatchlistSettings) -> ServiceRuntime:
    engine = await open_database(settings.service_database_url, SERVICE, MIGRATIONS)
    servicer = WatchlistServicer()
    return ServiceRuntime(
        name=SERVICE,
        settings=settings,
        services=[
            GrpcService(
                FULL_NAME,
                partial(watchlist_pb2_grpc.add_WatchlistServiceServicer_to_server, servicer),
            )
        ],
        checks={"database": partial(ping, engine), "keys": keys_published(settings.jwks_path)},
        on_stop=[engine.dispose],
    )
