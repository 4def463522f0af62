"""The torrent service over real gRPC, against a real qbittorrent-nox and a loopback swarm."""

from __future__ import annotations

import asyncio
import base64

import grpc
import httpx
import pytest

from uuut_kit.db import connect
from uuut_stack.qbittorrent import LocalQbittorrent
from uuut_torrent.qbittorrent import QbittorrentClient
from uuut_torrent.reconcile import reconcile_once
from uuut_torrent.repository import Ownerships
from uuutorrent.torrent.v1 import torrent_pb2 as pb

from .support import DirectQbittorrent, Running, eventually, rpc_error_reason


async def listed(service: Running, user_id: int) -> list[pb.Torrent]:
    reply = await service.stub.ListTorrents(
        pb.ListTorrentsRequest(), metadata=service.as_user(user_id)
    )
    return list(reply.torrents)


async def add(service: Running, user_id: int, source: str) -> pb.AddTorrentResponse:
    return await service.stub.AddTorrent(
        pb.AddTorrentRequest(source=source), metadata=service.as_user(user_id)
    )


async def test_a_magnet_downloads_to_progress_one_with_files_and_transfer_hint(
    torrent_service: Running, swarm
) -> None:
    release = await swarm.release(size=1024 * 1024)
    added = await torrent_service.stub.AddTorrent(
        pb.AddTorrentRequest(source=release.magnet, media_id=21, episode=3),
        metadata=torrent_service.as_user(1),
    )
    assert added.created and added.torrent.hash == release.info_hash
    assert (added.torrent.media_id, added.torrent.episode) == (21, 3)

    done = await eventually(
        lambda: listed(torrent_service, 1), lambda ts: bool(ts) and ts[0].progress == 1.0
    )
    # Complete: seeding, or queued to seed when the module's other torrents already fill
    # qBittorrent's active uploads (3 by default).
    assert done[0].state in (pb.TORRENT_STATE_SEEDING, pb.TORRENT_STATE_QUEUED)
    assert done[0].HasField("completed_at")
    assert done[0].downloaded_bytes == done[0].size_bytes == 1024 * 1024
    assert done[0].HasField("completed_at") and not done[0].HasField("eta_s")

    details = await torrent_service.stub.GetTorrent(
        pb.GetTorrentRequest(hash=release.info_hash.upper()), metadata=torrent_service.as_user(1)
    )
    assert [(f.path, f.size_bytes, f.progress) for f in details.files] == [
        (release.name, 1024 * 1024, 1.0)
    ]
    assert details.transfer.host_path == f"/srv/anime/{release.name}"
    assert details.transfer.scp_command == (
        f"scp -r 'ann@files.example:/srv/anime/{release.name}' ."
    )


async def test_a_torrent_file_on_the_nyaa_host_is_fetched_and_uploaded(
    torrent_service: Running, swarm, nyaa, direct: DirectQbittorrent
) -> None:
    release = await swarm.release()
    nyaa.files["/download/7.torrent"] = release.data
    nyaa.redirects["/view/7/torrent"] = "/download/7.torrent"
    added = await add(torrent_service, 4, nyaa.url("/view/7/torrent"))
    assert added.torrent.hash == release.info_hash  # known at once, whatever the version
    [held] = await direct.info(release.info_hash)
    assert held["category"] == "uuutorrent"
    assert held["tags"] == "uuut-user-4"
    await eventually(lambda: direct.info(release.info_hash), lambda ts: ts[0]["progress"] == 1)


BAD_SOURCES = [
    "",
    "ftp://example.org/x.torrent",
    "magnet:?dn=no-hash",
    "magnet:?xt=urn:btih:1234",
    "magnet:?xt=urn:btih:" + "g" * 40,
    "http://localhost:9/x.torrent",
    "http://10.1.2.3/x.torrent",
    "http://169.254.169.254/latest/meta-data",
    "http://[::1]:9/x.torrent",
    "file:///etc/passwd",
]


async def test_bad_sources_are_invalid_arguments(torrent_service: Running) -> None:
    # One service for all of them: starting one per source would only slow the suite.
    for source in BAD_SOURCES:
        with pytest.raises(grpc.aio.AioRpcError) as caught:
            await add(torrent_service, 1, source)
        assert caught.value.code() == grpc.StatusCode.INVALID_ARGUMENT, source
        assert rpc_error_reason(caught.value) == "BAD_SOURCE", source


