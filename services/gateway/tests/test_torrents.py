"""/api/v1/torrents over real HTTP: the gateway, the real torrent service, a real
qbittorrent-nox and a loopback swarm. Auth is a small stand-in servicer over real gRPC
(CheckSession and ListUsers, the two RPCs these routes use)."""

from __future__ import annotations

import asyncio
import itertools
import json
import socket
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
import uvicorn

from uuut_gateway.app import create_app
from uuut_gateway.config import GatewaySettings
from uuut_gateway.routes import torrents as torrent_routes
from uuut_kit.context import caller
from uuut_kit.errors import PermissionDenied
from uuut_kit.server import GrpcService, ServiceRuntime
from uuut_kit.settings import ServiceSettings
from uuut_kit.testing import SigningKey
from uuut_sandbox.seeder import Seeder, TorrentFile, Tracker, generate_file, make_torrent
from uuut_stack.process import Child
from uuut_stack.qbittorrent import LocalQbittorrent, QbittorrentCredentials
from uuut_torrent.config import TorrentSettings
from uuut_torrent.server import build as build_torrent
from uuutorrent.auth.v1 import auth_pb2, auth_pb2_grpc

USERS = {1: "ann", 2: "bob", 3: "eve", 9: "root"}
AUTH = auth_pb2.DESCRIPTOR.services_by_name["AuthService"].full_name
TORRENT_FIELDS = {
    "hash", "name", "state", "progress", "size_bytes", "downloaded_bytes", "dlspeed", "upspeed",
    "eta_s", "num_seeds", "num_leechs", "added_at", "completed_at", "media_id", "episode",
}  # fmt: skip


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class AuthStandIn(auth_pb2_grpc.AuthServiceServicer):
    """Every login is active with the token's role unless a test ended it or disabled its
    user; ListUsers knows USERS (admin only)."""

    ended_sessions: set[str] = set()
    disabled_users: set[int] = set()

    async def CheckSession(self, request, context):
        me = caller()
        role = auth_pb2.ROLE_ADMIN if me.is_admin else auth_pb2.ROLE_USER
        disabled = me.user_id in self.disabled_users
        return auth_pb2.CheckSessionResponse(
            active=me.session_id not in self.ended_sessions and not disabled,
            role=role,
            account_disabled=disabled,
        )

    async def ListUsers(self, request, context):
        if not caller().is_admin:
            raise PermissionDenied("this needs an administrator")
        return auth_pb2.ListUsersResponse(
            users=[auth_pb2.User(id=i, username=name) for i, name in USERS.items()]
        )


@dataclass
class Stack:
    http: httpx.AsyncClient
    key: SigningKey
    tracker: Tracker
    seeder: Seeder
    root: Path
    counter: itertools.count

    def token(self, user_id: int, role: str = "user", ttl_s: int = 600) -> dict[str, str]:
        exp = int(time.time()) + ttl_s
        jwt = self.key.sign(sub=str(user_id), role=role, sid=f"s{user_id}", exp=exp)
        return {"Authorization": f"Bearer {jwt}"}

    async def release(self, size: int = 256 * 1024) -> TorrentFile:
        number = next(self.counter)
        folder = self.root / f"r{number}"
        content = generate_file(folder / f"[Gateway] Show - {number:02d}.mkv", size)
        torrent = make_torrent(content, (self.tracker.announce_url,))
        self.seeder.seed(torrent, folder)
        await self.seeder.wait_seeding(torrent.info_hash)
        return torrent


@pytest.fixture(scope="module")
async def stack(tmp_path_factory, database_url_for) -> AsyncIterator[Stack]:
    root = tmp_path_factory.mktemp("gateway-torrents")
    key = SigningKey()
    key.publish(root / "keys" / "jwks.json")

    qbt = LocalQbittorrent(root / "qbt", _free_port(), QbittorrentCredentials("admin", "pw-1234"))
    qbt.prepare()
    qbt_child = Child(qbt.child_spec())
    qbt_child.spawn()

    auth = ServiceRuntime(
        name="auth",
        settings=ServiceSettings(data_dir=root, shutdown_grace_s=0.5),
        services=[
            GrpcService(
                AUTH, lambda s: auth_pb2_grpc.add_AuthServiceServicer_to_server(AuthStandIn(), s)
            )
        ],
    )
    await auth.start()
    await qbt_child.wait_ready(60)
    torrent = await build_torrent(
        TorrentSettings(
            data_dir=root,
            grpc_port=0,
            ops_port=0,
            shutdown_grace_s=0.5,
            service_database_url=await database_url_for("torrent"),
            qbittorrent_url=qbt.url,
            qbittorrent_username="admin",
            qbittorrent_password="pw-1234",
            public_host="box.example",
            ssh_user="ann",
            mirror_poll_s=0.2,
        )
    )
    await torrent.start()
    nowhere = f"127.0.0.1:{_free_port()}"
    app = create_app(
        GatewaySettings(
            data_dir=root,
            auth_target=f"127.0.0.1:{auth.grpc_port}",
            torrent_target=f"127.0.0.1:{torrent.grpc_port}",
            watchlist_target=nowhere,
            search_target=nowhere,
        )
    )
    server = uvicorn.Server(
        uvicorn.Config(
            app, host="127.0.0.1", port=0, log_level="warning", timeout_graceful_shutdown=1
        )
    )
    serving = asyncio.create_task(server.serve())
    while not server.started:  # noqa: ASYNC110 - uvicorn only exposes a flag
        await asyncio.sleep(0.01)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        async with (
            Tracker() as tracker,
            httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}/api/v1", timeout=30) as http,
        ):
            with Seeder() as seeder:
                yield Stack(http, key, tracker, seeder, root, itertools.count(1))
    finally:
        server.should_exit = True
        await serving
        await torrent.stop()
        await auth.stop()
        await qbt_child.stop()


