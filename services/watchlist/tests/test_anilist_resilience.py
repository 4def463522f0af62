"""When AniList is slow, failing or limiting us: deadlines, retries, the limiter, the breaker."""

from __future__ import annotations

import socket

import grpc
from prometheus_client import REGISTRY

from uuut_sandbox.anilist import FakeAniList
from uuutorrent.watchlist.v1 import watchlist_pb2 as pb

from .conftest import ANN_TOKEN
from .test_watchlist_service import failure, linked, listed


def sample(name: str, **labels: str) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


async def list_failure(stub, as_user, user: int):  # type: ignore[no-untyped-def]
    return await failure(stub.ListWatchlist(pb.ListWatchlistRequest(), metadata=as_user(user)))


async def test_anilist_429_becomes_upstream_rate_limited_and_we_hold_off(
    start_service, as_user, new_user, fake: FakeAniList
) -> None:
    stub = await start_service()
    user = new_user()
    await linked(stub, as_user, user)
    fake.limiter.limit = 1  # the Viewer query used it up
    code, reason, metadata, details = await list_failure(stub, as_user, user)
    assert (code, reason, metadata) == (
        grpc.StatusCode.RESOURCE_EXHAUSTED,
        "UPSTREAM_RATE_LIMITED",
        {"retry_after_s": "60"},
    )
    assert "AniList" in details
    asked = len(fake.requests)
    code, reason, metadata, _ = await list_failure(stub, as_user, user)
    assert reason == "UPSTREAM_RATE_LIMITED" and 55 <= int(metadata["retry_after_s"]) <= 60
    assert len(fake.requests) == asked  # Retry-After is honoured: AniList is not asked again


async def test_our_limiter_stays_under_the_limit_and_says_when_to_come_back(
    start_service, as_user, new_user, fake: FakeAniList
) -> None:
    stub = await start_service(
        anilist_requests_per_minute=2, anilist_max_limiter_wait_s=0, list_cache_s=0
    )
    user = new_user()
    await linked(stub, as_user, user)
    await listed(stub, as_user, user)
    refused_before = sample("watchlist_anilist_refused_total", why="limiter")
    code, reason, metadata, _ = await list_failure(stub, as_user, user)
    assert (code, reason) == (grpc.StatusCode.RESOURCE_EXHAUSTED, "UPSTREAM_RATE_LIMITED")
    assert 55 <= int(metadata["retry_after_s"]) <= 60
    assert len(fake.requests) == 2
    assert sample("watchlist_anilist_refused_total", why="limiter") == refused_before + 1


async def test_5xx_is_retried_with_backoff(stub, as_user, new_user, fake: FakeAniList) -> None:
    user = new_user()
    await linked(stub, as_user, user)
    fake.fail_next(503)
    assert 1 in await listed(stub, as_user, user)
    assert [r.status for r in fake.requests[1:]] == [503, 200]


async def test_5xx_that_lasts_is_upstream_error_naming_anilist(
    start_service, as_user, new_user, fake: FakeAniList
) -> None:
    stub = await start_service(anilist_retries=2)
    user = new_user()
    await linked(stub, as_user, user)
    before = sample(
        "watchlist_anilist_requests_total", operation="current_list", outcome="server_error"
    )
    fake.fail_next(500, times=3)
    code, reason, _, details = await list_failure(stub, as_user, user)
    assert (code, reason, details) == (
        grpc.StatusCode.UNKNOWN,
        "UPSTREAM_ERROR",
        "AniList answered HTTP 500",
    )
    assert len(fake.requests) == 1 + 3
    after = sample(
        "watchlist_anilist_requests_total", operation="current_list", outcome="server_error"
    )
    assert after == before + 3


async def test_4xx_is_never_retried(stub, as_user, new_user, fake: FakeAniList) -> None:
    user = new_user()
    await linked(stub, as_user, user)
    disabled = (
        '{"errors":[{"message":"The AniList API has been temporarily disabled.",'
        '"status":403,"locations":[{"line":1,"column":1}]}],"data":null}'
    )
    fake.fail_next(403, body=disabled)
    code, reason, _, details = await list_failure(stub, as_user, user)
    assert (code, reason) == (grpc.StatusCode.UNKNOWN, "UPSTREAM_ERROR")
    assert "temporarily disabled" in details
    assert len(fake.requests) == 2


async def test_a_slow_anilist_times_out_then_is_retried(
    start_service, as_user, new_user, fake: FakeAniList
) -> None:
    stub = await start_service(anilist_attempt_timeout_s=0.2, anilist_retries=1)
    user = new_user()
    await linked(stub, as_user, user)
    fake.delay_next(0.6)
    assert 1 in await listed(stub, as_user, user)
    fake.delay_next(0.6, times=2)
    other = new_user()
    code, reason, _, details = await failure(
        stub.LinkAniList(pb.LinkAniListRequest(access_token=ANN_TOKEN), metadata=as_user(other))
    )
    assert (code, reason) == (grpc.StatusCode.DEADLINE_EXCEEDED, "UPSTREAM_TIMEOUT")
    assert details == "AniList did not answer in time"


async def test_the_circuit_opens_after_repeated_failures_and_fails_fast(
    start_service, as_user, new_user, fake: FakeAniList
) -> None:
    stub = await start_service(anilist_retries=0, anilist_breaker_failures=2, list_cache_s=0)
    user = new_user()
    await linked(stub, as_user, user)
    fake.fail_next(502, times=2)
    for _ in range(2):
        assert (await list_failure(stub, as_user, user))[1] == "UPSTREAM_ERROR"
    asked = len(fake.requests)
    code, reason, _, details = await list_failure(stub, as_user, user)
    assert (code, reason) == (grpc.StatusCode.UNKNOWN, "UPSTREAM_ERROR")
    assert details.startswith("AniList is failing; not asking it again for")
    assert len(fake.requests) == asked
    assert sample("watchlist_anilist_circuit_state") == 1


async def test_an_unreachable_anilist_is_upstream_error(start_service, as_user, new_user) -> None:
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    stub = await start_service(anilist_url=f"http://127.0.0.1:{port}", anilist_retries=1)
    code, reason, _, details = await failure(
        stub.LinkAniList(
            pb.LinkAniListRequest(access_token=ANN_TOKEN), metadata=as_user(new_user())
        )
    )
    assert (code, reason) == (grpc.StatusCode.UNKNOWN, "UPSTREAM_ERROR")
    assert details == "AniList could not be reached (ConnectError)"
