"""Every .torrent the fake Nyaa lists can really be downloaded: the site seeds what it serves."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import httpx
import libtorrent as lt

from uuut_sandbox.anilist import serve
from uuut_sandbox.nyaa import FakeNyaa, seed
from uuut_sandbox.nyaa.seeding import ReleaseSeeder
from uuut_sandbox.nyaa.world import CONTENT_SCALE
from uuut_sandbox.seeder import Seeder, Tracker


async def leech(torrent: bytes, into: Path, timeout_s: float = 60) -> Path:
    """Download a .torrent with a plain libtorrent peer that finds peers by the tracker."""
    session = lt.session(
        {"listen_interfaces": "127.0.0.1:0", "enable_dht": False, "stop_tracker_timeout": 1}
    )
    params = lt.add_torrent_params()
    params.ti = lt.torrent_info(torrent)
    params.save_path = str(into)
    handle = session.add_torrent(params)
    deadline = time.monotonic() + timeout_s
    while not handle.status().is_seeding:
        assert time.monotonic() < deadline, f"not downloaded: {handle.status().state}"
        await asyncio.sleep(0.1)
    return into / params.ti.name()


async def test_a_served_torrent_is_seeded_and_downloads_whole(tmp_path: Path) -> None:
    releases = seed()
    single = next(r for r in releases if r.title.startswith("[SubsPlease] Solo Leveling - 13"))
    batch = next(r for r in releases if r.title.startswith("[Judas] Sousou no Frieren (Season 1)"))
    async with Tracker() as tracker:
        with Seeder() as seeder:
            seeding = ReleaseSeeder(seeder, tmp_path / "content")
            fake = FakeNyaa(releases, trackers=(tracker.announce_url,), on_download=seeding)
            async with serve(fake.app) as url, httpx.AsyncClient(base_url=url) as http:
                feed = await http.get("/", params={"page": "rss", "q": "Solo Leveling 13"})
                assert f"/download/{single.id}.torrent" in feed.text
                assert seeding.seeded == set()  # listing alone seeds nothing
                files = {}
                for release in (single, batch, single):
                    response = await http.get(f"/download/{release.id}.torrent")
                    assert response.status_code == 200
                    files[release.info_hash] = response.content
                assert seeding.seeded == {single.info_hash, batch.info_hash}
                for release in (single, batch):
                    info = lt.torrent_info(files[release.info_hash])
                    assert str(info.info_hashes().v1) == release.info_hash
                    announce = lt.bdecode(files[release.info_hash])[b"announce"]
                    assert announce == tracker.announce_url.encode()
                    assert info.total_size() == release.content_size
                    downloaded = await leech(files[release.info_hash], tmp_path / "leech")
                    assert downloaded.stat().st_size == release.content_size
    # What the feed advertises stays realistic; the content is that, scaled down.
    assert batch.size // CONTENT_SCALE == batch.content_size > 10 * 2**20