async def test_a_redirect_from_the_trusted_host_to_a_private_one_is_refused(
    torrent_service: Running, nyaa
) -> None:
    nyaa.redirects["/download/8.torrent"] = "http://192.168.1.1/evil.torrent"
    with pytest.raises(grpc.aio.AioRpcError) as caught:
        await add(torrent_service, 1, nyaa.url("/download/8.torrent"))
    assert caught.value.code() == grpc.StatusCode.INVALID_ARGUMENT


async def test_not_a_torrent_file_is_invalid(torrent_service: Running, nyaa) -> None:
    nyaa.files["/download/9.torrent"] = b"<html>not a torrent</html>"
    with pytest.raises(grpc.aio.AioRpcError) as caught:
        await add(torrent_service, 1, nyaa.url("/download/9.torrent"))
    assert caught.value.code() == grpc.StatusCode.INVALID_ARGUMENT


async def test_adding_is_idempotent_and_shares_between_owners(
    torrent_service: Running, swarm, direct: DirectQbittorrent
) -> None:
    release = await swarm.release()
    first = await add(torrent_service, 1, release.magnet)
    again = await add(torrent_service, 1, release.magnet)
    # The base32 form of the same btih names the same torrent.
    b32 = base64.b32encode(bytes.fromhex(release.info_hash)).decode()
    other = await add(torrent_service, 2, f"magnet:?xt=urn:btih:{b32}")
    assert (first.created, again.created, other.created) == (True, False, True)
    assert first.torrent.hash == again.torrent.hash == other.torrent.hash
    [held] = await direct.info(release.info_hash)
    assert sorted(held["tags"].split(", ")) == ["uuut-user-1", "uuut-user-2"]
    assert [t.hash for t in await listed(torrent_service, 1)] == [release.info_hash]
    assert [t.hash for t in await listed(torrent_service, 2)] == [release.info_hash]


async def test_another_users_torrent_is_not_found_on_every_call(
    torrent_service: Running, swarm
) -> None:
    release = await swarm.release()
    await add(torrent_service, 1, release.magnet)
    stranger = torrent_service.as_user(3)
    stub = torrent_service.stub
    calls = [
        stub.GetTorrent(pb.GetTorrentRequest(hash=release.info_hash), metadata=stranger),
        stub.PauseTorrent(pb.PauseTorrentRequest(hash=release.info_hash), metadata=stranger),
        stub.ResumeTorrent(pb.ResumeTorrentRequest(hash=release.info_hash), metadata=stranger),
        stub.DeleteTorrent(pb.DeleteTorrentRequest(hash=release.info_hash), metadata=stranger),
        stub.GetTorrent(pb.GetTorrentRequest(hash="f" * 40), metadata=stranger),
        stub.GetTorrent(pb.GetTorrentRequest(hash="not-a-hash"), metadata=stranger),
    ]
    for call in calls:
        with pytest.raises(grpc.aio.AioRpcError) as caught:
            await call
        assert caught.value.code() == grpc.StatusCode.NOT_FOUND
        assert rpc_error_reason(caught.value) == "TORRENT_NOT_FOUND"
    assert await listed(torrent_service, 3) == []


async def test_every_call_needs_a_token(torrent_service: Running) -> None:
    with pytest.raises(grpc.aio.AioRpcError) as caught:
        await torrent_service.stub.ListTorrents(pb.ListTorrentsRequest())
    assert caught.value.code() == grpc.StatusCode.UNAUTHENTICATED


async def test_pause_and_resume_apply_to_every_owner(
    torrent_service: Running, swarm, direct: DirectQbittorrent
) -> None:
    release = await swarm.release()
    await add(torrent_service, 1, release.magnet)
    await add(torrent_service, 2, release.magnet)
    await torrent_service.stub.PauseTorrent(
        pb.PauseTorrentRequest(hash=release.info_hash), metadata=torrent_service.as_user(1)
    )
    paused = await eventually(
        lambda: listed(torrent_service, 2), lambda ts: ts[0].state == pb.TORRENT_STATE_PAUSED
    )
    assert paused[0].dlspeed == 0
    [held] = await direct.info(release.info_hash)
    assert held["state"] in ("pausedDL", "pausedUP")
    await torrent_service.stub.ResumeTorrent(
        pb.ResumeTorrentRequest(hash=release.info_hash), metadata=torrent_service.as_user(2)
    )
    await eventually(
        lambda: listed(torrent_service, 1), lambda ts: ts[0].state != pb.TORRENT_STATE_PAUSED
    )


