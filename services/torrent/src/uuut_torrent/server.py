"""Builds the torrent service's runtime: database, qBittorrent, mirror, servicer, readiness."""

from __future__ import annotations

from functools import partial
from pathlib import Path
from urllib.parse import urlsplit

from uuut_kit.db import open_database
from uuut_kit.server import GrpcService, ServiceRuntime, keys_published
from uuut_torrent.config import SERVICE, TorrentSettings
from uuut_torrent.fetch import TorrentFetcher
from uuut_torrent.mirror import Mirror
from uuut_torrent.qbittorrent import QbittorrentClient
from uuut_torrent.reconcile import Reconciler
from uuut_torrent.service import TorrentService
from uuut_torrent.servicer import TorrentServicer
from uuut_torrent.views import TransferHints
from uuutorrent.torrent.v1 import torrent_pb2, torrent_pb2_grpc

MIGRATIONS = Path(__file__).parent / "migrations"
FULL_NAME = torrent_pb2.DESCRIPTOR.services_by_name["TorrentService"].full_name


async def build(settings: TorrentSettings) -> ServiceRuntime:
    database = await open_database(settings.service_database_url, SERVICE, MIGRATIONS)
    qbittorrent = QbittorrentClient(
        settings.qbittorrent_url,
        settings.qbittorrent_username,
        settings.qbittorrent_password.get_secret_value(),
        timeout_s=settings.qbittorrent_timeout_s,
    )
    fetcher = TorrentFetcher(
        urlsplit(settings.nyaa_url).hostname,
        max_bytes=settings.torrent_file_max_bytes,
        timeout_s=settings.torrent_file_timeout_s,
    )
    mirror = Mirror(
        qbittorrent.maindata, poll_s=settings.mirror_poll_s, idle_s=settings.mirror_idle_s
    )
    service = TorrentService(
        database,
        qbittorrent,
        fetcher,
        mirror,
        TransferHints(settings.public_host, settings.ssh_user, settings.host_downloads_dir),
    )
    reconciler = Reconciler(database, qbittorrent, settings.reconcile_interval_s, service.owned)
    reconciler.start()
    servicer = TorrentServicer(service)
    return ServiceRuntime(
        name=SERVICE,
        settings=settings,
        services=[
            GrpcService(
                FULL_NAME, partial(torrent_pb2_grpc.add_TorrentServiceServicer_to_server, servicer)
            )
        ],
        checks={
            "database": database.ping,
            "keys": keys_published(settings.jwks_path),
            "qbittorrent": qbittorrent.ping,
        },
        on_stop=[reconciler.stop, mirror.stop, fetcher.close, qbittorrent.close, database.close],
    )
