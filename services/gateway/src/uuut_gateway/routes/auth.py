"""/api/v1/auth: signup, tokens, logout and the optional second factor."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request, Response, status

from uuut_gateway.clients import PASSWORD_HASHING_TIMEOUT_S
from uuut_gateway.errors import ApiError, call
from uuut_gateway.schemas.users import (
    Credentials,
    RefreshIn,
    TokenOut,
    TotpCode,
    TotpSetupOut,
    UserOut,
)
from uuut_gateway.security import Clients, CurrentUser
from uuutorrent.auth.v1 import auth_pb2

router = APIRouter(prefix="/auth", tags=["auth"])


@router.post("/signup", status_code=status.HTTP_201_CREATED)
async def signup(body: Credentials, clients: Clients) -> UserOut:
    reply = await call(
        "auth",
        clients.auth.Signup(
            auth_pb2.SignupRequest(username=body.username, password=body.password),
            timeout=PASSWORD_HASHING_TIMEOUT_S,
        ),
    )
    return UserOut.from_proto(reply.user)


@router.post("/token")
async def token(
    request: Request,
    clients: Clients,
    username: Annotated[str, Form(max_length=64)],
    password: Annotated[str, Form(max_length=1024)],
    otp: Annotated[str, Form(max_length=16)] = "",
    grant_type: Annotated[str | None, Form()] = None,
) -> TokenOut:
    """OAuth2 password grant."""
    if grant_type not in (None, "", "password"):
        raise ApiError(400, "unsupported_grant_type", "only the password grant is supported")
    reply = await call(
        "auth",
        clients.auth.Login(
            auth_pb2.LoginRequest(
                username=username,
                password=password,
                otp=otp,
                client_address=request.client.host if request.client else "",
            ),
            timeout=PASSWORD_HASHING_TIMEOUT_S,
        ),
    )
    return TokenOut.from_proto(reply.tokens)


@router.post("/refresh")
async def refresh(body: RefreshIn, clients: Clients) -> TokenOut:
    reply = await call(
        "auth", clients.auth.Refresh(auth_pb2.RefreshRequest(refresh_token=body.refresh_token))
    )
    return TokenOut.from_proto(reply.tokens)


@router.post("/logout", status_code=status.HTTP_204_NO_CONTENT)
async def logout(request: Request, user: CurrentUser, clients: Clients) -> Response:
    await call("auth", clients.auth.Logout(auth_pb2.LogoutRequest(), metadata=user.metadata))
    request.app.state.authenticator.forget(user.caller.session_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post("/totp/setup")
async def totp_setup(user: CurrentUser, clients: Clients) -> TotpSetupOut:
    reply = await call(
        "auth", clients.auth.SetupTotp(auth_pb2.SetupTotpRequest(), metadata=user.metadata)
    )
    return TotpSetupOut(secret=reply.secret, otpauth_url=reply.otpauth_url)


@router.post("/totp/enable", status_code=status.HTTP_204_NO_CONTENT)
async def totp_enable(body: TotpCode, user: CurrentUser, clients: Clients) -> Response:
    await call(
        "auth",
        clients.auth.EnableTotp(auth_pb2.EnableTotpRequest(code=body.code), metadata=user.metadata),
    )
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post("/totp/disable", status_code=status.HTTP_204_NO_CONTENT)
async def totp_disable(body: TotpCode, user: CurrentUser, clients: Clients) -> Response:
    await call(
        "auth",
        clients.auth.DisableTotp(
            auth_pb2.DisableTotpRequest(code=body.code), metadata=user.metadata
        ),
    )
    return Response(status_code=status.HTTP_204_NO_CONTENT)
