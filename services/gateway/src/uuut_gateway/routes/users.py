"""/api/v1/users/me: the caller's own account."""

from __future__ import annotations

from fastapi import APIRouter, Response, status

from uuut_gateway.errors import call
from uuut_gateway.schemas.users import Me, PasswordChange
from uuut_gateway.security import Clients, CurrentUser
from uuutorrent.auth.v1 import auth_pb2

router = APIRouter(prefix="/users/me", tags=["users"])


@router.get("")
async def me(user: CurrentUser, clients: Clients) -> Me:
    reply = await call("auth", clients.auth.GetMe(auth_pb2.GetMeRequest(), metadata=user.metadata))
    found = reply.user
    # The AniList link is the watchlist service's; it joins this answer with that service.
    return Me(
        id=found.id,
        username=found.username,
        role=user.role,
        totp_enabled=found.totp_enabled,
        anilist=None,
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
        ),
    )
    return Response(status_code=status.HTTP_204_NO_CONTENT)
