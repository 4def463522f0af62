"""/api/v1/users/me: the caller's own account."""

from __future__ import annotations

from fastapi import APIRouter, Response, status

from uuut_gateway.clients import PASSWORD_HASHING_TIMEOUT_S
from uuut_gateway.errors import call
from uuut_gateway.schemas.users import AniListAccount, Me, PasswordChange
from uuut_gateway.security import Clients, CurrentUser
from uuutorrent.auth.v1 import auth_pb2
from uuutorrent.watchlist.v1 import watchlist_pb2

router = APIRouter(prefix="/users/me", tags=["users"])


@router.get("")
async def me(user: CurrentUser, clients: Clients) -> Me:
    # The AniList link is the watchlist service's: both are asked at once.
    link_call = clients.watchlist.GetAniListLink(
        watchlist_pb2.GetAniListLinkRequest(), metadata=user.metadata
    )
    try:
        reply = await call(
            "auth", clients.auth.GetMe(auth_pb2.GetMeRequest(), metadata=user.metadata)
        )
    except BaseException:
        link_call.cancel()
        raise
    link = await call("watchlist", link_call)
    found = reply.user
    return Me(
        id=found.id,
        username=found.username,
        role=user.role,
        totp_enabled=found.totp_enabled,
        anilist=(
            AniListAccount(user_id=link.account.user_id, username=link.account.username)
            if link.HasField("account")
            else None
        ),
    )


@router.post("/password", status_code=status.HTTP_204_NO_CONTENT)
async def change_password(body: PasswordChange, user: CurrentUser, clients: Clients) -> Response:
    await call(
        "auth",
        clients.auth.ChangePassword(
            auth_pb2.ChangePasswordRequest(
                current_password=body.current_password, new_password=body.new_password
            ),
            metadata=user.metadata,
            timeout=PASSWORD_HASHING_TIMEOUT_S,
        ),
    )
    return Response(status_code=status.HTTP_204_NO_CONTENT)
