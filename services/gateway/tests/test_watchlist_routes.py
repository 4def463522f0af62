"""/api/v1/auth/anilist, /api/v1/watchlist and the AniList part of /users/me, tried as a new user
would: the gateway, the real watchlist service (real gRPC, real PostgreSQL) and the fake AniList
over real HTTP. Auth is a small stand-in servicer over real gRPC (CheckSession and GetMe)."""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import grpc
import httpx
import pytest

from uuut_gateway.app import create_app
from uuut_gateway.config import GatewaySettings
from uuut_gateway.errors import from_rpc_error
from uuut_kit.context import caller
from uuut_kit.errors import DomainError
from uuut_kit.interceptors import error_trailers
from uuut_kit.server import GrpcService, ServiceRuntime
from uuut_kit.settings import ServiceSettings
from uuut_kit.testing import SigningKey
from uuut_sandbox.anilist import FakeAniList, World, serve
from uuut_watchlist.config import WatchlistSettings
from uuut_watchlist.server import build as build_watchlist
from uuutorrent.auth.v1 import auth_pb2, auth_pb2_grpc

AUTH = auth_pb2.DESCRIPTOR.services_by_name["AuthService"].full_name
ANILIST_TOKEN = "anilist-token-of-mika"
ENTRY_FIELDS = {
    "media_id", "title", "title_romaji", "title_english", "synonyms", "format", "status",
    "progress", "total_episodes", "latest_aired_episode", "next_episode",
    "next_episode_available", "next_airing_at", "cover_url",
}  # fmt: skip
SEED = {
    "users": [{"id": 777, "name": "mika", "tokens": [ANILIST_TOKEN]}],
    "media": [
        {"id": 1, "title": {"romaji": "Hibike", "english": "Sound!"}, "synonyms": ["Eupho"],
         "format": "TV", "status": "RELEASING", "episodes": 13,
         "coverImage": {"large": "https://img.example/1.jpg"},
         "airing": {"episode": 4, "airs_in_s": 7200, "every_s": 604800}},
        {"id": 2, "title": {"romaji": "Owari"}, "format": "OVA", "status": "FINISHED",
         "episodes": 2},
        {"id": 3, "title": {"romaji": "Yasumi"}, "format": "TV", "status": "FINISHED",
         "episodes": 12},
    ],
    "lists": [{"userId": 777, "entries": [
        {"mediaId": 1, "status": "CURRENT", "progress": 1},
        {"mediaId": 2, "status": "CURRENT", "progress": 0, "customLists": ["Short"]},
        {"mediaId": 3, "status": "PAUSED", "progress": 5},
    ]}],
}  # fmt: skip


class AuthStandIn(auth_pb2_grpc.AuthServiceServicer):
    """Every login is active with the token's role; GetMe names the caller user<id>."""

    async def CheckSession(self, request, context):
        role = auth_pb2.ROLE_ADMIN if caller().is_admin else auth_pb2.ROLE_USER
        return auth_pb2.CheckSessionResponse(active=True, role=role)

    async def GetMe(self, request, context):
        user_id = caller().user_id or 0
        return auth_pb2.GetMeResponse(
            user=auth_pb2.User(id=user_id, username=f"user{user_id}", role=auth_pb2.ROLE_USER)
        )


@dataclass
class Stack:
    http: httpx.AsyncClient
    key: SigningKey
    fake: FakeAniList
    users: itertools.count

    def new_user(self, role: str = "user") -> dict[str, str]:
        user_id = next(self.users)
        token = self.key.sign(sub=str(user_id), role=role, sid=f"s{user_id}")
        return {"Authorization": f"Bearer {token}"}


@pytest.fixture(scope="module")
async def stack(tmp_path_factory, database_url_for) -> AsyncIterator[Stack]:
    root: Path = tmp_path_factory.mktemp("gateway-watchlist")
    key = SigningKey()
    key.publish(root / "keys" / "jwks.json")
    fake = FakeAniList(World.from_seed(SEED), rate_limit=1000)
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
    async with serve(fake.app) as anilist_url:
        watchlist = await build_watchlist(
            WatchlistSettings(
                data_dir=root,
                grpc_port=0,
                ops_port=0,
                shutdown_grace_s=0.5,
                service_database_url=await database_url_for("watchlist"),
                anilist_url=anilist_url,
                anilist_client_id="5150",
                anilist_attempt_timeout_s=0.3,
                anilist_retries=1,
                anilist_backoff_s=0.01,
                anilist_breaker_failures=1000,
                anilist_requests_per_minute=10_000,
                list_cache_s=0,  # every request reaches the fake, so faults show
            )
        )
        await watchlist.start()
        nowhere = "127.0.0.1:9"
        app = create_app(
            GatewaySettings(
                data_dir=root,
                auth_target=f"127.0.0.1:{auth.grpc_port}",
                watchlist_target=f"127.0.0.1:{watchlist.grpc_port}",
                search_target=nowhere,
                torrent_target=nowhere,
            )
        )
        async with app.router.lifespan_context(app):
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://gw") as http:
                yield Stack(http, key, fake, itertools.count(1))
        await watchlist.stop()
    await auth.stop()


