"""/api/v1/torrents: the caller's torrents in qBittorrent, the admin view, the event stream."""

from __future__ import annotations

import asyncio
import json
import re
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Annotated

import grpc
from fastapi import APIRouter, Path, Query, Request, Response, status
from fastapi.responses import StreamingResponse

from uuut_gateway.errors import ApiError, call, from_rpc_error
from uuut_gateway.schemas.torrents import (
    NewTorrent,
    OwnedTorrentList,
    OwnedTorrentOut,
    TorrentDetails,
    TorrentList,
    TorrentListJson,
    TorrentOut,
)
from uuut_gateway.security import Authenticator, Clients, CurrentAdmin, CurrentUser, Principal
from uuut_kit.logging import get_logger
from uuutorrent.auth.v1 import auth_pb2
from uuutorrent.torrent.v1 import torrent_pb2

log = get_logger(__name__)
router = APIRouter(prefix="/torrents", tags=["torrents"])

PING_INTERVAL_S = 15.0
# How often an open event stream asks again whether its login still stands. The answer is
# cached for at most a second, so a logout or a disabled account ends the stream within
# about 1.5 s.
SESSION_CHECK_S = 0.5
_HASH = re.compile(r"[0-9a-fA-F]{40}|[0-9a-fA-F]{64}")
# Each user's last list and its JSON: an unchanged list is neither parsed nor converted again.
_LISTS = TorrentListJson()


def _hash(value: str) -> str:
    # The contract: a hash that is not 40 or 64 hex digits is simply not found.
    if not _HASH.fullmatch(value):
        raise ApiError(404, "not_found", "no such torrent")
    return value.lower()


TorrentHash = Annotated[str, Path(description="the 40-hex v1 info hash (or 64-hex v2)")]


@router.post("", status_code=status.HTTP_201_CREATED)
async def add_torrent(body: NewTorrent, user: CurrentUser, clients: Clients) -> TorrentOut:
    reply = await call(
        "torrent",
        clients.torrent.AddTorrent(
            torrent_pb2.AddTorrentRequest(source=body.source), metadata=user.metadata
        ),
    )
    return TorrentOut.from_proto(reply.torrent)


@router.get("", response_model=TorrentList)
async def list_torrents(user: CurrentUser, clients: Clients) -> Response:
    answer = await call(
        "torrent",
        clients.list_torrents_bytes(torrent_pb2.ListTorrentsRequest(), metadata=user.metadata),
    )
    # The JSON TorrentList would give (response_model keeps it the documented shape), written
    # directly: a model per torrent, validated, was most of this route's time.
    return Response(_LISTS.render(user.user_id, answer), media_type="application/json")


@router.get("/all")
async def list_all_torrents(admin: CurrentAdmin, clients: Clients) -> OwnedTorrentList:
    """Every torrent with its owners' usernames (the service knows ids; auth knows names)."""
    torrents, users = await asyncio.gather(
        call(
            "torrent",
            clients.torrent.ListAllTorrents(
                torrent_pb2.ListAllTorrentsRequest(), metadata=admin.metadata
            ),
        ),
        call("auth", clients.auth.ListUsers(auth_pb2.ListUsersRequest(), metadata=admin.metadata)),
    )
    names = {u.id: u.username for u in users.users}
    return OwnedTorrentList(
        torrents=[
            OwnedTorrentOut(
                **TorrentOut.fields_from_proto(owned.torrent),
                # An id auth no longer knows is a user deleted a moment ago: not an owner.
                owners=[names[i] for i in owned.owner_ids if i in names],
            )
            for owned in torrents.torrents
        ]
    )


@router.get(
    "/events",
    response_class=StreamingResponse,
    responses={200: {"content": {"text/event-stream": {}}}},
)
async def torrent_events(
    request: Request, user: CurrentUser, clients: Clients
) -> StreamingResponse:
    """Server-sent events: the caller's torrents, then each change, until the token expires
    or the login ends (logout, account disabled or deleted)."""
    stream = clients.torrent.WatchTorrents(
        torrent_pb2.WatchTorrentsRequest(), metadata=user.metadata
    )
    snapshot: list[str] = []
    try:
        # Read the snapshot before answering, so a failure is a proper HTTP error.
        while True:
            message = await stream.read()
            if message is grpc.aio.EOF:
                break
            if message.WhichOneof("event") == "snapshot_done":
                break
            snapshot.append(_event(message))
    except grpc.aio.AioRpcError as error:
        raise from_rpc_error(error, "torrent") from None
    return StreamingResponse(
        _sse(
            stream,
            snapshot,
            expires_at=user.caller.expires_at,
            check_login=_login_check(request.app.state.authenticator, user),
        ),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"},
    )


