"""Run as a script: add a magnet as a user and die, hard, the moment qBittorrent has it.

The process ends with os._exit inside the ownership write: no except, no finally, no
rollback, its database connections cut, exactly like a kill -9 at that point.

    python crashing_add.py DATABASE_URL QBITTORRENT_URL USER PASSWORD USER_ID MAGNET
"""

from __future__ import annotations

import asyncio
import os
import sys
import time
from typing import Any

from uuut_kit.db import open_database
from uuut_kit.tokens import Caller
from uuut_torrent.fetch import TorrentFetcher
from uuut_torrent.mirror import Mirror
from uuut_torrent.qbittorrent import QbittorrentClient
from uuut_torrent.repository import Ownerships
from uuut_torrent.server import MIGRATIONS
from uuut_torrent.service import TorrentService
from uuut_torrent.views import TransferHints

CRASHED = 86


async def main(database_url: str, url: str, username: str, password: str, user: str, magnet: str):
    async def die(*_: Any, **__: Any) -> None:
        os._exit(CRASHED)

    Ownerships.add = die  # type: ignore[method-assign]
    database = await open_database(database_url, "torrent", MIGRATIONS)
    qbittorrent = QbittorrentClient(url, username, password)
    service = TorrentService(
        database,
        qbittorrent,
        TorrentFetcher(None, max_bytes=1024, timeout_s=1),
        Mirror(qbittorrent.maindata),
        TransferHints("host", "user", None),
    )
    caller = Caller(user, "user", "sid", "jti", int(time.time()) + 60, "token")
    await service.add(caller, magnet, media_id=1, episode=1)


if __name__ == "__main__":
    asyncio.run(main(*sys.argv[1:]))
    sys.exit(0)  # not reached: the add dies first
