"""What a process imports is what it keeps resident (issue 10): each check in a fresh Python."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from uuut_kit.testing import SigningKey


def _loaded(code: str, **env: str) -> dict[str, bool]:
    """Run `code` in a new interpreter; which of the watched modules it loaded."""
    watched = [
        "rich",
        "click",
        "sqlalchemy",
        "asyncpg",
        "google.protobuf.descriptor_pb2",
        "watchfiles",
        "cryptography",
        "greenlet",
        "pydantic.v1",
    ]
    script = (
        f"import sys\n{code}\nimport json\n"
        f"print(json.dumps({{m: sys.modules.get(m) is not None for m in {watched!r}}}))"
    )
    out = subprocess.run(
        [sys.executable, "-c", script],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_a_service_does_not_load_what_it_never_uses() -> None:
    loaded = _loaded(
        "from uuut_kit import lean\nlean.skip_unused_imports()\n"
        "import httpx, structlog, uuut_kit.server, uuut_kit.logging",
        UUUT_LOG_FORMAT="json",
    )
    assert not loaded["rich"]  # structlog's console tracebacks
    assert not loaded["click"]  # httpx's command-line client
    assert not loaded["google.protobuf.descriptor_pb2"]  # reflection, until first asked
    assert not loaded["greenlet"]  # structlog's greenlet-local context


def test_the_gateway_does_not_load_the_reload_watcher() -> None:
    loaded = _loaded(
        "from uuut_kit import lean\nlean.skip_unused_imports()\nimport uvicorn.supervisors"
    )
    assert not loaded["watchfiles"]


def test_the_gateway_builds_its_routes_without_pydantic_1() -> None:
    loaded = _loaded(
        "from uuut_kit import lean\nlean.skip_unused_imports()\n"
        "import fastapi, pydantic\nfrom fastapi.encoders import jsonable_encoder\n"
        "class Reply(pydantic.BaseModel):\n    name: str\n"
        "app = fastapi.FastAPI()\n"
        "app.get('/reply', response_model=list[Reply])(lambda: [Reply(name='a')])\n"
        "assert jsonable_encoder(object.__new__(type('Plain', (), {}))) == {}"
    )
    assert not loaded["pydantic.v1"]


def test_a_process_that_only_verifies_tokens_leaves_cryptography_out(tmp_path: Path) -> None:
    key = SigningKey()
    key.publish(tmp_path / "jwks.json")
    loaded = _loaded(
        "from uuut_kit import lean\nlean.skip_unused_imports()\n"
        "import uuut_kit.server\nfrom pathlib import Path\n"
        "from uuut_kit.tokens import TokenVerifier\n"
        f"verifier = TokenVerifier(Path({str(tmp_path / 'jwks.json')!r}))\n"
        f"assert verifier.verify({key.sign(sub='42')!r}).user_id == 42"
    )
    assert not loaded["cryptography"]


def test_a_process_keeps_what_it_says_it_uses() -> None:
    loaded = _loaded(
        "from uuut_kit import lean\nlean.skip_unused_imports(keep={'cryptography'})\n"
        "import jwt.algorithms\nassert jwt.algorithms.has_crypto"
    )
    assert loaded["cryptography"]


def test_console_logs_keep_their_rich_tracebacks() -> None:
    pytest.importorskip("rich")
    loaded = _loaded(
        "from uuut_kit import lean\nlean.skip_unused_imports()\nimport structlog.dev",
        UUUT_LOG_FORMAT="console",
    )
    assert loaded["rich"]


def test_the_interceptors_do_not_bring_the_database_along() -> None:
    # The gateway imports them for their constants and has no database.
    loaded = _loaded("import uuut_kit.interceptors")
    assert not loaded["sqlalchemy"]
    assert not loaded["asyncpg"]


def test_settle_runs_anywhere() -> None:
    _loaded("from uuut_kit import lean\nlean.settle()\nimport gc\nassert gc.get_freeze_count()")
