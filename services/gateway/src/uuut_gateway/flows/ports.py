"""What the flows need from the services, as one port: the gateway implements it over gRPC
(grpc_services.py) with the caller's token; tests implement it in memory.

Every method acts for one caller, takes a timeout in seconds (`timeout_s`) and raises FlowError.
"""

from __future__ import annotations

from typing import Protocol

from uuutorrent.auth.v1 import auth_pb2
from uuutorrent.search.v1 import search_pb2
from uuutorrent.torrent.v1 import torrent_pb2
from uuutorrent.watchlist.v1 import watchlist_pb2


class Services(Protocol):
    async def media(self, media_id: int, timeout_s: float) -> watchlist_pb2.GetMediaDetailsResponse:
        """The caller's entry and the media's details; 404 when not on their CURRENT list."""
        ...

    async def current_list(self, timeout_s: float) -> list[watchlist_pb2.WatchlistEntry]:
        """The caller's CURRENT list."""
        ...

    async def preferences(self, timeout_s: float) -> auth_pb2.Preferences:
        """The caller's release preferences."""
        ...

    async def owned_torrents(self, timeout_s: float) -> list[torrent_pb2.Torrent]:
        """The caller's torrents, with the media and episode(s) each was taken for."""
        ...

    async def find_releases(
        self, request: search_pb2.FindReleasesRequest, timeout_s: float
    ) -> list[search_pb2.Candidate]:
        """Releases holding the episode, best first; 404 no_release when none."""
        ...

    async def add_torrent(
        self, request: torrent_pb2.AddTorrentRequest, timeout_s: float
    ) -> torrent_pb2.AddTorrentResponse:
        """Add (or re-own) a release for the caller; all or nothing."""
        ...
