"""A user of the public API, as the TUI is: sign up, log in, link AniList, call, wait."""

from __future__ import annotations

import asyncio
import secrets
import time
from types import TracebackType
from typing import Any

import httpx

from uuut_sandbox.demo.world import ANILIST_TOKEN

DOWNLOAD_TIMEOUT_S = 120.0


class Client:
    def __init__(self, gateway_url: str) -> None:
        self.gateway_url = gateway_url
        self.http = httpx.AsyncClient(base_url=f"{gateway_url}/api/v1", timeout=60)
        self.headers: dict[str, str] = {}

    async def __aenter__(self) -> Client:
        return self

    async def __aexit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.http.aclose()

    async def sign_up_and_link(self) -> str:
        """A new user, logged in, with the demo's AniList account linked; their username."""
        username, password = f"e2e-{secrets.token_hex(4)}", f"pass {secrets.token_hex(8)}"
        signed_up = await self.http.post(
            "/auth/signup", json={"username": username, "password": password}
        )
        assert signed_up.status_code == 201, signed_up.text
        login = await self.http.post(
            "/auth/token", data={"username": username, "password": password}
        )
        assert login.status_code == 200, login.text
        self.headers = {"Authorization": f"Bearer {login.json()['access_token']}"}
        linked = await self.post("/auth/anilist/link", {"access_token": ANILIST_TOKEN})
        assert linked.status_code == 200, linked.text
        return username

    async def get(self, path: str) -> httpx.Response:
        return await self.http.get(path, headers=self.headers)

    async def post(self, path: str, body: Any = None) -> httpx.Response:
        return await self.http.post(path, json=body, headers=self.headers)

    async def put(self, path: str, body: Any) -> httpx.Response:
        return await self.http.put(path, json=body, headers=self.headers)

    async def ok(self, method: str, path: str, body: Any = None, status: int = 200) -> Any:
        """The JSON of a call that must answer `status`."""
        response = await self.http.request(method, path, json=body, headers=self.headers)
        assert response.status_code == status, f"{method} {path}: {response.text}"
        return response.json() if response.content else None

    async def entry(self, media_id: int) -> dict[str, Any]:
        entries = (await self.ok("GET", "/watchlist"))["entries"]
        return next(e for e in entries if e["media_id"] == media_id)

    async def downloaded(self, info_hash: str) -> dict[str, Any]:
        """The torrent once qBittorrent has all of it from the sandbox's seeder."""
        deadline = time.monotonic() + DOWNLOAD_TIMEOUT_S
        while True:
            torrent = await self.ok("GET", f"/torrents/{info_hash}")
            if torrent["progress"] == 1.0:
                return dict(torrent)
            assert torrent["state"] not in ("error", "missing"), torrent
            assert time.monotonic() < deadline, f"not downloaded in time: {torrent}"
            await asyncio.sleep(0.5)