async def test_delete_drops_ownership_and_the_torrent_only_with_its_last_owner(
    torrent_service: Running, swarm, direct: DirectQbittorrent, qbittorrent: LocalQbittorrent
) -> None:
    release = await swarm.release()
    await add(torrent_service, 1, release.magnet)
    await add(torrent_service, 2, release.magnet)
    await eventually(lambda: direct.info(release.info_hash), lambda ts: ts[0]["progress"] == 1)
    content = qbittorrent.downloads_dir / release.name
    assert content.is_file()

    first = await torrent_service.stub.DeleteTorrent(
        pb.DeleteTorrentRequest(hash=release.info_hash, delete_files=True),
        metadata=torrent_service.as_user(1),
    )
    assert not first.removed
    [held] = await direct.info(release.info_hash)
    assert held["tags"] == "uuut-user-2"
    assert content.is_file()
    assert await listed(torrent_service, 1) == []

    last = await torrent_service.stub.DeleteTorrent(
        pb.DeleteTorrentRequest(hash=release.info_hash, delete_files=True),
        metadata=torrent_service.as_user(2),
    )
    assert last.removed
    assert await direct.info(release.info_hash) == []
    await eventually(lambda: _exists(content), lambda exists: not exists, timeout_s=10)


async def _exists(path) -> bool:
    return path.exists()


async def test_delete_without_files_keeps_them(
    torrent_service: Running, swarm, direct: DirectQbittorrent, qbittorrent: LocalQbittorrent
) -> None:
    release = await swarm.release()
    await add(torrent_service, 5, release.magnet)
    await eventually(lambda: direct.info(release.info_hash), lambda ts: ts[0]["progress"] == 1)
    await torrent_service.stub.DeleteTorrent(
        pb.DeleteTorrentRequest(hash=release.info_hash, delete_files=False),
        metadata=torrent_service.as_user(5),
    )
    assert await direct.info(release.info_hash) == []
    assert (qbittorrent.downloads_dir / release.name).is_file()


async def test_the_admin_list_shows_owners_and_is_admin_only(
    torrent_service: Running, swarm
) -> None:
    release = await swarm.release()
    await add(torrent_service, 6, release.magnet)
    await add(torrent_service, 7, release.magnet)
    with pytest.raises(grpc.aio.AioRpcError) as caught:
        await torrent_service.stub.ListAllTorrents(
            pb.ListAllTorrentsRequest(), metadata=torrent_service.as_user(6)
        )
    assert caught.value.code() == grpc.StatusCode.PERMISSION_DENIED
    reply = await torrent_service.stub.ListAllTorrents(
        pb.ListAllTorrentsRequest(), metadata=torrent_service.as_user(99, role="admin")
    )
    [mine] = [t for t in reply.torrents if t.torrent.hash == release.info_hash]
    assert list(mine.owner_ids) == [6, 7]


