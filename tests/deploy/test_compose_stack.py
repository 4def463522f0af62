"""The Compose stack as an operator sees it: dashboards with data, a crash the gateway survives.

Run by `make compose-test` after the contract tests (skipped without the Compose stack).
"""

from __future__ import annotations

import json
import os
import signal
import time
from pathlib import Path

import httpx
import pytest

from .compose import container_id, inspect, needs_compose_stack

pytestmark = needs_compose_stack
DASHBOARDS = Path(__file__).resolve().parents[2] / "deploy" / "grafana" / "dashboards"
# Grafana's $__rate_interval; over the whole test run, so every counter the tests moved counts.
RATE_INTERVAL = "5m"


def gateway_url() -> str:
    return os.environ["UUUT_CONTRACT_GATEWAY_URL"]


def admin_token(http: httpx.Client) -> str:
    reply = http.post(
        f"{gateway_url()}/api/v1/auth/token",
        data={
            "username": os.environ["UUUT_CONTRACT_ADMIN_USERNAME"],
            "password": os.environ["UUUT_CONTRACT_ADMIN_PASSWORD"],
        },
    )
    assert reply.status_code == 200, reply.text
    return str(reply.json()["access_token"])


def panel_queries() -> list[tuple[str, str, str]]:
    """(dashboard, panel title, expr) for every target of every panel."""
    found = []
    for path in sorted(DASHBOARDS.glob("*.json")):
        board = json.loads(path.read_text())
        for panel in board["panels"]:
            for target in panel.get("targets", []):
                found.append((path.stem, panel["title"], target["expr"]))
    return found


def test_every_dashboard_is_provisioned_with_the_fixed_datasource() -> None:
    for path in DASHBOARDS.glob("*.json"):
        board = json.loads(path.read_text())
        for panel in board["panels"]:
            if panel["type"] != "row":
                assert panel["datasource"]["uid"] == "uuut-prometheus", (path.name, panel["title"])
    assert {p.stem for p in DASHBOARDS.glob("*.json")} >= {
        "overview",
        "gateway",
        "auth",
        "watchlist",
        "search",
        "torrent",
    }


def test_every_dashboard_panel_returns_data() -> None:
    prometheus = os.environ["UUUT_PROMETHEUS_URL"]
    with httpx.Client(timeout=30) as http:
        # A little traffic of each kind, then two scrapes, so every series is current.
        token = admin_token(http)
        auth = {"Authorization": f"Bearer {token}"}
        for path in ("/api/v1/users/me", "/api/v1/torrents", "/api/v1/search?q=frieren&episode=1"):
            http.get(f"{gateway_url()}{path}", headers=auth)
        queries = panel_queries()
        assert len(queries) > 60
        deadline = time.monotonic() + 90
        while True:
            empty, invalid = [], []
            for board, title, expr in queries:
                reply = http.get(
                    f"{prometheus}/api/v1/query",
                    params={"query": expr.replace("$__rate_interval", RATE_INTERVAL)},
                )
                if reply.status_code != 200:
                    invalid.append(f"{board} / {title}: {reply.json().get('error')}")
                elif not reply.json()["data"]["result"]:
                    empty.append(f"{board} / {title}: {expr}")
            assert not invalid, "invalid queries:\n" + "\n".join(invalid)
            if not empty or time.monotonic() > deadline:
                break
            time.sleep(5)
        assert not empty, f"{len(empty)} panel queries return no data:\n" + "\n".join(empty)


def test_a_killed_service_gives_503_at_once_then_recovers() -> None:
    container = container_id("torrent")
    restarts = int(inspect(container, "{{.RestartCount}}"))
    with httpx.Client(timeout=30) as http:
        auth = {"Authorization": f"Bearer {admin_token(http)}"}
        assert http.get(f"{gateway_url()}/api/v1/torrents", headers=auth).status_code == 200

        # A crash, not a stop: SIGKILL to the container's first process, from the host.
        os.kill(int(inspect(container, "{{.State.Pid}}")), signal.SIGKILL)
        asked = time.monotonic()
        reply = http.get(f"{gateway_url()}/api/v1/torrents", headers=auth)
        took = time.monotonic() - asked
        assert reply.status_code == 503, reply.text
        assert reply.json()["code"] == "service_unavailable"
        assert took < 3, f"the gateway took {took:.1f}s to say 503"

        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            status = http.get(f"{gateway_url()}/api/v1/torrents", headers=auth).status_code
            if status == 200:
                break
            time.sleep(1)
        else:
            pytest.fail(f"the gateway still answers {status} two minutes after the crash")
        recovered = time.monotonic() - asked
    assert int(inspect(container, "{{.RestartCount}}")) == restarts + 1
    print(f"503 in {took:.2f}s; recovered {recovered:.1f}s after the crash")
