"""Keeping ownership and qBittorrent in step: torrents removed by hand, adds cut short.

Ownership rows are read before qBittorrent's list: a row committed before that read belongs
to a torrent qBittorrent already had, so a torrent being added is never mistaken for one
removed by hand. Adds cut short by a crash are settled at start and then on every pass.
"""

from __future__ import annotations

import asyncio
import contextlib
import time

from uuut_kit.db import Database
from uuut_kit.errors import DomainError
from uuut_kit.logging import get_logger
from uuut_torrent import metrics
from uuut_torrent.owned import OwnedCache
from uuut_torrent.pending import settle_all
from uuut_torrent.qbittorrent import QbittorrentClient
from uuut_torrent.repository import Ownerships

log = get_logger(__name__)

# An add's pending row lives for seconds; one this old belongs to an add that died.
PENDING_GRACE_S = 120.0


async def reconcile_once(
    database: Database,
    qbittorrent: QbittorrentClient,
    cache: OwnedCache | None = None,
) -> int:
    """Drop ownerships of torrents qBittorrent no longer has; returns how many went.
    `cache` (the service's) is told when the drop is over, whatever its outcome."""
    async with database.connection() as connection:
        owned = {o.info_hash for o in await Ownerships(connection).every()}
    if not owned:
        return 0
    present = {str(t.get("hash", "")).lower() for t in await qbittorrent.torrents()}
    gone = owned - present
    if not gone:
        return 0
    try:
        async with database.transaction() as connection:
            owners = Ownerships(connection)
            for info_hash in sorted(gone):
                await owners.lock_hash(info_hash)
            # Re-check under the locks: an add may have brought one back meanwhile.
            present = {
                str(t.get("hash", "")).lower() for t in await qbittorrent.torrents(sorted(gone))
            }
            dropped = await owners.remove_hashes(gone - present)
    finally:
        if cache is not None:
            cache.changed_all()
    for ownership in dropped:
        log.warning(
            "ownership_reconciled",
            info_hash=ownership.info_hash,
            user_id=ownership.user_id,
            why="the torrent was removed in qBittorrent by hand",
        )
    metrics.ownerships_reconciled.inc(len(dropped))
    return len(dropped)


class Reconciler:
    """At start, settles the adds a previous process left unfinished; then every
    `interval_s`, runs `reconcile_once` and settles adds that died since."""

    def __init__(
        self,
        database: Database,
        qbittorrent: QbittorrentClient,
        interval_s: float,
        cache: OwnedCache,
    ) -> None:
        self._database = database
        self._qbt = qbittorrent
        self._cache = cache
        self._interval_s = interval_s
        self._born = time.monotonic()
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="torrent-reconcile")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    async def _run(self) -> None:
        # Rows older than this process were left by one that died: settle them now rather
        # than in ten minutes; rows of this process's own adds are not touched.
        await self._pass(settle_older_than_s=time.monotonic() - self._born, reconcile=False)
        while True:
            await asyncio.sleep(self._interval_s)
            await self._pass(settle_older_than_s=PENDING_GRACE_S, reconcile=True)

    async def _pass(self, settle_older_than_s: float, reconcile: bool) -> None:
        try:
            await settle_all(self._database, self._qbt, settle_older_than_s)
            if reconcile:
                await reconcile_once(self._database, self._qbt, self._cache)
        except DomainError as error:
            log.warning("reconcile_failed", reason=error.reason, detail=error.message)
