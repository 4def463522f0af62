"""The client and the service against qBittorrent 4.6 to 5.2, as the faithful fake plays them
(the real 4.5.2 is covered by test_torrents_grpc.py)."""

from __future__ import annotations

import socket

import grpc
import httpx
import pytest

from uuut_kit.errors import DependencyUnavailable
from uuut_sandbox.seeder import generate_file, make_torrent
from uuut_torrent.qbittorrent import CredentialsRejected, QbittorrentClient
from uuut_torrent.views import State, map_state
from uuutorrent.torrent.v1 import torrent_pb2 as pb

from .fake_qbittorrent import FakeQbittorrent
from .support import rpc_error_reason

VERSIONS = ["4.6.7", "5.0.0", "5.1.4", "5.2.0"]


@pytest.fixture
def torrent_bytes(tmp_path):
    content = generate_file(tmp_path / "Show - 05.mkv", 40_000, seed=5)
    return make_torrent(content)


@pytest.mark.parametrize("version", VERSIONS)
async def test_the_client_speaks_every_version(version: str, torrent_bytes) -> None:
    async with FakeQbittorrent(version, password="pw") as fake:
        client = QbittorrentClient(fake.url, "admin", "pw")
        try:
            added = await client.add(
                torrent_file=torrent_bytes.data, category="uuutorrent", tags=["uuut-user-1"]
            )
            assert added.accepted
            if version == "5.2.0":  # the JSON answer names the hash
                assert added.hashes == (torrent_bytes.info_hash,)
            again = await client.add(
                torrent_file=torrent_bytes.data, category="uuutorrent", tags=["uuut-user-1"]
            )
            assert not again.accepted  # a duplicate: Fails. (<=5.1) or 409 (5.2)

            await client.pause([torrent_bytes.info_hash])
            [info] = await client.torrents([torrent_bytes.info_hash])
            assert info["state"] == ("stoppedDL" if version >= "5" else "pausedDL")
            assert map_state(info["state"]) == State.PAUSED
            await client.resume([torrent_bytes.info_hash])
            [info] = await client.torrents([torrent_bytes.info_hash])
            assert map_state(info["state"]) == State.STALLED
            await client.delete([torrent_bytes.info_hash], delete_files=True)
            assert await client.torrents([torrent_bytes.info_hash]) == []
        finally:
            await client.close()
        endpoints = set(fake.calls)
        assert ("torrents/stop" in endpoints) == (version >= "5")
        assert ("torrents/pause" in endpoints) == (version < "5")


@pytest.mark.parametrize("version", ["5.1.4", "5.2.0"])
async def test_wrong_credentials_are_tried_once_and_never_again(version: str) -> None:
    async with FakeQbittorrent(version, password="right") as fake:
        client = QbittorrentClient(fake.url, "admin", "wrong-password-value")
        try:
            for _ in range(3):
                with pytest.raises(CredentialsRejected) as caught:
                    await client.torrents()
                assert "UUUT_QBITTORRENT_PASSWORD" in caught.value.message
                assert "wrong-password-value" not in caught.value.message
            assert fake.login_attempts == 1  # far from the ban after 5
        finally:
            await client.close()


async def test_an_expired_session_is_renewed_transparently() -> None:
    async with FakeQbittorrent("5.2.0", password="pw") as fake:
        client = QbittorrentClient(fake.url, "admin", "pw")
        try:
            assert await client.torrents() == []
            fake.expire_sessions()
            assert await client.torrents() == []
            assert fake.login_attempts == 2
        finally:
            await client.close()


async def test_qbittorrent_down_is_dependency_unavailable() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    client = QbittorrentClient(f"http://127.0.0.1:{port}", "admin", "pw", timeout_s=2)
    try:
        with pytest.raises(DependencyUnavailable):
            await client.torrents()
    finally:
        await client.close()


async def test_the_service_on_qbittorrent_5_2(start_service, torrent_bytes, nyaa) -> None:
    async with (
        FakeQbittorrent("5.2.0", password="pw") as fake,
        start_service(
            qbittorrent_url=fake.url, qbittorrent_password="pw", mirror_poll_s=0.05
        ) as service,
    ):
        nyaa.files["/download/52.torrent"] = torrent_bytes.data
        user = service.as_user(1)
        added = await service.stub.AddTorrent(
            pb.AddTorrentRequest(source=nyaa.url("/download/52.torrent")), metadata=user
        )
        assert added.torrent.hash == torrent_bytes.info_hash
        assert fake.torrents[torrent_bytes.info_hash]["tags"] == "uuut-user-1"
        assert fake.torrents[torrent_bytes.info_hash]["category"] == "uuutorrent"

        await service.stub.PauseTorrent(
            pb.PauseTorrentRequest(hash=torrent_bytes.info_hash), metadata=user
        )
        assert fake.torrents[torrent_bytes.info_hash]["state"] == "stoppedDL"
        listed = await service.stub.ListTorrents(pb.ListTorrentsRequest(), metadata=user)
        assert [t.state for t in listed.torrents] == [pb.TORRENT_STATE_PAUSED]

        # Incremental sync: only the changed fields arrive, the mirror merges them.
        fake.finish(torrent_bytes.info_hash)
        stream = service.stub.WatchTorrents(pb.WatchTorrentsRequest(), metadata=user)
        assert (await stream.read()).torrent.hash == torrent_bytes.info_hash
        assert (await stream.read()).snapshot_done
        await service.stub.ResumeTorrent(
            pb.ResumeTorrentRequest(hash=torrent_bytes.info_hash), metadata=user
        )
        changed = await stream.read()
        assert changed.torrent.state == pb.TORRENT_STATE_SEEDING
        assert changed.torrent.progress == 1.0 and changed.torrent.name
        stream.cancel()


async def test_the_service_with_wrong_credentials_says_so(start_service) -> None:
    fake = FakeQbittorrent("5.2.0", password="right")
    settings = {"qbittorrent_password": "wrong"}
    async with fake, start_service(qbittorrent_url=fake.url, **settings) as service:
        for _ in range(3):
            with pytest.raises(grpc.aio.AioRpcError) as caught:
                await service.stub.ListTorrents(
                    pb.ListTorrentsRequest(), metadata=service.as_user(1)
                )
            assert caught.value.code() == grpc.StatusCode.UNKNOWN
            assert rpc_error_reason(caught.value) == "UPSTREAM_ERROR"
            assert "rejected the configured credentials" in caught.value.details()
        async with httpx.AsyncClient() as http:
            ready = await http.get(f"http://127.0.0.1:{service.runtime.ops_port}/ready")
        assert ready.status_code == 503
        assert ready.json()["checks"]["qbittorrent"] == "unavailable: CredentialsRejected"
        assert fake.login_attempts == 1


async def test_the_service_with_qbittorrent_down_is_unavailable(start_service) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    async with start_service(qbittorrent_url=f"http://127.0.0.1:{port}") as service:
        with pytest.raises(grpc.aio.AioRpcError) as caught:
            await service.stub.AddTorrent(
                pb.AddTorrentRequest(source="magnet:?xt=urn:btih:" + "ab" * 20),
                metadata=service.as_user(1),
            )
        assert caught.value.code() == grpc.StatusCode.UNAVAILABLE
        assert rpc_error_reason(caught.value) == "SERVICE_UNAVAILABLE"
        assert "qBittorrent" in caught.value.details()
