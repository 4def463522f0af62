"""The gateway publishes the committed OpenAPI document, and that document is the routes'."""

from __future__ import annotations

import json
import subprocess
import sys

import httpx

from uuut_gateway import openapi_document
from uuut_gateway.app import create_app
from uuut_gateway.config import GatewaySettings


def test_the_committed_document_matches_the_routes() -> None:
    fresh = openapi_document.render(openapi_document.build(create_app(GatewaySettings())))
    committed = openapi_document.DOCUMENT.read_text(encoding="utf-8")
    assert fresh == committed, "the routes changed: run `make openapi` and commit openapi.json"


def test_every_operation_is_described_at_minus_oo() -> None:
    # What a user of /docs reads, from a gateway started as `uuutorrent up` and the image do.
    code = (
        "import json\n"
        "from uuut_gateway.app import create_app\n"
        "from uuut_gateway.config import GatewaySettings\n"
        "document = create_app(GatewaySettings()).openapi()\n"
        "print(json.dumps({path + ' ' + method: bool(operation.get('description'))\n"
        "    for path, item in document['paths'].items() for method, operation in item.items()}))"
    )
    out = subprocess.run(
        [sys.executable, "-OO", "-c", code], capture_output=True, text=True, check=True
    )
    described = json.loads(out.stdout.splitlines()[-1])
    committed = openapi_document.published()["paths"]
    expected = {
        f"{path} {method}": bool(operation.get("description"))
        for path, item in committed.items()
        for method, operation in item.items()
    }
    assert described == expected
    assert described["/ready get"]  # one that the docstrings describe


async def test_the_served_document_is_the_committed_one(client: httpx.AsyncClient) -> None:
    served = (await client.get("/openapi.json")).json()
    assert served == openapi_document.published()
