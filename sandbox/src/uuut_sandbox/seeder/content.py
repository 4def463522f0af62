"""Generated content and the v1-only .torrent that describes it."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

import libtorrent as lt


@dataclass(frozen=True)
class TorrentFile:
    """A .torrent: its bytes, v1 info hash (40 lowercase hex), name and magnet."""

    data: bytes
    info_hash: str
    name: str
    trackers: tuple[str, ...]

    @property
    def magnet(self) -> str:
        trackers = "".join(f"&tr={tracker}" for tracker in self.trackers)
        return f"magnet:?xt=urn:btih:{self.info_hash}&dn={self.name}{trackers}"


def generate_file(path: Path, size: int, seed: int | None = None) -> Path:
    """Write `size` pseudo-random bytes (reproducible when `seed` is given)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if seed is None:
        path.write_bytes(os.urandom(size))
        return path
    with path.open("wb") as out:
        block, counter = b"", 0
        while out.tell() < size:
            block = hashlib.sha256(f"{seed}:{counter}".encode()).digest() * 1024
            out.write(block[: size - out.tell()])
            counter += 1
    return path


def make_torrent(
    content: Path, trackers: tuple[str, ...] = (), piece_size: int = 16 * 1024
) -> TorrentFile:
    """A v1-only .torrent for a file or folder (hybrid torrents are refused by qBittorrent 4.5)."""
    files = lt.list_files(str(content))
    creator = lt.create_torrent(files, piece_size, lt.create_torrent.v1_only)
    for tier, tracker in enumerate(trackers):
        creator.add_tracker(tracker, tier)
    creator.set_creator("uuutorrent-sandbox")
    lt.set_piece_hashes(creator, str(content.parent))
    entry = creator.generate()
    data = lt.bencode(entry)
    info = lt.torrent_info(data)
    return TorrentFile(
        data=data,
        info_hash=str(info.info_hashes().v1).lower(),
        name=info.name(),
        trackers=trackers,
    )
