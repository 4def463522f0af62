"""/api/v1/auth/anilist: link the caller's AniList account, unlink it, the authorize URL."""

from __future__ import annotations

from fastapi import APIRouter, Response, status

from uuut_gateway.errors import call
from uuut_gateway.schemas.users import AniListAccount
from uuut_gateway.schemas.watchlist import AniListLinkIn, AuthorizeUrlOut
from uuut_gateway.security import Clients, CurrentUser
from uuutorrent.watchlist.v1 import watchlist_pb2 as pb

router = APIRouter(prefix="/auth/anilist", tags=["anilist"])

# Calls that reach AniList may wait for its rate limiter and retry: more than the 5 s default.
ANILIST_CALL_TIMEOUT_S = 10.0


@router.post("/link")
async def link(body: AniListLinkIn, user: CurrentUser, clients: Clients) -> AniListAccount:
    """Link an AniList account with an access token from AniList's authorize page."""
    reply = await call(
        "watchlist",
        clients.watchlist.LinkAniList(
            pb.LinkAniListRequest(access_token=body.access_token),
            metadata=user.metadata,
            timeout=ANILIST_CALL_TIMEOUT_S,
        ),
    )
    return AniListAccount(user_id=reply.account.user_id, username=reply.account.username)


@router.delete("/link", status_code=status.HTTP_204_NO_CONTENT)
async def unlink(user: CurrentUser, clients: Clients) -> Response:
    await call(
        "watchlist",
        clients.watchlist.UnlinkAniList(pb.UnlinkAniListRequest(), metadata=user.metadata),
    )
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/authorize-url")
async def authorize_url(user: CurrentUser, clients: Clients) -> AuthorizeUrlOut:
    """Where to approve this server on AniList; the token comes back in the URL fragment."""
    reply = await call(
        "watchlist",
        clients.watchlist.GetAuthorizeUrl(pb.GetAuthorizeUrlRequest(), metadata=user.metadata),
    )
    return AuthorizeUrlOut(url=reply.url)
