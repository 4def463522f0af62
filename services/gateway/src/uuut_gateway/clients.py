"""The gateway's gRPC stubs, one channel per service, opened with the app and closed with it."""

from __future__ import annotations

from dataclasses import dataclass

import grpc
from grpc_health.v1 import health_pb2, health_pb2_grpc

from uuut_gateway.config import GatewaySettings
from uuut_kit.channels import create_channel
from uuutorrent.auth.v1 import auth_pb2_grpc
from uuutorrent.search.v1 import search_pb2_grpc
from uuutorrent.torrent.v1 import torrent_pb2, torrent_pb2_grpc
from uuutorrent.watchlist.v1 import watchlist_pb2_grpc

HEALTH_TIMEOUT_S = 1.0
# Calls that hash a password wait their turn in auth's bcrypt pool: under a burst of logins
# that queue, not the default 5 s deadline, decides how long they take.
PASSWORD_HASHING_TIMEOUT_S = 20.0
_LIST_TORRENTS = "/{}/ListTorrents".format(
    torrent_pb2.DESCRIPTOR.services_by_name["TorrentService"].full_name
)


@dataclass
class ServiceClients:
    channels: dict[str, grpc.aio.Channel]
    auth: auth_pb2_grpc.AuthServiceStub
    watchlist: watchlist_pb2_grpc.WatchlistServiceStub
    search: search_pb2_grpc.SearchServiceStub
    torrent: torrent_pb2_grpc.TorrentServiceStub
    # ListTorrents answering its serialized bytes (no deserializer): GET /torrents writes its
    # JSON from them, and keeps it while they do not change.
    list_torrents_bytes: grpc.aio.UnaryUnaryMultiCallable

    @classmethod
    def connect(cls, settings: GatewaySettings) -> ServiceClients:
        channels = {
            "auth": create_channel(settings.auth_target),
            "watchlist": create_channel(settings.watchlist_target),
            "search": create_channel(settings.search_target),
            "torrent": create_channel(settings.torrent_target),
        }
        return cls(
            channels=channels,
            auth=auth_pb2_grpc.AuthServiceStub(channels["auth"]),
            watchlist=watchlist_pb2_grpc.WatchlistServiceStub(channels["watchlist"]),
            search=search_pb2_grpc.SearchServiceStub(channels["search"]),
            torrent=torrent_pb2_grpc.TorrentServiceStub(channels["torrent"]),
            list_torrents_bytes=channels["torrent"].unary_unary(
                _LIST_TORRENTS,
                request_serializer=torrent_pb2.ListTorrentsRequest.SerializeToString,
            ),
        )

    async def health(self, service: str) -> None:
        """Raise unless the service answers SERVING."""
        stub = health_pb2_grpc.HealthStub(self.channels[service])
        reply = await stub.Check(health_pb2.HealthCheckRequest(), timeout=HEALTH_TIMEOUT_S)
        if reply.status != health_pb2.HealthCheckResponse.SERVING:
            raise ConnectionError(f"{service} is not serving")

    async def close(self) -> None:
        for channel in self.channels.values():
            await channel.close()
