"""Kill each service (SIGKILL): the routes that need it answer 503 within their deadline, the
others keep working, the supervisor brings it back, and a download in flight is neither lost
nor duplicated."""

from __future__ import annotations

import threading
import time

import httpx
import pytest

from ..contract.stack import RunningStack
from ..hostile.sandboxed import ThreadedSandbox
from .conftest import User, ready, service_process, timed, wait_until

INTERNAL_DEADLINE_S = 5.0
SLACK = 1.1  # a request may outlive its deadline by at most 10%

# service → (a route that needs it, routes that do not). /users/me needs watchlist too: it
# shows the AniList link.
ROUTES = {
    "auth": ("/api/v1/users/me", ["/api/v1/torrents", "/api/v1/watchlist"]),
    "watchlist": ("/api/v1/watchlist", ["/api/v1/torrents", "/api/v1/users/me/preferences"]),
    "search": ("/api/v1/search?q=frieren", ["/api/v1/torrents", "/api/v1/watchlist"]),
    "torrent": ("/api/v1/torrents", ["/api/v1/users/me", "/api/v1/search?q=frieren"]),
}


@pytest.mark.parametrize("service", list(ROUTES))
def test_a_killed_service_is_503_then_back(
    fault_stack: RunningStack, http: httpx.Client, user: User, service: str
) -> None:
    needed, others = ROUTES[service]
    for path in [needed, *others]:  # warm: every route works, the login was just checked
        assert http.get(path, headers=user.headers).status_code == 200, path
    victim = service_process(fault_stack, service)
    victim.kill()
    victim.wait(10)

    reply, elapsed = timed(lambda: http.get(needed, headers=user.headers))
    assert reply.status_code == 503, reply.text
    assert reply.json()["code"] == "service_unavailable"
    assert elapsed <= INTERNAL_DEADLINE_S * SLACK, elapsed
    for path in others:
        other = http.get(path, headers=user.headers)
        assert other.status_code == 200, f"{path} while {service} is down: {other.text}"

    def back() -> bool:
        try:
            restarted = service_process(fault_stack, service).pid != victim.pid
        except AssertionError:
            return False
        return restarted and ready(fault_stack.ops_url(service))

    wait_until(back)
    wait_until(lambda: http.get(needed, headers=user.headers).status_code == 200, 15)


def test_a_download_in_flight_when_torrent_dies_is_not_lost_nor_doubled(
    fault_stack: RunningStack, fault_sandbox: ThreadedSandbox, http: httpx.Client, user: User
) -> None:
    media_id, episode = 182255, 3  # Frieren S2: aired, not watched
    fetched = len(fault_sandbox.nyaa.requests)
    answers: list[httpx.Response] = []
    # The .torrent download (torrent service → Nyaa) takes a second: kill it meanwhile.
    fault_sandbox.set_latency(1.0)
    try:
        flow = threading.Thread(
            target=lambda: answers.append(
                http.post(
                    "/api/v1/watchlist/download",
                    json={"media_id": media_id, "episode": episode},
                    headers=user.headers,
                )
            )
        )
        flow.start()
        wait_until(
            lambda: any("/download/" in u for u in fault_sandbox.nyaa.requests[fetched:]), 30
        )
        victim = service_process(fault_stack, "torrent")
        victim.kill()
        flow.join(30)
    finally:
        fault_sandbox.set_latency(0)
    assert answers and answers[0].status_code in (201, 503, 504), answers[0].text
    wait_until(lambda: ready(fault_stack.ops_url("torrent")))

    def again() -> httpx.Response:
        return http.post(
            "/api/v1/watchlist/download",
            json={"media_id": media_id, "episode": episode},
            headers=user.headers,
        )

    deadline = time.monotonic() + 30
    while (retried := again()).status_code in (503, 504) and time.monotonic() < deadline:
        time.sleep(0.5)
    assert retried.status_code in (200, 201), retried.text
    if answers[0].status_code == 201:
        assert retried.status_code == 200  # it was kept: asking again is not a new one
    assert again().status_code == 200
    listed = http.get("/api/v1/torrents", headers=user.headers).json()["torrents"]
    mine = [t for t in listed if (t["media_id"], t["episode"]) == (media_id, episode)]
    assert len(mine) == 1, listed
    assert mine[0]["hash"] == retried.json()["torrent"]["hash"]
