"""A libtorrent session that seeds generated content on loopback."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import libtorrent as lt

from uuut_sandbox.seeder.content import TorrentFile


class Seeder:
    """Seeds torrents from local files; libtorrent does its work on its own threads."""

    def __init__(self, host: str = "127.0.0.1") -> None:
        self.host = host
        self._session: lt.session | None = None
        self._handles: dict[str, lt.torrent_handle] = {}

    @property
    def port(self) -> int:
        assert self._session is not None, "start() the seeder first"
        return int(self._session.listen_port())

    @property
    def peer(self) -> str:
        """`host:port`, the form qBittorrent's torrents/addPeers takes."""
        return f"{self.host}:{self.port}"

    def start(self) -> Seeder:
        settings = {
            "listen_interfaces": f"{self.host}:0",
            "enable_dht": False,
            "enable_lsd": False,
            "enable_upnp": False,
            "enable_natpmp": False,
            "announce_to_all_trackers": True,
            "allow_multiple_connections_per_ip": True,
            "alert_mask": 0,
            "user_agent": "uuutorrent-sandbox-seeder",
            "stop_tracker_timeout": 1,  # do not hold shutdown for "stopped" announces
        }
        self._session = lt.session(settings)
        deadline = time.monotonic() + 5
        while self._session.listen_port() == 0 and time.monotonic() < deadline:
            time.sleep(0.01)
        return self

    def seed(self, torrent: TorrentFile, content_dir: Path) -> None:
        """Seed `torrent` whose content lies in `content_dir` (no hash check: it is ours)."""
        assert self._session is not None, "start() the seeder first"
        params = lt.add_torrent_params()
        params.ti = lt.torrent_info(torrent.data)
        params.save_path = str(content_dir)
        params.flags |= lt.torrent_flags.seed_mode
        params.flags &= ~lt.torrent_flags.paused
        params.flags &= ~lt.torrent_flags.auto_managed
        self._handles[torrent.info_hash] = self._session.add_torrent(params)

    def force_announce(self, info_hash: str) -> None:
        """Announce to the trackers now rather than at the next interval."""
        self._handles[info_hash].force_reannounce()

    def is_seeding(self, info_hash: str) -> bool:
        handle = self._handles.get(info_hash)
        return handle is not None and handle.status().is_seeding

    async def wait_seeding(self, info_hash: str, timeout_s: float = 10) -> None:
        deadline = time.monotonic() + timeout_s
        while not self.is_seeding(info_hash):
            if time.monotonic() > deadline:
                raise TimeoutError(f"the seeder is not seeding {info_hash}")
            await asyncio.sleep(0.05)

    def stop(self) -> None:
        if self._session is not None:
            for handle in self._handles.values():
                self._session.remove_torrent(handle)
            self._handles.clear()
            self._session = None  # the session shuts down when released

    def __enter__(self) -> Seeder:
        return self.start()

    def __exit__(self, *_: object) -> None:
        self.stop()
