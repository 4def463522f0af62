"""The flows' Services port over the gateway's gRPC clients, acting for one caller (their own
token goes in the metadata, as on every other route). The only module of the flows that
knows gRPC: a failed call becomes a FlowError through the gateway's one errors table."""

from __future__ import annotations

from collections.abc import Awaitable
from typing import TypeVar

import grpc

from uuut_gateway.clients import ServiceClients
from uuut_gateway.errors import from_rpc_error
from uuut_gateway.flows.errors import FlowError
from uuutorrent.auth.v1 import auth_pb2
from uuutorrent.search.v1 import search_pb2
from uuutorrent.torrent.v1 import torrent_pb2
from uuutorrent.watchlist.v1 import watchlist_pb2

T = TypeVar("T")


async def _call(service: str, rpc: Awaitable[T]) -> T:
    try:
        return await rpc
    except grpc.aio.AioRpcError as error:
        mapped = from_rpc_error(error, service)
        raise FlowError(mapped.status, mapped.code, mapped.detail, mapped.headers) from None


class GrpcServices:
    def __init__(self, clients: ServiceClients, metadata: tuple[tuple[str, str], ...]) -> None:
        self._clients = clients
        self._metadata = metadata

    async def media(self, media_id: int, timeout_s: float) -> watchlist_pb2.GetMediaDetailsResponse:
        request = watchlist_pb2.GetMediaDetailsRequest(media_id=media_id)
        return await _call(
            "watchlist",
            self._clients.watchlist.GetMediaDetails(
                request, metadata=self._metadata, timeout=timeout_s
            ),
        )

    async def current_list(self, timeout_s: float) -> list[watchlist_pb2.WatchlistEntry]:
        reply = await _call(
            "watchlist",
            self._clients.watchlist.ListWatchlist(
                watchlist_pb2.ListWatchlistRequest(), metadata=self._metadata, timeout=timeout_s
            ),
        )
        return list(reply.entries)

    async def preferences(self, timeout_s: float) -> auth_pb2.Preferences:
        reply = await _call(
            "auth",
            self._clients.auth.GetPreferences(
                auth_pb2.GetPreferencesRequest(), metadata=self._metadata, timeout=timeout_s
            ),
        )
        return reply.preferences

    async def owned_torrents(self, timeout_s: float) -> list[torrent_pb2.Torrent]:
        reply = await _call(
            "torrent",
            self._clients.torrent.ListTorrents(
                torrent_pb2.ListTorrentsRequest(), metadata=self._metadata, timeout=timeout_s
            ),
        )
        return list(reply.torrents)

    async def find_releases(
        self, request: search_pb2.FindReleasesRequest, timeout_s: float
    ) -> list[search_pb2.Candidate]:
        reply = await _call(
            "search",
            self._clients.search.FindReleases(request, metadata=self._metadata, timeout=timeout_s),
        )
        return list(reply.candidates)

    async def add_torrent(
        self, request: torrent_pb2.AddTorrentRequest, timeout_s: float
    ) -> torrent_pb2.AddTorrentResponse:
        return await _call(
            "torrent",
            self._clients.torrent.AddTorrent(request, metadata=self._metadata, timeout=timeout_s),
        )
