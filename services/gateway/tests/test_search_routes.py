"""GET /api/v1/search over HTTP: the gateway, the search service over real gRPC and the fake
Nyaa over real HTTP. Auth is a small stand-in servicer over real gRPC (CheckSession only)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from uuut_gateway.app import create_app
from uuut_gateway.config import GatewaySettings
from uuut_kit.context import caller
from uuut_kit.server import GrpcService, ServiceRuntime
from uuut_kit.settings import ServiceSettings
from uuut_kit.testing import SigningKey
from uuut_sandbox.anilist.server import serve
from uuut_sandbox.nyaa import FakeNyaa, seed
from uuut_search.nyaa import NyaaClient, NyaaOptions
from uuut_search.service import SearchService
from uuut_search.servicer import SearchServicer
from uuutorrent.auth.v1 import auth_pb2, auth_pb2_grpc
from uuutorrent.search.v1 import search_pb2, search_pb2_grpc

CANDIDATE_FIELDS = {
    "title", "info_hash", "magnet", "torrent_url", "size_bytes", "seeders", "leechers",
    "downloads", "trusted", "remake", "published_at", "parsed", "score", "reasons",
}  # fmt: skip
PARSED_FIELDS = {"title", "episode", "season", "resolution", "group", "batch", "version"}


class AuthStandIn(auth_pb2_grpc.AuthServiceServicer):
    async def CheckSession(self, request, context):
        caller()
        return auth_pb2.CheckSessionResponse(active=True, role=auth_pb2.ROLE_USER)


async def _runtime(name: str, tmp_path: Path, service: GrpcService) -> ServiceRuntime:
    settings = ServiceSettings(data_dir=tmp_path, grpc_port=0, ops_port=0, shutdown_grace_s=1)
    runtime = ServiceRuntime(name=name, settings=settings, services=[service])
    await runtime.start()
    return runtime


@pytest.fixture
async def gateway(tmp_path: Path) -> AsyncIterator[tuple[httpx.AsyncClient, dict, FakeNyaa]]:
    key = SigningKey()
    key.publish(tmp_path / "keys" / "jwks.json")
    fake = FakeNyaa(seed())
    async with serve(fake.app) as nyaa_url:
        nyaa = NyaaClient(NyaaOptions(base_url=nyaa_url, min_interval_s=0))
        servicer = SearchServicer(SearchService(nyaa))
        search = await _runtime(
            "search",
            tmp_path,
            GrpcService(
                search_pb2.DESCRIPTOR.services_by_name["SearchService"].full_name,
                lambda s: search_pb2_grpc.add_SearchServiceServicer_to_server(servicer, s),
            ),
        )
        auth = await _runtime(
            "auth",
            tmp_path,
            GrpcService(
                auth_pb2.DESCRIPTOR.services_by_name["AuthService"].full_name,
                lambda s: auth_pb2_grpc.add_AuthServiceServicer_to_server(AuthStandIn(), s),
            ),
        )
        settings = GatewaySettings(
            data_dir=tmp_path,
            auth_target=f"127.0.0.1:{auth.grpc_port}",
            search_target=f"127.0.0.1:{search.grpc_port}",
        )
        app = create_app(settings)
        async with app.router.lifespan_context(app):
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://gw") as client:
                yield client, {"Authorization": f"Bearer {key.sign()}"}, fake
        await search.stop()
        await auth.stop()
        await nyaa.close()


async def test_search_returns_candidates_as_the_contract_says(gateway) -> None:
    client, headers, _ = gateway
    response = await client.get(
        "/api/v1/search",
        params={"q": "Solo Leveling", "episode": 13, "quality": "1080p"},
        headers=headers,
    )
    assert response.status_code == 200
    candidates = response.json()["candidates"]
    assert candidates and set(candidates[0]) == CANDIDATE_FIELDS
    best = candidates[0]
    assert set(best["parsed"]) == PARSED_FIELDS
    assert best["parsed"]["episode"] == 13 and best["parsed"]["resolution"] == "1080p"
    assert len(best["info_hash"]) == 40 and best["magnet"].startswith("magnet:?xt=urn:btih:")
    assert best["published_at"].endswith(("Z", "+00:00"))
    scores = [c["score"] for c in candidates]
    assert scores == sorted(scores, reverse=True)


async def test_nothing_found_is_an_empty_list(gateway) -> None:
    client, headers, _ = gateway
    response = await client.get("/api/v1/search", params={"q": "zzqqxx"}, headers=headers)
    assert response.status_code == 200 and response.json() == {"candidates": []}


@pytest.mark.parametrize(
    "params",
    [{}, {"q": ""}, {"q": "x", "episode": "-1"}, {"q": "x", "quality": "999p"}, {"q": "x" * 201}],
    ids=["no-q", "empty-q", "negative-episode", "bad-quality", "long-q"],
)
async def test_bad_queries_are_422(gateway, params) -> None:
    client, headers, _ = gateway
    response = await client.get("/api/v1/search", params=params, headers=headers)
    assert response.status_code == 422


async def test_a_query_without_words_is_400(gateway) -> None:
    client, headers, _ = gateway
    response = await client.get("/api/v1/search", params={"q": '"|()'}, headers=headers)
    assert response.status_code == 400


async def test_nyaa_failures_map_to_the_contract(gateway) -> None:
    client, headers, fake = gateway
    fake.fail_next(500)
    response = await client.get("/api/v1/search", params={"q": "Frieren"}, headers=headers)
    assert response.status_code == 502
    assert response.json()["code"] == "upstream_error" and "Nyaa" in response.json()["detail"]
    fake.fail_next(429, times=2)
    response = await client.get("/api/v1/search", params={"q": "Dandelion"}, headers=headers)
    assert response.status_code == 429
    assert response.json()["code"] == "upstream_rate_limited"
    assert int(response.headers["retry-after"]) >= 1


async def test_search_needs_a_token(gateway) -> None:
    client, _, _ = gateway
    response = await client.get("/api/v1/search", params={"q": "Frieren"})
    assert response.status_code == 401
