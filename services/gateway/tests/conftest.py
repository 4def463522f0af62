"""A gateway app wired to service addresses where nothing listens, and a key to sign tokens."""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from uuut_gateway.app import create_app
from uuut_gateway.config import GatewaySettings
from uuut_kit.testing import SigningKey


def closed_port() -> str:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return f"127.0.0.1:{s.getsockname()[1]}"


@pytest.fixture
def key(tmp_path: Path) -> SigningKey:
    key = SigningKey()
    key.publish(tmp_path / "keys" / "jwks.json")
    return key


@pytest.fixture
async def client(tmp_path: Path, key: SigningKey) -> AsyncIterator[httpx.AsyncClient]:
    nowhere = closed_port()
    settings = GatewaySettings(
        data_dir=tmp_path,
        auth_target=nowhere,
        watchlist_target=nowhere,
        search_target=nowhere,
        torrent_target=nowhere,
    )
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://gateway") as client:
            yield client
