"""The sandbox swarm: a v1-only torrent, the tracker's answers, a real transfer on loopback."""

from __future__ import annotations

import asyncio
import hashlib
import socket
import struct
import time
from pathlib import Path
from urllib.parse import quote_from_bytes

import httpx
import libtorrent as lt

from uuut_sandbox.seeder import Seeder, Tracker, generate_file, make_torrent


def test_torrents_are_v1_only_with_the_sha1_of_their_info_dict(tmp_path: Path) -> None:
    content = generate_file(tmp_path / "Show - 01.mkv", 100_000, seed=3)
    torrent = make_torrent(content, ("http://127.0.0.1:1/announce",))
    decoded = lt.bdecode(torrent.data)
    info = decoded[b"info"]
    assert b"pieces" in info and b"meta version" not in info and b"piece layers" not in decoded
    assert torrent.info_hash == hashlib.sha1(lt.bencode(info)).hexdigest()  # noqa: S324
    assert decoded[b"announce"] == b"http://127.0.0.1:1/announce"
    assert torrent.magnet.startswith(f"magnet:?xt=urn:btih:{torrent.info_hash}&")


def test_generated_content_is_reproducible_with_a_seed(tmp_path: Path) -> None:
    a = generate_file(tmp_path / "a", 70_000, seed=9).read_bytes()
    b = generate_file(tmp_path / "b", 70_000, seed=9).read_bytes()
    c = generate_file(tmp_path / "c", 70_000, seed=10).read_bytes()
    assert a == b and a != c and len(a) == 70_000


async def test_the_tracker_answers_other_peers_compactly() -> None:
    info_hash = bytes(range(20))
    async with Tracker() as tracker, httpx.AsyncClient() as http:

        async def announce(peer_id: bytes, port: int, event: str = "") -> dict:
            query = (
                f"info_hash={quote_from_bytes(info_hash)}&peer_id={quote_from_bytes(peer_id)}"
                f"&port={port}&compact=1&left=0" + (f"&event={event}" if event else "")
            )
            response = await http.get(f"{tracker.announce_url}?{query}")
            return lt.bdecode(response.content)

        assert (await announce(b"A" * 20, 6881))[b"peers"] == b""
        second = await announce(b"B" * 20, 6882)
        assert second[b"peers"] == socket.inet_aton("127.0.0.1") + struct.pack(">H", 6881)
        await announce(b"A" * 20, 6881, "stopped")
        assert tracker.peers(info_hash.hex()) == [("127.0.0.1", 6882)]
        bad = lt.bdecode((await http.get(f"{tracker.announce_url}?info_hash=short")).content)
        assert b"failure reason" in bad
        assert (await http.get(f"http://127.0.0.1:{tracker.port}/nope")).status_code == 404


async def test_a_libtorrent_peer_downloads_the_seeded_file(tmp_path: Path) -> None:
    content = generate_file(tmp_path / "seed" / "Show - 02.mkv", 512 * 1024, seed=1)
    async with Tracker() as tracker:
        torrent = make_torrent(content, (tracker.announce_url,))
        with Seeder() as seeder:
            seeder.seed(torrent, content.parent)
            await seeder.wait_seeding(torrent.info_hash)
            leecher = lt.session(
                {"listen_interfaces": "127.0.0.1:0", "enable_dht": False, "stop_tracker_timeout": 1}
            )
            params = lt.add_torrent_params()
            params.ti = lt.torrent_info(torrent.data)
            params.save_path = str(tmp_path / "leech")
            handle = leecher.add_torrent(params)
            handle.connect_peer(("127.0.0.1", seeder.port))
            deadline = time.monotonic() + 30
            while not handle.status().is_seeding:
                assert time.monotonic() < deadline, "the download did not finish"
                await asyncio.sleep(0.05)
    assert (tmp_path / "leech" / "Show - 02.mkv").read_bytes() == content.read_bytes()
