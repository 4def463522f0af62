"""AniList and Nyaa misbehave (the sandbox fakes' hooks): the gateway answers the contract's
status for each, within the route's deadline plus 10%, and works again once they recover."""

from __future__ import annotations

import secrets
from collections.abc import Iterator

import httpx
import pytest

from ..hostile.sandboxed import ThreadedSandbox
from .conftest import User, timed

SLACK = 1.1
WATCHLIST_DEADLINE_S = 10.0  # the gateway's deadline for calls that reach AniList
SEARCH_DEADLINE_S = 30.0  # GET /search: the search service's own budget is 25 s
DOWNLOAD_DEADLINE_S = 20.0  # the whole download flow (NF1)
INVALID_TOKEN = '{"errors":[{"message":"Invalid token","status":400}],"data":{"Viewer":null}}'
CLOUDFLARE = "<!DOCTYPE html><html><head><title>Just a moment...</title></head><body></body></html>"


@pytest.fixture(autouse=True)
def recovered(fault_sandbox: ThreadedSandbox) -> Iterator[None]:
    """Every test leaves the fakes healthy."""
    yield
    fault_sandbox.set_latency(0)
    fault_sandbox.call(fault_sandbox.anilist.faults.clear)
    fault_sandbox.call(fault_sandbox.nyaa._faults.clear)


def _search(http: httpx.Client, user: User) -> tuple[httpx.Response, float]:
    # A new query each time: no cache may answer for Nyaa.
    query = f"frieren {secrets.token_hex(2)}"
    return timed(lambda: http.get("/api/v1/search", params={"q": query}, headers=user.headers))


def _watchlist(http: httpx.Client, user: User) -> tuple[httpx.Response, float]:
    return timed(lambda: http.get("/api/v1/watchlist", headers=user.headers))


def _expect(reply: httpx.Response, status: int, code: str) -> None:
    assert reply.status_code == status, reply.text
    assert reply.json()["code"] == code, reply.text


@pytest.mark.parametrize("status", [500, 502, 503])
def test_anilist_server_errors_are_502(
    fault_sandbox: ThreadedSandbox, http: httpx.Client, user: User, status: int
) -> None:
    fault_sandbox.call(lambda: fault_sandbox.anilist.fail_next(status, times=10))
    reply, elapsed = _watchlist(http, user)
    _expect(reply, 502, "upstream_error")
    assert elapsed <= WATCHLIST_DEADLINE_S * SLACK
    fault_sandbox.call(fault_sandbox.anilist.faults.clear)
    assert _watchlist(http, user)[0].status_code == 200


def test_anilist_hanging_is_504_within_the_deadline(
    fault_sandbox: ThreadedSandbox, http: httpx.Client, user: User
) -> None:
    fault_sandbox.set_anilist_latency(30)
    reply, elapsed = _watchlist(http, user)
    _expect(reply, 504, "upstream_timeout")
    assert elapsed <= WATCHLIST_DEADLINE_S * SLACK, elapsed


def test_anilist_refusing_the_token_is_400_relink(
    fault_sandbox: ThreadedSandbox, http: httpx.Client, user: User
) -> None:
    fault_sandbox.call(lambda: fault_sandbox.anilist.fail_next(400, times=3, body=INVALID_TOKEN))
    reply, _ = _watchlist(http, user)
    _expect(reply, 400, "anilist_relink")
    linked = http.post(
        "/api/v1/auth/anilist/link", json={"access_token": "not-a-token"}, headers=user.headers
    )
    _expect(linked, 400, "anilist_relink")


@pytest.mark.parametrize(
    ("status", "body", "content_type"),
    [
        (503, CLOUDFLARE, "text/html; charset=utf-8"),  # Cloudflare's challenge
        (200, CLOUDFLARE, "text/html; charset=utf-8"),  # ... served as a success
        (200, "<rss><channel><item><title>cut sh", "application/xml"),  # malformed
        (200, "\x00\xff garbage", "application/xml"),
        (500, "<h1>500</h1>", "text/html"),
    ],
    ids=["cloudflare-503", "cloudflare-200", "truncated-rss", "garbage", "500"],
)
def test_nyaa_answering_badly_is_502(
    fault_sandbox: ThreadedSandbox,
    http: httpx.Client,
    user: User,
    status: int,
    body: str,
    content_type: str,
) -> None:
    fault_sandbox.call(
        lambda: fault_sandbox.nyaa.fail_next(status, 10, body=body, content_type=content_type)
    )
    reply, elapsed = _search(http, user)
    if status == 200 and reply.status_code == 200:  # a feed with nothing readable in it
        assert reply.json()["candidates"] == []
    else:
        _expect(reply, 502, "upstream_error")
    assert elapsed <= SEARCH_DEADLINE_S * SLACK
    fault_sandbox.call(fault_sandbox.nyaa._faults.clear)
    assert _search(http, user)[0].status_code == 200


def test_nyaa_429_is_429_or_502(fault_sandbox: ThreadedSandbox, http: httpx.Client, user: User):
    fault_sandbox.call(lambda: fault_sandbox.nyaa.fail_next(429, 10, body="<h1>429</h1>"))
    reply, elapsed = _search(http, user)
    assert reply.status_code in (429, 502), reply.text
    assert reply.json()["code"] in ("upstream_rate_limited", "upstream_error")
    if reply.status_code == 429:
        assert reply.headers["retry-after"].isdigit()
    assert elapsed <= SEARCH_DEADLINE_S * SLACK


def test_nyaa_slow_is_504_within_the_deadline(
    fault_sandbox: ThreadedSandbox, http: httpx.Client, user: User
) -> None:
    fault_sandbox.set_nyaa_latency(60)
    reply, elapsed = _search(http, user)
    _expect(reply, 504, "upstream_timeout")
    assert elapsed <= SEARCH_DEADLINE_S * SLACK, elapsed


def test_a_download_with_nyaa_hanging_ends_within_20_s(
    fault_sandbox: ThreadedSandbox, http: httpx.Client, user: User
) -> None:
    fault_sandbox.set_nyaa_latency(60)
    reply, elapsed = timed(
        lambda: http.post(
            "/api/v1/watchlist/download",
            json={"media_id": 172463, "episode": 6},
            headers=user.headers,
        )
    )
    assert reply.status_code == 504, reply.text
    assert elapsed <= DOWNLOAD_DEADLINE_S * SLACK, elapsed


# Last: AniList's 429 blocks our AniList limiter for as long as AniList says (a minute here).
def test_anilist_429_is_429_with_retry_after(
    fault_sandbox: ThreadedSandbox, http: httpx.Client, user: User
) -> None:
    body = '{"data":null,"errors":[{"message":"Too Many Requests.","status":429}]}'
    fault_sandbox.call(lambda: fault_sandbox.anilist.fail_next(429, times=10, body=body))
    reply, elapsed = _watchlist(http, user)
    assert reply.status_code in (429, 502), reply.text
    if reply.status_code == 429:
        assert reply.json()["code"] == "upstream_rate_limited"
        assert reply.headers["retry-after"].isdigit()
    assert elapsed <= WATCHLIST_DEADLINE_S * SLACK