def _event(message: torrent_pb2.WatchTorrentsResponse) -> str:
    if message.WhichOneof("event") == "removed_hash":
        return f"event: removed\ndata: {json.dumps({'hash': message.removed_hash})}\n\n"
    return f"event: torrent\ndata: {TorrentOut.from_proto(message.torrent).model_dump_json()}\n\n"


def _login_check(authenticator: Authenticator, user: Principal) -> Callable[[], Awaitable[None]]:
    """Raises the ApiError a new request with this token would get now, if any."""
    header = f"Bearer {user.caller.token}"

    async def check() -> None:
        await authenticator.authenticate(header)

    return check


async def _sse(
    stream: grpc.aio.UnaryStreamCall,
    snapshot: list[str],
    expires_at: float,
    check_login: Callable[[], Awaitable[None]],
) -> AsyncIterator[str]:
    reading: asyncio.Future | None = None
    next_ping = next_check = time.monotonic()
    next_ping += PING_INTERVAL_S
    try:
        for event in snapshot:
            yield event
        while (remaining := expires_at - time.time()) > 0:
            now = time.monotonic()
            if now >= next_check:
                await check_login()
                next_check = now + SESSION_CHECK_S
            if now >= next_ping:
                yield ": ping\n\n"
                next_ping = now + PING_INTERVAL_S
            if reading is None:
                reading = asyncio.ensure_future(stream.read())
            wake_in = min(next_check, next_ping) - now
            done, _ = await asyncio.wait({reading}, timeout=max(0.0, min(wake_in, remaining)))
            if not done:
                continue
            message, reading = reading.result(), None
            if message is grpc.aio.EOF:
                return
            if message.WhichOneof("event") != "snapshot_done":
                yield _event(message)
    except grpc.aio.AioRpcError as error:
        # Headers are gone: say it in the stream, then end it.
        mapped = from_rpc_error(error, "torrent")
        yield _error_event(mapped.code, mapped.detail)
    except ApiError as error:  # the login ended (or cannot be checked): so does the stream
        yield _error_event(error.code, error.detail)
    finally:
        if reading is not None:
            reading.cancel()
        stream.cancel()


def _error_event(code: str, detail: str) -> str:
    return f"event: error\ndata: {json.dumps({'detail': detail, 'code': code})}\n\n"


@router.get("/{info_hash}")
async def get_torrent(
    info_hash: TorrentHash, user: CurrentUser, clients: Clients
) -> TorrentDetails:
    reply = await call(
        "torrent",
        clients.torrent.GetTorrent(
            torrent_pb2.GetTorrentRequest(hash=_hash(info_hash)), metadata=user.metadata
        ),
    )
    return TorrentDetails.from_reply(reply)


@router.post("/{info_hash}/pause", status_code=status.HTTP_204_NO_CONTENT)
async def pause_torrent(info_hash: TorrentHash, user: CurrentUser, clients: Clients) -> Response:
    await call(
        "torrent",
        clients.torrent.PauseTorrent(
            torrent_pb2.PauseTorrentRequest(hash=_hash(info_hash)), metadata=user.metadata
        ),
    )
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post("/{info_hash}/resume", status_code=status.HTTP_204_NO_CONTENT)
async def resume_torrent(info_hash: TorrentHash, user: CurrentUser, clients: Clients) -> Response:
    await call(
        "torrent",
        clients.torrent.ResumeTorrent(
            torrent_pb2.ResumeTorrentRequest(hash=_hash(info_hash)), metadata=user.metadata
        ),
    )
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.delete("/{info_hash}", status_code=status.HTTP_204_NO_CONTENT)
async def delete_torrent(
    info_hash: TorrentHash,
    user: CurrentUser,
    clients: Clients,
    delete_files: Annotated[bool, Query()] = False,
) -> Response:
    await call(
        "torrent",
        clients.torrent.DeleteTorrent(
            torrent_pb2.DeleteTorrentRequest(hash=_hash(info_hash), delete_files=delete_files),
            metadata=user.metadata,
        ),
    )
    return Response(status_code=status.HTTP_204_NO_CONTENT)
