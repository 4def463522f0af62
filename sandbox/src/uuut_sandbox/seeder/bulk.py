"""Many small v1 .torrent files at once, for content that does not exist.

For filling a qBittorrent with thousands of torrents (benchmarks): added paused, they need no
data and no peers. Each describes one 16 KiB file with a made-up piece hash, so each has its
own info hash.
"""

from __future__ import annotations

import hashlib
import secrets

import libtorrent as lt

from uuut_sandbox.seeder.content import TorrentFile

PIECE = 16 * 1024


def phantom_torrents(count: int, prefix: str = "[Bench] Show") -> list[TorrentFile]:
    """`count` distinct .torrent files; a random salt keeps hashes new on every run."""
    salt = secrets.token_hex(4)
    torrents = []
    for number in range(count):
        name = f"{prefix} - {number:04d} [{salt}] (1080p).mkv"
        info = {
            b"name": name.encode(),
            b"length": PIECE,
            b"piece length": PIECE,
            b"pieces": hashlib.sha1(f"{salt}:{number}".encode()).digest(),  # noqa: S324
        }
        encoded_info = lt.bencode(info)
        data = b"d4:info" + encoded_info + b"e"
        torrents.append(
            TorrentFile(
                data=data,
                info_hash=hashlib.sha1(encoded_info).hexdigest(),  # noqa: S324 - v1 is SHA-1
                name=name,
                trackers=(),
            )
        )
    return torrents