def linker(stack: Stack) -> Callable[[dict[str, str]], object]:
    async def link(headers: dict[str, str]) -> httpx.Response:
        return await stack.http.post(
            "/api/v1/auth/anilist/link", json={"access_token": ANILIST_TOKEN}, headers=headers
        )

    return link


async def test_a_new_user_links_lists_and_updates_progress(stack: Stack) -> None:
    me = stack.new_user()
    http = stack.http

    profile = await http.get("/api/v1/users/me", headers=me)
    assert profile.status_code == 200 and profile.json()["anilist"] is None
    unlinked = await http.get("/api/v1/watchlist", headers=me)
    assert (unlinked.status_code, unlinked.json()["code"]) == (400, "anilist_not_linked")

    url = await http.get("/api/v1/auth/anilist/authorize-url", headers=me)
    assert url.json() == {
        "url": "https://anilist.co/api/v2/oauth/authorize?client_id=5150&response_type=token"
    }
    rejected = await http.post(
        "/api/v1/auth/anilist/link", json={"access_token": "expired-token"}, headers=me
    )
    assert (rejected.status_code, rejected.json()["code"]) == (400, "anilist_relink")
    linked = await linker(stack)(me)
    assert linked.status_code == 200
    assert linked.json() == {"user_id": 777, "username": "mika"}
    profile = await http.get("/api/v1/users/me", headers=me)
    assert profile.json()["anilist"] == {"user_id": 777, "username": "mika"}

    listed = await http.get("/api/v1/watchlist", headers=me)
    assert listed.status_code == 200
    entries = listed.json()["entries"]
    assert [e["media_id"] for e in entries] == [1, 2]  # PAUSED 3 is not CURRENT
    airing, ova = entries
    assert set(airing) == ENTRY_FIELDS
    assert {k: v for k, v in airing.items() if k != "next_airing_at"} == {
        "media_id": 1,
        "title": "Sound!",
        "title_romaji": "Hibike",
        "title_english": "Sound!",
        "synonyms": ["Eupho"],
        "format": "TV",
        "status": "RELEASING",
        "progress": 1,
        "total_episodes": 13,
        "latest_aired_episode": 3,
        "next_episode": 2,
        "next_episode_available": True,
        "cover_url": "https://img.example/1.jpg",
    }
    airing_at = datetime.fromisoformat(airing["next_airing_at"])
    assert airing_at.utcoffset() is not None and airing_at.utcoffset().total_seconds() == 0
    assert ova["format"] == "OVA" and ova["title_english"] is None and ova["cover_url"] is None
    assert (ova["latest_aired_episode"], ova["next_episode"]) == (2, 1)

    updated = await http.post(
        "/api/v1/watchlist/progress", json={"media_id": 1, "progress": 3}, headers=me
    )
    assert updated.status_code == 200
    assert (updated.json()["progress"], updated.json()["next_episode"]) == (3, None)
    assert updated.json()["next_episode_available"] is False
    again = (await http.get("/api/v1/watchlist", headers=me)).json()["entries"]
    assert again[0]["progress"] == 3

    assert (await http.delete("/api/v1/auth/anilist/link", headers=me)).status_code == 204
    gone = await http.get("/api/v1/watchlist", headers=me)
    assert (gone.status_code, gone.json()["code"]) == (400, "anilist_not_linked")
    assert (await http.get("/api/v1/users/me", headers=me)).json()["anilist"] is None


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({"media_id": 1, "progress": -1}, 422, "validation_error"),
        ({"media_id": 1}, 422, "validation_error"),
        ({"media_id": "one", "progress": 1}, 422, "validation_error"),
        ({"media_id": 1, "progress": 10**10}, 422, "validation_error"),
        ({"media_id": 1, "progress": 14}, 422, "progress_out_of_range"),
        ({"media_id": 3, "progress": 6}, 404, "not_found"),  # paused: not on the CURRENT list
        ({"media_id": 99, "progress": 1}, 404, "not_found"),
    ],
)
async def test_progress_refusals(stack: Stack, body, status: int, code: str) -> None:
    me = stack.new_user()
    await linker(stack)(me)
    response = await stack.http.post("/api/v1/watchlist/progress", json=body, headers=me)
    assert (response.status_code, response.json()["code"]) == (status, code)


