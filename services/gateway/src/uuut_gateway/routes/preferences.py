"""/api/v1/users/me/preferences: the caller's release preferences, kept by the auth service."""

from __future__ import annotations

from fastapi import APIRouter

from uuut_gateway.errors import call
from uuut_gateway.schemas.preferences import Preferences
from uuut_gateway.security import Clients, CurrentUser
from uuutorrent.auth.v1 import auth_pb2

router = APIRouter(prefix="/users/me/preferences", tags=["users"])


@router.get("")
async def get_preferences(user: CurrentUser, clients: Clients) -> Preferences:
    """Quality, preferred groups and trusted-only: the defaults until the caller sets them."""
    reply = await call(
        "auth",
        clients.auth.GetPreferences(auth_pb2.GetPreferencesRequest(), metadata=user.metadata),
    )
    return Preferences.from_proto(reply.preferences)


@router.put("")
async def put_preferences(body: Preferences, user: CurrentUser, clients: Clients) -> Preferences:
    """Replace the caller's preferences whole; the answer is what is now stored."""
    reply = await call(
        "auth",
        clients.auth.UpdatePreferences(
            auth_pb2.UpdatePreferencesRequest(preferences=body.to_proto()), metadata=user.metadata
        ),
    )
    return Preferences.from_proto(reply.preferences)