async def test_a_failed_ownership_write_leaves_no_orphan_torrent(
    torrent_service: Running, swarm, direct: DirectQbittorrent, monkeypatch
) -> None:
    async def broken(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(Ownerships, "add", broken)
    release = await swarm.release()
    with pytest.raises(grpc.aio.AioRpcError) as caught:
        await add(torrent_service, 1, release.magnet)
    assert caught.value.code() == grpc.StatusCode.INTERNAL
    assert await direct.info(release.info_hash) == []


async def test_reconcile_drops_ownerships_of_torrents_removed_by_hand(
    torrent_service: Running, swarm, direct: DirectQbittorrent
) -> None:
    kept, removed = await swarm.release(), await swarm.release()
    await add(torrent_service, 8, kept.magnet)
    await add(torrent_service, 8, removed.magnet)
    await direct.delete(removed.info_hash)
    settings = torrent_service.settings
    database = await connect(settings.service_database_url, "torrent")
    client = QbittorrentClient(
        settings.qbittorrent_url,
        settings.qbittorrent_username,
        settings.qbittorrent_password.get_secret_value(),
    )
    try:
        assert await reconcile_once(database, client) == 1
        assert await reconcile_once(database, client) == 0
    finally:
        await client.close()
        await database.close()
    assert [t.hash for t in await listed(torrent_service, 8)] == [kept.info_hash]


async def test_readiness_includes_qbittorrent(torrent_service: Running) -> None:
    async with httpx.AsyncClient() as http:
        ready = await http.get(f"http://127.0.0.1:{torrent_service.runtime.ops_port}/ready")
    assert ready.status_code == 200
    assert ready.json()["checks"]["qbittorrent"] == "ok"


async def test_watch_sends_a_snapshot_then_changes_and_removals(
    torrent_service: Running, swarm
) -> None:
    before = await swarm.release()
    await add(torrent_service, 9, before.magnet)
    stream = torrent_service.stub.WatchTorrents(
        pb.WatchTorrentsRequest(), metadata=torrent_service.as_user(9)
    )
    first = await stream.read()
    assert first.torrent.hash == before.info_hash
    assert (await stream.read()).snapshot_done

    later = await swarm.release()
    await add(torrent_service, 9, later.magnet)
    await add(torrent_service, 10, (await swarm.release()).magnet)  # someone else's: not seen
    seen: dict[str, pb.Torrent] = {}
    while seen.get(later.info_hash, pb.Torrent()).progress < 1.0:
        event = await asyncio.wait_for(stream.read(), 30)
        assert event.WhichOneof("event") == "torrent"
        seen[event.torrent.hash] = event.torrent
    assert set(seen) <= {before.info_hash, later.info_hash}

    await torrent_service.stub.DeleteTorrent(
        pb.DeleteTorrentRequest(hash=later.info_hash), metadata=torrent_service.as_user(9)
    )
    while (event := await asyncio.wait_for(stream.read(), 30)).WhichOneof(
        "event"
    ) != "removed_hash":
        pass
    assert event.removed_hash == later.info_hash
    stream.cancel()


def _hashes(torrents: list[pb.Torrent]) -> list[str]:
    return [t.hash for t in torrents]


async def test_a_users_next_list_shows_their_adds_deletes_and_forgetting_at_once(
    torrent_service: Running, swarm
) -> None:
    first, second = await swarm.release(), await swarm.release()
    assert await listed(torrent_service, 11) == []  # kept from here on, until a change
    await add(torrent_service, 11, first.magnet)
    assert _hashes(await listed(torrent_service, 11)) == [first.info_hash]
    await add(torrent_service, 11, second.magnet)
    await add(torrent_service, 12, second.magnet)
    assert _hashes(await listed(torrent_service, 11)) == [second.info_hash, first.info_hash]
    assert _hashes(await listed(torrent_service, 12)) == [second.info_hash]

    await torrent_service.stub.DeleteTorrent(
        pb.DeleteTorrentRequest(hash=second.info_hash), metadata=torrent_service.as_user(11)
    )
    assert _hashes(await listed(torrent_service, 11)) == [first.info_hash]
    assert _hashes(await listed(torrent_service, 12)) == [second.info_hash]

    await torrent_service.stub.ForgetUser(
        pb.ForgetUserRequest(user_id=11), metadata=torrent_service.as_user(99, role="admin")
    )
    assert await listed(torrent_service, 11) == []
    assert _hashes(await listed(torrent_service, 12)) == [second.info_hash]


async def _owner_count(service: Running, info_hash: str) -> int:
    database = await connect(service.settings.service_database_url, "torrent")
    try:
        async with database.connection() as connection:
            return await Ownerships(connection).owner_count(info_hash)
    finally:
        await database.close()


async def test_an_ownership_the_reconcile_drops_leaves_the_users_list_at_once(
    start_service, swarm, direct: DirectQbittorrent
) -> None:
    async with start_service(reconcile_interval_s=0.2) as service:
        release = await swarm.release()
        await add(service, 13, release.magnet)
        assert _hashes(await listed(service, 13)) == [release.info_hash]
        await direct.delete(release.info_hash)  # by hand, in qBittorrent
        await eventually(lambda: _owner_count(service, release.info_hash), lambda n: n == 0)
        # Someone else adds it again: it is theirs, not 13's any more.
        await add(service, 14, release.magnet)
        assert await listed(service, 13) == []
        assert _hashes(await listed(service, 14)) == [release.info_hash]
