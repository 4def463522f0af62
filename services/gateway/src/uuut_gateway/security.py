"""Who is asking: the bearer token checked locally, then the login checked with the auth service.

The signature, expiry and claims are verified here with the published keys; whether the login
is still active (not logged out, account not disabled or deleted) and the current role come
from the auth service, cached for at most a second so revocation takes effect within one.
"""

from __future__ import annotations

import asyncio
import time
from collections import OrderedDict
from dataclasses import dataclass
from typing import Annotated

import grpc
from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from uuut_gateway.clients import ServiceClients
from uuut_gateway.config import GatewaySettings
from uuut_gateway.errors import ApiError, from_rpc_error, unauthorized
from uuut_gateway.schemas.users import ROLE_FROM_PROTO, Role
from uuut_kit.tokens import Caller, InvalidToken, TokenVerifier
from uuutorrent.auth.v1 import auth_pb2

_MAX_CACHED_SESSIONS = 10_000


@dataclass(frozen=True, slots=True)
class SessionState:
    active: bool
    role: Role
    disabled: bool
    checked_at: float


class SessionCache:
    """Bounded, short-lived memory of CheckSession answers, by login id."""

    def __init__(self, ttl_s: float, stale_if_error_s: float) -> None:
        self._ttl_s = ttl_s
        self._stale_if_error_s = stale_if_error_s
        self._entries: OrderedDict[str, SessionState] = OrderedDict()

    def fresh(self, session_id: str) -> SessionState | None:
        state = self._entries.get(session_id)
        if state and time.monotonic() - state.checked_at < self._ttl_s:
            return state
        return None

    def stale(self, session_id: str) -> SessionState | None:
        state = self._entries.get(session_id)
        if state and time.monotonic() - state.checked_at < self._stale_if_error_s:
            return state
        return None

    def remember(self, session_id: str, active: bool, role: Role, disabled: bool) -> SessionState:
        state = SessionState(active, role, disabled, time.monotonic())
        self._entries[session_id] = state
        self._entries.move_to_end(session_id)
        while len(self._entries) > _MAX_CACHED_SESSIONS:
            self._entries.popitem(last=False)
        return state

    def forget(self, session_id: str) -> None:
        self._entries.pop(session_id, None)


@dataclass(frozen=True, slots=True)
class Principal:
    """The caller of a gateway request, with what to forward to the services."""

    caller: Caller
    role: Role

    @property
    def user_id(self) -> int:
        assert self.caller.user_id is not None
        return self.caller.user_id

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    @property
    def metadata(self) -> tuple[tuple[str, str], ...]:
        """gRPC metadata carrying the caller's own token, checked again by each service."""
        return (("authorization", f"Bearer {self.caller.token}"),)


class Authenticator:
    def __init__(self, settings: GatewaySettings, clients: ServiceClients) -> None:
        self._verifier = TokenVerifier(settings.jwks_path)
        self._sessions = SessionCache(settings.session_cache_s, settings.session_stale_if_error_s)
        self._clients = clients
        self._checking: dict[str, asyncio.Future[SessionState]] = {}

    async def authenticate(self, authorization: str | None) -> Principal:
        scheme, _, token = (authorization or "").partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise unauthorized("missing bearer token")
        try:
            caller = self._verifier.verify(token.strip())
        except InvalidToken as exc:
            raise unauthorized(str(exc)) from None
        if caller.user_id is None or not caller.session_id:
            raise unauthorized("this token is not a user's access token")
        state = self._sessions.fresh(caller.session_id) or await self._check_once(caller)
        if state.disabled:
            raise unauthorized("this account is disabled", code="account_disabled")
        if not state.active:
            raise unauthorized("this login has ended; log in again")
        return Principal(caller=caller, role=state.role)

    async def _check_once(self, caller: Caller) -> SessionState:
        """One CheckSession per login at a time: when its cached answer expires under load,
        the requests that arrive meanwhile wait for the same answer, not a call each."""
        session_id = caller.session_id
        pending = self._checking.get(session_id)
        if pending is None:
            pending = asyncio.ensure_future(self._check(caller))
            self._checking[session_id] = pending
            pending.add_done_callback(lambda done: self._checked(session_id, done))
        # Shielded: a caller that goes away does not cancel the others' answer.
        return await asyncio.shield(pending)

    def _checked(self, session_id: str, done: asyncio.Future[SessionState]) -> None:
        self._checking.pop(session_id, None)
        if not done.cancelled():
            done.exception()  # retrieved, even when every caller has gone away

    async def _check(self, caller: Caller) -> SessionState:
        try:
            reply = await self._clients.auth.CheckSession(
                auth_pb2.CheckSessionRequest(),
                metadata=(("authorization", f"Bearer {caller.token}"),),
            )
        except grpc.aio.AioRpcError as error:
            stale = self._sessions.stale(caller.session_id)
            if stale is not None and error.code() in (
                grpc.StatusCode.UNAVAILABLE,
                grpc.StatusCode.DEADLINE_EXCEEDED,
            ):
                return stale
            raise from_rpc_error(error, "auth") from None
        return self._sessions.remember(
            caller.session_id,
            reply.active,
            ROLE_FROM_PROTO.get(reply.role, "user"),
            reply.account_disabled,
        )

    def forget(self, session_id: str) -> None:
        """Drop a login from the cache at once (logout)."""
        self._sessions.forget(session_id)


_bearer = HTTPBearer(auto_error=False, description="an access token from /api/v1/auth/token")


async def _current_principal(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Principal:
    authenticator: Authenticator = request.app.state.authenticator
    header = f"Bearer {credentials.credentials}" if credentials else None
    return await authenticator.authenticate(header)


async def _current_admin(principal: Annotated[Principal, Depends(_current_principal)]) -> Principal:
    if not principal.is_admin:
        raise ApiError(403, "forbidden", "this needs an administrator")
    return principal


async def _clients(request: Request) -> ServiceClients:  # async: a plain def runs in a thread
    return request.app.state.clients


CurrentUser = Annotated[Principal, Depends(_current_principal)]
CurrentAdmin = Annotated[Principal, Depends(_current_admin)]
Clients = Annotated[ServiceClients, Depends(_clients)]
