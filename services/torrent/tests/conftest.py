"""Real parts for the torrent service's tests: qbittorrent-nox, a loopback swarm, PostgreSQL.

One qbittorrent-nox and one swarm serve the whole run (each test makes its own torrents, so
hashes never collide); each test that needs the service gets a fresh database.
"""

from __future__ import annotations

import contextlib
import itertools
import socket
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from uuut_kit.channels import create_channel
from uuut_kit.testing import SigningKey
from uuut_sandbox.seeder import Seeder, Tracker
from uuut_stack.process import Child
from uuut_stack.qbittorrent import LocalQbittorrent, QbittorrentCredentials
from uuut_torrent.config import TorrentSettings
from uuut_torrent.server import build
from uuutorrent.torrent.v1 import torrent_pb2_grpc

from .files import FileServer
from .support import DirectQbittorrent, Running, Swarm


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
async def qbittorrent(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[LocalQbittorrent]:
    """A real qbittorrent-nox (Debian's 4.5.2 here), started as `uuutorrent up` starts it."""
    local = LocalQbittorrent(
        tmp_path_factory.mktemp("qbt"), free_port(), QbittorrentCredentials("admin", "s3cret-pw")
    )
    local.prepare()
    child = Child(local.child_spec())
    child.spawn()
    await child.wait_ready(60)
    yield local
    await child.stop()


@pytest.fixture(scope="session")
async def swarm(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Swarm]:
    async with Tracker() as tracker:
        with Seeder() as seeder:
            yield Swarm(tracker, seeder, tmp_path_factory.mktemp("swarm"), itertools.count(1))


@pytest.fixture
def key(tmp_path: Path) -> SigningKey:
    key = SigningKey()
    key.publish(tmp_path / "keys" / "jwks.json")
    return key


@pytest.fixture(scope="session")
async def nyaa() -> AsyncIterator[FileServer]:
    """Stands in for the configured Nyaa host: its .torrent links are trusted on loopback."""
    async with FileServer() as server:
        yield server


@pytest.fixture
def start_service(
    tmp_path: Path, key: SigningKey, database_url_for, qbittorrent: LocalQbittorrent, nyaa
):
    """`async with start_service(**overrides) as running:` the torrent service, built as in
    production, against the real qBittorrent unless overridden."""

    @contextlib.asynccontextmanager
    async def start(**overrides: object) -> AsyncIterator[Running]:
        values: dict[str, object] = {
            "data_dir": tmp_path,
            "grpc_port": 0,
            "ops_port": 0,
            "shutdown_grace_s": 1,
            "service_database_url": await database_url_for("torrent"),
            "qbittorrent_url": qbittorrent.url,
            "qbittorrent_username": qbittorrent.credentials.username,
            "qbittorrent_password": qbittorrent.credentials.password,
            "nyaa_url": nyaa.url("/"),
            "public_host": "files.example",
            "ssh_user": "ann",
            "host_downloads_dir": "/srv/anime",
            "mirror_poll_s": 0.2,
        }
        settings = TorrentSettings(**(values | overrides))
        runtime = await build(settings)
        await runtime.start()
        channel = create_channel(f"127.0.0.1:{runtime.grpc_port}")
        try:
            yield Running(runtime, torrent_pb2_grpc.TorrentServiceStub(channel), key, settings)
        finally:
            await channel.close()
            await runtime.stop()

    return start


@pytest.fixture
async def torrent_service(start_service) -> AsyncIterator[Running]:
    async with start_service() as running:
        yield running


@pytest.fixture
def direct(qbittorrent: LocalQbittorrent) -> DirectQbittorrent:
    """qBittorrent asked directly, to see what it really holds."""
    return DirectQbittorrent(
        qbittorrent.url, qbittorrent.credentials.username, qbittorrent.credentials.password
    )
