"""No orphan after a crash: a torrent qBittorrent accepted just before the process died,
with no ownership recorded, is removed when the service starts again."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

from uuut_kit.db import connect
from uuut_stack.qbittorrent import LocalQbittorrent
from uuut_torrent.config import CATEGORY
from uuut_torrent.pending import settle_all
from uuut_torrent.qbittorrent import QbittorrentClient
from uuut_torrent.tags import owner_tag
from uuutorrent.torrent.v1 import torrent_pb2 as pb

from .crashing_add import CRASHED
from .support import DirectQbittorrent, eventually

SCRIPT = Path(__file__).with_name("crashing_add.py")


async def _count(url: str, query: str) -> int:
    database = await connect(url, "torrent")
    try:
        async with database.connection() as connection:
            count: int = await connection.fetchval(query)
            return count
    finally:
        await database.close()


async def _settle_now(url: str, qbittorrent: LocalQbittorrent) -> int:
    """One settling pass, as the periodic reconcile runs it (the service's own start-up
    pass ran before the crash)."""
    credentials = qbittorrent.credentials
    client = QbittorrentClient(qbittorrent.url, credentials.username, credentials.password)
    database = await connect(url, "torrent")
    try:
        return await settle_all(database, client)
    finally:
        await client.close()
        await database.close()


async def _crash_while_adding(url: str, qbittorrent: LocalQbittorrent, user: int, magnet: str):
    credentials = qbittorrent.credentials
    child = await asyncio.create_subprocess_exec(
        sys.executable, str(SCRIPT), url, qbittorrent.url,
        credentials.username, credentials.password, str(user), magnet,
    )  # fmt: skip
    assert await asyncio.wait_for(child.wait(), 60) == CRASHED


async def test_a_torrent_added_just_before_a_crash_is_removed_at_the_next_start(
    start_service, database_url_for, qbittorrent: LocalQbittorrent, swarm, direct
) -> None:
    url = await database_url_for("torrent")
    release = await swarm.release()
    await _crash_while_adding(url, qbittorrent, 41, release.magnet)

    # The crash left exactly the orphan this guards against...
    [orphan] = await direct.info(release.info_hash)
    assert (orphan["category"], orphan["tags"]) == (CATEGORY, owner_tag(41))
    assert await _count(url, "SELECT count(*) FROM ownerships") == 0
    assert await _count(url, "SELECT count(*) FROM pending_adds") == 1

    # ...and the next start settles it, without anyone asking.
    async with start_service(service_database_url=url) as running:
        await eventually(lambda: direct.info(release.info_hash), lambda found: found == [])
        assert await _count(url, "SELECT count(*) FROM pending_adds") == 0
        listed = await running.stub.ListTorrents(
            pb.ListTorrentsRequest(), metadata=running.as_user(41)
        )
        assert list(listed.torrents) == []
        # Asking again simply adds it again.
        again = await running.stub.AddTorrent(
            pb.AddTorrentRequest(source=release.magnet), metadata=running.as_user(41)
        )
        assert again.created


async def test_a_crash_while_joining_someone_elses_torrent_only_takes_the_tag_back(
    torrent_service, qbittorrent: LocalQbittorrent, swarm, direct: DirectQbittorrent
) -> None:
    release = await swarm.release()
    await torrent_service.stub.AddTorrent(
        pb.AddTorrentRequest(source=release.magnet), metadata=torrent_service.as_user(42)
    )
    url = torrent_service.settings.service_database_url
    await _crash_while_adding(url, qbittorrent, 43, release.magnet)
    [joined] = await direct.info(release.info_hash)
    assert sorted(joined["tags"].split(", ")) == [owner_tag(42), owner_tag(43)]

    assert await _settle_now(url, qbittorrent) == 0
    [kept] = await direct.info(release.info_hash)
    assert kept["tags"] == owner_tag(42)
    assert await _count(url, "SELECT count(*) FROM pending_adds") == 0


async def test_a_torrent_put_in_qbittorrent_by_hand_survives_a_crashed_add(
    torrent_service, qbittorrent: LocalQbittorrent, swarm, direct: DirectQbittorrent
) -> None:
    release = await swarm.release()
    await direct.add_magnet(release.magnet)  # by hand: no category, no owner
    await eventually(lambda: direct.info(release.info_hash), lambda found: bool(found))
    url = torrent_service.settings.service_database_url
    await _crash_while_adding(url, qbittorrent, 44, release.magnet)
    [tagged] = await direct.info(release.info_hash)
    assert tagged["tags"] == owner_tag(44)
    assert await _settle_now(url, qbittorrent) == 0
    [kept] = await direct.info(release.info_hash)
    assert kept["tags"] == ""