async def test_link_body_is_checked(stack: Stack) -> None:
    me = stack.new_user()
    for body in ({}, {"access_token": ""}, {"access_token": "x" * 9000}):
        response = await stack.http.post("/api/v1/auth/anilist/link", json=body, headers=me)
        assert response.status_code == 422
    spaced = await stack.http.post(
        "/api/v1/auth/anilist/link", json={"access_token": "not a token"}, headers=me
    )
    assert (spaced.status_code, spaced.json()["code"]) == (400, "anilist_relink")


ENDPOINTS = [
    ("POST", "/api/v1/auth/anilist/link", {"access_token": ANILIST_TOKEN}),
    ("DELETE", "/api/v1/auth/anilist/link", None),
    ("GET", "/api/v1/auth/anilist/authorize-url", None),
    ("GET", "/api/v1/watchlist", None),
    ("POST", "/api/v1/watchlist/progress", {"media_id": 1, "progress": 1}),
]


@pytest.mark.parametrize(("method", "path", "body"), ENDPOINTS)
async def test_every_endpoint_needs_a_token(stack: Stack, method, path, body) -> None:
    for headers in ({}, {"Authorization": "Bearer not-a-jwt"}):
        response = await stack.http.request(method, path, json=body, headers=headers)
        assert response.status_code == 401
        assert response.headers["www-authenticate"] == "Bearer"


async def test_links_are_per_user_and_admins_are_users_here(stack: Stack) -> None:
    mine, admin = stack.new_user(), stack.new_user(role="admin")
    await linker(stack)(mine)
    assert (await stack.http.get("/api/v1/users/me", headers=admin)).json()["anilist"] is None
    theirs = await stack.http.get("/api/v1/watchlist", headers=admin)
    assert theirs.json()["code"] == "anilist_not_linked"
    await stack.http.delete("/api/v1/auth/anilist/link", headers=admin)  # not mine to remove
    assert (await stack.http.get("/api/v1/watchlist", headers=mine)).status_code == 200
    await linker(stack)(admin)
    assert (await stack.http.get("/api/v1/watchlist", headers=admin)).status_code == 200


async def test_anilist_failures_become_the_contract_statuses(stack: Stack) -> None:
    me = stack.new_user()
    await linker(stack)(me)
    stack.fake.fail_next(500, times=2)
    failed = await stack.http.get("/api/v1/watchlist", headers=me)
    assert failed.status_code == 502
    assert failed.json() == {"detail": "AniList answered HTTP 500", "code": "upstream_error"}

    stack.fake.delay_next(0.5, times=2)
    slow = await stack.http.get("/api/v1/watchlist", headers=me)
    assert (slow.status_code, slow.json()["code"]) == (504, "upstream_timeout")
    assert "AniList" in slow.json()["detail"]

    stack.fake.world.revoke_token(ANILIST_TOKEN)
    try:
        expired = await stack.http.get("/api/v1/watchlist", headers=me)
        assert (expired.status_code, expired.json()["code"]) == (400, "anilist_relink")
    finally:
        stack.fake.world.users[777]["tokens"].append(ANILIST_TOKEN)


async def test_anilist_rate_limit_is_429_with_retry_after(stack: Stack) -> None:
    me = stack.new_user()
    await linker(stack)(me)
    limiter = stack.fake.limiter
    saved = (limiter.limit, limiter.timeout_s)
    limiter.limit, limiter.timeout_s = 0, 1  # the next request is over the limit, for 1 s
    try:
        limited = await stack.http.get("/api/v1/watchlist", headers=me)
    finally:
        limiter.limit, limiter.timeout_s = saved
    assert limited.status_code == 429
    assert limited.headers["retry-after"] == "1"
    assert limited.json()["code"] == "upstream_rate_limited"
    await asyncio.sleep(1.1)  # our limiter honours Retry-After: let it pass for the next tests
    assert (await stack.http.get("/api/v1/watchlist", headers=me)).status_code == 200


def test_authorize_url_without_a_client_id_is_404() -> None:
    error = DomainError("no client id", reason="ANILIST_NOT_CONFIGURED")
    error.status = grpc.StatusCode.NOT_FOUND
    rpc = grpc.aio.AioRpcError(
        grpc.StatusCode.NOT_FOUND,
        grpc.aio.Metadata(),
        grpc.aio.Metadata(*error_trailers(error, "uuutorrent.watchlist")),
        details="no client id",
    )
    assert (from_rpc_error(rpc, "watchlist").status, from_rpc_error(rpc, "watchlist").code) == (
        404,
        "not_found",
    )
