"""Helpers shared by the torrent tests."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import grpc
import httpx
from google.rpc import error_details_pb2, status_pb2

from uuut_kit.server import ServiceRuntime
from uuut_kit.testing import SigningKey
from uuut_sandbox.seeder import Seeder, TorrentFile, Tracker, generate_file, make_torrent
from uuut_torrent.config import TorrentSettings
from uuutorrent.torrent.v1 import torrent_pb2_grpc

T = TypeVar("T")


@dataclass
class Swarm:
    tracker: Tracker
    seeder: Seeder
    root: Path
    _names: Iterator[int]

    async def release(self, name: str | None = None, size: int = 256 * 1024) -> TorrentFile:
        """A new torrent of fresh content, already seeded and announced."""
        number = next(self._names)
        name = name or f"[Sandbox] Show - {number:02d} (1080p).mkv"
        folder = self.root / f"r{number}"
        content = generate_file(folder / name, size)
        torrent = make_torrent(content, (self.tracker.announce_url,))
        self.seeder.seed(torrent, folder)
        await self.seeder.wait_seeding(torrent.info_hash)
        return torrent


def bearer(token: str) -> tuple[tuple[str, str], ...]:
    return (("authorization", f"Bearer {token}"),)


@dataclass
class Running:
    runtime: ServiceRuntime
    stub: torrent_pb2_grpc.TorrentServiceStub
    key: SigningKey
    settings: TorrentSettings

    def as_user(self, user_id: int, role: str = "user") -> tuple[tuple[str, str], ...]:
        return bearer(self.key.sign(sub=str(user_id), role=role))


def rpc_error_reason(error: grpc.aio.AioRpcError) -> str:
    raw = dict(error.trailing_metadata() or ())["grpc-status-details-bin"]
    status = status_pb2.Status.FromString(raw)
    info = error_details_pb2.ErrorInfo()
    status.details[0].Unpack(info)
    return info.reason


async def eventually(
    probe: Callable[[], Awaitable[T]], until: Callable[[T], bool], timeout_s: float = 30
) -> T:
    """Poll `probe` until `until(result)`; fail with the last result after `timeout_s`."""
    deadline = time.monotonic() + timeout_s
    while True:
        result = await probe()
        if until(result):
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"condition not met in {timeout_s}s; last: {result!r}")
        await asyncio.sleep(0.1)


class DirectQbittorrent:
    """qBittorrent asked directly, not through the service: what it really holds."""

    def __init__(self, url: str, username: str, password: str) -> None:
        self._url, self._form = url, {"username": username, "password": password}

    async def _call(self, method: str, endpoint: str, **kwargs: object) -> httpx.Response:
        async with httpx.AsyncClient(base_url=f"{self._url}/api/v2/", timeout=10) as http:
            await http.post("auth/login", data=self._form)
            return await http.request(method, endpoint, **kwargs)  # type: ignore[arg-type]

    async def info(self, info_hash: str) -> list[dict]:
        response = await self._call("GET", "torrents/info", params={"hashes": info_hash})
        return response.json()

    async def add_magnet(self, magnet: str) -> None:
        """Add a torrent as someone at qBittorrent's own WebUI would: no category, no tag."""
        await self._call("POST", "torrents/add", data={"urls": magnet})

    async def delete(self, info_hash: str) -> None:
        data = {"hashes": info_hash, "deleteFiles": "true"}
        await self._call("POST", "torrents/delete", data=data)