async def _eventually(probe, until, timeout_s: float = 30):
    deadline = time.monotonic() + timeout_s
    while True:
        result = await probe()
        if until(result):
            return result
        assert time.monotonic() < deadline, f"not met in {timeout_s}s: {result!r}"
        await asyncio.sleep(0.1)


async def _list(stack: Stack, user_id: int) -> list[dict]:
    response = await stack.http.get("/torrents", headers=stack.token(user_id))
    assert response.status_code == 200
    return response.json()["torrents"]


async def test_a_torrent_added_through_the_gateway_downloads_to_completion(stack: Stack) -> None:
    release = await stack.release(size=1024 * 1024)
    added = await stack.http.post(
        "/torrents", json={"source": release.magnet}, headers=stack.token(1)
    )
    assert added.status_code == 201, added.text
    body = added.json()
    assert set(body) == TORRENT_FIELDS
    assert body["hash"] == release.info_hash
    assert body["media_id"] is None and body["episode"] is None

    [done] = await _eventually(lambda: _list(stack, 1), lambda ts: ts and ts[0]["progress"] == 1)
    # Seeding, or queued to seed when other torrents fill qBittorrent's active uploads.
    assert done["state"] in ("seeding", "queued") and done["completed_at"]
    assert done["eta_s"] is None
    assert done["size_bytes"] == done["downloaded_bytes"] == 1024 * 1024

    details = await stack.http.get(f"/torrents/{release.info_hash}", headers=stack.token(1))
    assert details.status_code == 200
    shown = details.json()
    assert set(shown) == TORRENT_FIELDS | {"files", "transfer"}
    assert shown["files"] == [{"path": release.name, "size_bytes": 1024 * 1024, "progress": 1.0}]
    assert shown["transfer"]["scp_command"].startswith("scp -r 'ann@box.example:")
    assert shown["transfer"]["host_path"].endswith(f"/downloads/{release.name}")


async def test_pause_resume_and_delete_with_files(stack: Stack) -> None:
    release = await stack.release()
    await stack.http.post("/torrents", json={"source": release.magnet}, headers=stack.token(2))
    path = f"/torrents/{release.info_hash}"
    assert (await stack.http.post(f"{path}/pause", headers=stack.token(2))).status_code == 204
    await _eventually(lambda: _list(stack, 2), lambda ts: ts[0]["state"] == "paused")
    assert (await stack.http.post(f"{path}/resume", headers=stack.token(2))).status_code == 204
    await _eventually(lambda: _list(stack, 2), lambda ts: ts[0]["state"] != "paused")
    deleted = await stack.http.delete(f"{path}?delete_files=true", headers=stack.token(2))
    assert deleted.status_code == 204
    assert await _list(stack, 2) == []
    again = await stack.http.delete(path, headers=stack.token(2))
    assert (again.status_code, again.json()["code"]) == (404, "not_found")


async def test_sharing_between_owners_and_the_admin_view(stack: Stack) -> None:
    release = await stack.release()
    for user_id in (1, 3):
        response = await stack.http.post(
            "/torrents", json={"source": release.magnet}, headers=stack.token(user_id)
        )
        assert response.status_code == 201
    everything = await stack.http.get("/torrents/all", headers=stack.token(9, role="admin"))
    assert everything.status_code == 200
    [shared] = [t for t in everything.json()["torrents"] if t["hash"] == release.info_hash]
    assert shared["owners"] == ["ann", "eve"]
    assert set(shared) == TORRENT_FIELDS | {"owners"}

    first = await stack.http.delete(f"/torrents/{release.info_hash}", headers=stack.token(1))
    assert first.status_code == 204
    [still] = [t for t in await _list(stack, 3) if t["hash"] == release.info_hash]
    assert still["hash"] == release.info_hash


