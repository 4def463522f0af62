"""A gateway started as `uuutorrent up` starts it builds only what it uses (issue 2's 70 MB)."""

from __future__ import annotations

import json
import subprocess
import sys

_SCRIPT = """
import asyncio, json, sys
from uuut_kit import lean
lean.skip_unused_imports()
from uuut_gateway.__main__ import import_fastapi_leaving_openapi_models_unbuilt
import_fastapi_leaving_openapi_models_unbuilt()
import httpx
from fastapi.openapi.models import OpenAPI, HTTPBearer
from uuut_gateway.app import create_app
from uuut_gateway.config import GatewaySettings
from uuut_gateway.schemas.users import TokenOut

async def main():
    app = create_app(GatewaySettings())
    transport = httpx.ASGITransport(app=app)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=transport, base_url="http://gateway") as http,
    ):
        unauthenticated = await http.get("/api/v1/torrents")
        malformed = await http.post("/api/v1/auth/token", data={"grant_type": "password"})
        document = await http.get("/openapi.json")
    return {
        "unauthenticated": unauthenticated.status_code,
        "malformed": malformed.status_code,
        "document": document.json()["info"]["title"],
        "openapi_model_built": OpenAPI.__pydantic_complete__,
        "security_model_built": HTTPBearer.__pydantic_complete__,
        "own_model_built": TokenOut.__pydantic_complete__,
        "pydantic_1_loaded": sys.modules.get("pydantic.v1") is not None,
    }

print(json.dumps(asyncio.run(main())))
"""


def test_the_gateway_serves_without_building_what_it_never_uses() -> None:
    out = subprocess.run(
        [sys.executable, "-OO", "-c", _SCRIPT], capture_output=True, text=True, timeout=60
    )
    assert out.returncode == 0, out.stderr
    state = json.loads(out.stdout.strip().splitlines()[-1])
    assert state["unauthenticated"] == 401
    assert state["malformed"] == 422
    assert state["document"] == "UUUTorrent"  # the prebuilt document, served as before
    assert not state["openapi_model_built"]  # never validated against
    assert state["security_model_built"]  # built when the bearer scheme was declared
    assert state["own_model_built"]  # the gateway's models are built as usual
    assert not state["pydantic_1_loaded"]
