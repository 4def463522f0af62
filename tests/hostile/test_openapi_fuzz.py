"""Schemathesis over the gateway's own /openapi.json, on the real stack against the sandbox.

Every operation gets generated requests (valid and invalid bodies, queries and paths), sent with
a real token: a user's, and an admin's for the admin routes. None may answer 5xx: AniList and
Nyaa are the sandbox's fakes, so they answer; the one upstream that is down by design is the
Internet behind a user's `.torrent` URL (this machine has none), so POST /torrents may answer
502/504 for an http(s) source. Every error keeps the contract's shape.

The event stream is left out (it is endless by design; tests/contract covers it).
"""

from __future__ import annotations

import contextlib
import json
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode

from ..contract.stack import RunningStack
from .conftest import start_hostile_stack
from .sandboxed import ThreadedSandbox, login, new_user

EXAMPLES_PER_MODE = 15  # per operation: valid requests, then invalid ones
SKIPPED = {("GET", "/api/v1/torrents/events")}
UPSTREAM_DOWN_BY_DESIGN = {("POST", "/api/v1/torrents"): {502, 504}}


@dataclass
class Findings:
    calls: int = 0
    by_status: dict[int, int] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    def check(self, method: str, path: str, response: requests.Response, case: Any) -> None:
        self.calls += 1
        status = response.status_code
        self.by_status[status] = self.by_status.get(status, 0) + 1
        allowed = UPSTREAM_DOWN_BY_DESIGN.get((method, path), set())
        where = f"{method} {path} → {status}: {case.as_curl_command()}"
        if status >= 500 and status not in allowed:
            self.problems.append(f"{where}\n  {response.text[:300]}")
            return
        if status >= 400 and not _contract_error(response):
            self.problems.append(f"not the contract's shape: {where}\n  {response.text[:300]}")


def _contract_error(response: requests.Response) -> bool:
    try:
        body = response.json()
    except ValueError:
        return False
    return isinstance(body, dict) and "detail" in body and isinstance(body.get("code"), str)


def _tokens(stack: RunningStack, operations: list[Any]) -> dict[tuple[str, str], str]:
    """A fresh caller per operation (an admin for admin routes): an operation that logs out,
    changes the password or disables its caller spoils only its own examples."""
    with httpx.Client(base_url=stack.gateway_url, timeout=30) as http:
        root = login(http, stack.admin_username, stack.admin_password)
        tokens = {}
        for operation in operations:
            admin = "/admin/" in operation.path or operation.path.endswith("/torrents/all")
            role = "admin" if admin else "user"
            linked = operation.path.startswith("/api/v1/watchlist")
            _, _, token = new_user(http, root, "fuzz", role=role, link=linked)
            tokens[(operation.method.upper(), operation.path)] = token
        return tokens


def _fuzz(
    operation: Any,
    mode: GenerationMode,
    base_url: str,
    session: requests.Session,
    token: str,
    findings: Findings,
) -> None:
    method, path = operation.method.upper(), operation.path
    headers = {"Authorization": f"Bearer {token}"}

    @settings(
        max_examples=EXAMPLES_PER_MODE,
        deadline=None,
        derandomize=True,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(generation_mode=mode))
    def fuzz(case: Any) -> None:
        response = case.call(base_url=base_url, session=session, headers=headers, timeout=30)
        findings.check(method, path, response, case)

    # Some operations have nothing to make invalid (no parameters, no body).
    with contextlib.suppress(Unsatisfiable):
        fuzz()


@pytest.fixture(scope="module")
def fuzzed_stack(
    hostile_sandbox: ThreadedSandbox, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[RunningStack]:
    """A stack of its own: fuzzed admin calls disable, delete and re-password whichever users
    their generated ids name, and the other hostile tests' users must stay as they are."""
    running = start_hostile_stack(hostile_sandbox, tmp_path_factory.mktemp("fuzzed-stack"))
    yield running
    running.stop()


def test_no_operation_answers_a_server_error(fuzzed_stack: RunningStack) -> None:
    schema = schemathesis.openapi.from_url(f"{fuzzed_stack.gateway_url}/openapi.json")
    operations = [
        result.ok()
        for result in schema.get_all_operations()
        if (result.ok().method.upper(), result.ok().path) not in SKIPPED
    ]
    assert len(operations) >= 25, [f"{o.method} {o.path}" for o in operations]
    tokens = _tokens(fuzzed_stack, operations)
    findings = Findings()
    started = time.monotonic()
    session = requests.Session()
    for operation in operations:
        token = tokens[(operation.method.upper(), operation.path)]
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            _fuzz(operation, mode, fuzzed_stack.gateway_url, session, token, findings)
    elapsed = time.monotonic() - started
    print(
        f"\n{findings.calls} calls over {len(operations)} operations in {elapsed:.0f} s; "
        f"statuses {json.dumps(dict(sorted(findings.by_status.items())))}"
    )
    assert not findings.problems, "\n".join(findings.problems[:20])


@pytest.mark.parametrize("path", ["/health", "/ready", "/metrics", "/openapi.json"])
def test_the_root_routes_answer_without_a_token(hostile_stack: RunningStack, path: str) -> None:
    reply = httpx.get(f"{hostile_stack.gateway_url}{path}", timeout=10)
    assert reply.status_code == 200, reply.text
