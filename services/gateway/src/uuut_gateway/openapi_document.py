"""The API's OpenAPI document, built ahead of time from the routes and their docstrings.

The gateway runs at `python -OO`, which leaves docstrings out of memory (about 3 MB), and
docstrings are where FastAPI finds each operation's description. So the document is built
once, by `make openapi` in a normal interpreter, and committed beside this module; the
gateway serves that file. A test fails when the file no longer matches the routes.

`python -m uuut_gateway.openapi_document` rewrites the file.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from fastapi import FastAPI

DOCUMENT = Path(__file__).with_name("openapi.json")


def build(app: FastAPI) -> dict[str, Any]:
    """The document FastAPI makes from `app`'s routes (descriptions need the docstrings)."""
    if sys.flags.optimize >= 2:
        raise RuntimeError("build the OpenAPI document without -OO: it reads the docstrings")
    # FastAPI's own method, past the app's `openapi` attribute that serves the committed file.
    return FastAPI.openapi(app)


def render(document: dict[str, Any]) -> str:
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def published() -> dict[str, Any]:
    """The committed document; read at each request for it, so it is never kept in memory."""
    document: dict[str, Any] = json.loads(DOCUMENT.read_text(encoding="utf-8"))
    return document


def main() -> None:
    from uuut_gateway.app import create_app
    from uuut_gateway.config import GatewaySettings

    DOCUMENT.write_text(render(build(create_app(GatewaySettings()))), encoding="utf-8")
    print(f"wrote {DOCUMENT}")


if __name__ == "__main__":
    main()
