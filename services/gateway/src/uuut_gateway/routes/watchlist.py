"""/api/v1/watchlist: the caller's AniList CURRENT list and their progress in it."""

from __future__ import annotations

from fastapi import APIRouter

from uuut_gateway.errors import call
from uuut_gateway.routes.anilist import ANILIST_CALL_TIMEOUT_S
from uuut_gateway.schemas.watchlist import ProgressIn, WatchlistEntryOut, WatchlistOut
from uuut_gateway.security import Clients, CurrentUser
from uuutorrent.watchlist.v1 import watchlist_pb2 as pb

router = APIRouter(prefix="/watchlist", tags=["watchlist"])


@router.get("")
async def watchlist(user: CurrentUser, clients: Clients) -> WatchlistOut:
    """The caller's anime with status CURRENT, custom lists included, each once."""
    reply = await call(
        "watchlist",
        clients.watchlist.ListWatchlist(
            pb.ListWatchlistRequest(), metadata=user.metadata, timeout=ANILIST_CALL_TIMEOUT_S
        ),
    )
    return WatchlistOut(entries=[WatchlistEntryOut.from_proto(e) for e in reply.entries])


@router.post("/progress")
async def progress(body: ProgressIn, user: CurrentUser, clients: Clients) -> WatchlistEntryOut:
    """Set how many episodes the caller watched; the updated entry."""
    reply = await call(
        "watchlist",
        clients.watchlist.UpdateProgress(
            pb.UpdateProgressRequest(media_id=body.media_id, progress=body.progress),
            metadata=user.metadata,
            timeout=ANILIST_CALL_TIMEOUT_S,
        ),
    )
    return WatchlistEntryOut.from_proto(reply.entry)
