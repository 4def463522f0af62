"""PostgreSQL and qBittorrent go away and come back (the supervisor restarts them): requests
meanwhile are refused cleanly and quickly (never a 500), the services reconnect, and nothing
written before is lost."""

from __future__ import annotations

import os
import signal

import httpx
import psutil

from ..contract.stack import RunningStack
from .conftest import User, child_process, replaced, timed, wait_until

DEADLINE_S = 5.0 * 1.1
MAGNET = "magnet:?xt=urn:btih:{}&dn=fault-test"


def _is_postmaster(line: str) -> bool:
    return line.split(" ")[0].endswith("/postgres")


def _is_qbittorrent(line: str) -> bool:
    return "qbittorrent-nox" in line


def _postmaster(stack: RunningStack) -> psutil.Process:
    return child_process(stack, _is_postmaster)


def test_postgres_restart_loses_no_write(
    fault_stack: RunningStack, http: httpx.Client, user: User
) -> None:
    before = {"quality": "720p", "groups": ["SubsPlease"], "trusted_only": True}
    written = http.put("/api/v1/users/me/preferences", json=before, headers=user.headers)
    assert written.status_code == 200, written.text
    postmaster = _postmaster(fault_stack)
    os.kill(postmaster.pid, signal.SIGINT)  # a fast shutdown: what a restart does
    postmaster.wait(30)

    reply, elapsed = timed(lambda: http.get("/api/v1/users/me/preferences", headers=user.headers))
    assert reply.status_code in (200, 503), reply.text  # 200: it was back already
    assert elapsed <= DEADLINE_S

    wait_until(lambda: replaced(fault_stack, _is_postmaster, postmaster.pid))
    after = {"quality": "1080p", "groups": ["Erai-raws"], "trusted_only": False}

    def read_back() -> bool:
        got = http.get("/api/v1/users/me/preferences", headers=user.headers)
        assert got.status_code in (200, 503), got.text
        return got.status_code == 200 and got.json() == before

    wait_until(read_back, 30)  # the write before the restart is there
    wait_until(
        lambda: (
            http.put("/api/v1/users/me/preferences", json=after, headers=user.headers).status_code
            == 200
        ),
        30,
    )
    assert http.get("/api/v1/users/me/preferences", headers=user.headers).json() == after
    listed = http.get("/api/v1/torrents", headers=user.headers)
    assert listed.status_code == 200, listed.text  # the torrent service reconnected too


def test_qbittorrent_down_then_restarted(
    fault_stack: RunningStack, http: httpx.Client, user: User
) -> None:
    kept = "ab" * 20
    added = http.post(
        "/api/v1/torrents", json={"source": MAGNET.format(kept)}, headers=user.headers
    )
    assert added.status_code == 201, added.text
    qbittorrent = child_process(fault_stack, _is_qbittorrent)
    qbittorrent.kill()
    qbittorrent.wait(10)

    listed, elapsed = timed(lambda: http.get("/api/v1/torrents", headers=user.headers))
    assert listed.status_code in (200, 502, 503, 504), listed.text
    assert elapsed <= DEADLINE_S
    new, elapsed = timed(
        lambda: http.post(
            "/api/v1/torrents", json={"source": MAGNET.format("cd" * 20)}, headers=user.headers
        )
    )
    assert new.status_code in (201, 502, 503, 504), new.text
    assert elapsed <= DEADLINE_S

    wait_until(lambda: replaced(fault_stack, _is_qbittorrent, qbittorrent.pid))
    # A new qBittorrent means a new WebUI session: the service logs in again by itself.
    third = "ef" * 20

    def adds() -> bool:
        reply = http.post(
            "/api/v1/torrents", json={"source": MAGNET.format(third)}, headers=user.headers
        )
        assert reply.status_code in (200, 201, 502, 503, 504), reply.text
        return reply.status_code in (200, 201)

    wait_until(adds, 60)
    listed = http.get("/api/v1/torrents", headers=user.headers).json()["torrents"]
    hashes = {t["hash"] for t in listed}
    assert {kept, third} <= hashes