async def test_another_users_torrent_is_404_on_every_endpoint(stack: Stack) -> None:
    release = await stack.release()
    await stack.http.post("/torrents", json={"source": release.magnet}, headers=stack.token(1))
    path = f"/torrents/{release.info_hash}"
    stranger = stack.token(2)
    for method, url in [
        ("GET", path),
        ("POST", f"{path}/pause"),
        ("POST", f"{path}/resume"),
        ("DELETE", path),
        ("DELETE", f"{path}?delete_files=true"),
        ("GET", "/torrents/" + "0" * 40),
        ("GET", "/torrents/" + "a" * 64),
        ("GET", "/torrents/xyz"),
        ("POST", "/torrents/1234/pause"),
    ]:
        response = await stack.http.request(method, url, headers=stranger)
        assert (response.status_code, response.json()["code"]) == (404, "not_found"), url
    assert release.info_hash not in {t["hash"] for t in await _list(stack, 2)}


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("GET", "/torrents"),
        ("POST", "/torrents"),
        ("GET", "/torrents/all"),
        ("GET", "/torrents/events"),
        ("GET", "/torrents/" + "0" * 40),
        ("POST", "/torrents/" + "0" * 40 + "/pause"),
        ("POST", "/torrents/" + "0" * 40 + "/resume"),
        ("DELETE", "/torrents/" + "0" * 40),
    ],
)
async def test_every_endpoint_needs_a_token(stack: Stack, method: str, url: str) -> None:
    response = await stack.http.request(method, url, json={"source": "magnet:?"})
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"


async def test_the_admin_list_is_403_for_users(stack: Stack) -> None:
    response = await stack.http.get("/torrents/all", headers=stack.token(1))
    assert (response.status_code, response.json()["code"]) == (403, "forbidden")


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({"source": "magnet:?xt=urn:btih:nothex"}, 400, "bad_source"),
        ({"source": "http://127.0.0.1:1/x.torrent"}, 400, "bad_source"),
        ({"source": "gopher://x"}, 400, "bad_source"),
        ({"source": ""}, 422, "validation_error"),
        ({}, 422, "validation_error"),
        ({"source": 12}, 422, "validation_error"),
    ],
)
async def test_bad_sources(stack: Stack, body: dict, status: int, code: str) -> None:
    response = await stack.http.post("/torrents", json=body, headers=stack.token(1))
    assert (response.status_code, response.json()["code"]) == (status, code)


async def _events(response: httpx.Response) -> AsyncIterator[tuple[str, str]]:
    """(event, data) pairs of an SSE response; comments come as ("comment", text)."""
    event, data = "message", ""
    async for line in response.aiter_lines():
        if line.startswith(":"):
            yield "comment", line[1:].strip()
        elif line.startswith("event:"):
            event = line[len("event:") :].strip()
        elif line.startswith("data:"):
            data = line[len("data:") :].strip()
        elif line == "" and data:
            yield event, data
            event, data = "message", ""


async def _all(events: AsyncIterator[tuple[str, str]]) -> list[tuple[str, str]]:
    return [event async for event in events]


async def test_the_event_stream(stack: Stack, monkeypatch) -> None:
    monkeypatch.setattr(torrent_routes, "PING_INTERVAL_S", 0.3)
    owned = await stack.release()
    await stack.http.post("/torrents", json={"source": owned.magnet}, headers=stack.token(3))
    headers = stack.token(3, ttl_s=4)
    async with stack.http.stream("GET", "/torrents/events", headers=headers) as response:
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/event-stream")
        events = _events(response)
        kind, data = await anext(events)
        snapshot = [json.loads(data)["hash"]]
        assert kind == "torrent"
        later = await stack.release()
        await stack.http.post("/torrents", json={"source": later.magnet}, headers=stack.token(3))
        await stack.http.delete(f"/torrents/{later.info_hash}", headers=stack.token(3))
        seen: list[tuple[str, str]] = []
        async for kind, data in events:
            seen.append((kind, data))
            if kind == "removed":
                break
        pinged = False
        async for kind, _ in events:  # the stream ends when the token expires (4 s)
            pinged = pinged or kind == "comment"
    assert owned.info_hash in snapshot
    assert ("removed", json.dumps({"hash": later.info_hash})) in seen
    assert any(k == "torrent" and json.loads(d)["hash"] == later.info_hash for k, d in seen)
    assert pinged


@pytest.mark.parametrize(
    ("ending", "code"),
    [("logout", "invalid_token"), ("disable", "account_disabled")],
)
async def test_the_event_stream_ends_soon_after_the_login_does(
    stack: Stack, ending: str, code: str
) -> None:
    user_id = 21 if ending == "logout" else 22
    owned = await stack.release()
    await stack.http.post("/torrents", json={"source": owned.magnet}, headers=stack.token(user_id))
    headers = stack.token(user_id, ttl_s=600)  # expiry is far: only the login can end it
    async with stack.http.stream("GET", "/torrents/events", headers=headers) as response:
        assert response.status_code == 200
        events = _events(response)
        kind, _ = await anext(events)
        assert kind == "torrent"
        if ending == "logout":
            AuthStandIn.ended_sessions.add(f"s{user_id}")
        else:
            AuthStandIn.disabled_users.add(user_id)
        ended_at = time.monotonic()
        # About a second (a 1 s cache, a check every 0.5 s); the bound is generous on purpose.
        rest = await asyncio.wait_for(_all(events), timeout=5)
        assert time.monotonic() - ended_at < 5
    assert rest and rest[-1][0] == "error"
    assert json.loads(rest[-1][1])["code"] == code
