"""gRPC adapter of the watchlist service: proto in, domain call, proto out."""

from __future__ import annotations

from typing import Any

from uuut_kit.context import caller
from uuut_watchlist import convert
from uuut_watchlist.errors import NotAUser
from uuut_watchlist.service import WatchlistService
from uuutorrent.watchlist.v1 import watchlist_pb2 as pb
from uuutorrent.watchlist.v1 import watchlist_pb2_grpc


def _user_id() -> int:
    """The calling user's id; an operator's service token has none and may not act here."""
    user_id = caller().user_id
    if user_id is None:
        raise NotAUser()
    return user_id


class WatchlistServicer(watchlist_pb2_grpc.WatchlistServiceServicer):
    def __init__(self, service: WatchlistService) -> None:
        self._service = service

    async def LinkAniList(self, request: pb.LinkAniListRequest, context: Any) -> Any:
        found = await self._service.link(_user_id(), request.access_token)
        return pb.LinkAniListResponse(account=convert.account(found))

    async def UnlinkAniList(self, request: pb.UnlinkAniListRequest, context: Any) -> Any:
        await self._service.unlink(_user_id())
        return pb.UnlinkAniListResponse()

    async def GetAniListLink(self, request: pb.GetAniListLinkRequest, context: Any) -> Any:
        found = await self._service.linked_account(_user_id())
        return pb.GetAniListLinkResponse(account=convert.account(found) if found else None)

    async def GetAuthorizeUrl(self, request: pb.GetAuthorizeUrlRequest, context: Any) -> Any:
        _user_id()
        return pb.GetAuthorizeUrlResponse(url=self._service.authorize_url())

    async def ListWatchlist(self, request: pb.ListWatchlistRequest, context: Any) -> Any:
        entries = await self._service.watchlist(_user_id())
        return pb.ListWatchlistResponse(entries=[convert.entry(e) for e in entries])

    async def UpdateProgress(self, request: pb.UpdateProgressRequest, context: Any) -> Any:
        updated = await self._service.update_progress(
            _user_id(), request.media_id, request.progress
        )
        return pb.UpdateProgressResponse(entry=convert.entry(updated))

    async def GetMediaDetails(self, request: pb.GetMediaDetailsRequest, context: Any) -> Any:
        entry, details = await self._service.media_details(_user_id(), request.media_id)
        return pb.GetMediaDetailsResponse(
            entry=convert.entry(entry), details=convert.details(details)
        )
