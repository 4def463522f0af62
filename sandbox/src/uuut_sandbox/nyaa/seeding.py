"""Seeding the fake Nyaa's releases for real: each .torrent the site serves is seeded at once.

A release's content is zero-filled (torrents.py), so it is served from a sparse file of its
size that takes no disk. Seeding starts the first time its .torrent is downloaded, before the
answer leaves: the site lists hundreds of releases, and seeding them all would have each
announce to the tracker every few seconds for nothing.

    fake = FakeNyaa(releases, trackers=(tracker.announce_url,))
    fake.on_download = ReleaseSeeder(seeder, content_dir)
"""

from __future__ import annotations

from pathlib import Path

from uuut_sandbox.nyaa.world import Release
from uuut_sandbox.seeder import Seeder, TorrentFile


class ReleaseSeeder:
    def __init__(self, seeder: Seeder, content_dir: Path) -> None:
        self._seeder = seeder
        self._root = content_dir
        self.seeded: set[str] = set()

    def __call__(self, release: Release, torrent: bytes) -> None:
        """Seed `release` (its .torrent is `torrent`), once."""
        if release.info_hash in self.seeded:
            return
        folder = self._root / release.info_hash
        folder.mkdir(parents=True, exist_ok=True)
        with (folder / release.file_name).open("wb") as content:
            content.truncate(release.content_size)  # sparse: zeros that take no disk
        self._seeder.seed(TorrentFile(torrent, release.info_hash, release.file_name, ()), folder)
        self.seeded.add(release.info_hash)
