"""Settling adds that did not finish: no torrent is left in qBittorrent with no owner.

Each add records a pending row (committed) before it touches qBittorrent and deletes it in the
transaction that records the ownership. A pending row found later (after a failure at once;
after a crash at start-up or by the periodic reconcile) is settled under the hash's lock: when
the user does not own the torrent, their tag goes, and the torrent itself goes (with its files)
when nobody owns it and it is in our category, so a torrent put in qBittorrent by hand is
never removed.

Why remove rather than adopt: the caller never got an answer saying the torrent was theirs, so
nothing they know of disappears, and asking again adds it again (adds are idempotent).
"""

from __future__ import annotations

from uuut_kit.db import Database
from uuut_kit.logging import get_logger
from uuut_torrent import metrics
from uuut_torrent.config import CATEGORY
from uuut_torrent.qbittorrent import QbittorrentClient
from uuut_torrent.repository import Ownerships, PendingAdds
from uuut_torrent.tags import owner_tag

log = get_logger(__name__)


async def settle(
    database: Database,
    qbittorrent: QbittorrentClient,
    pending_id: int,
    user_id: int,
    info_hash: str,
) -> bool:
    """Undo what an unfinished add did in qBittorrent; True when the torrent was removed."""
    async with database.transaction() as connection:
        owners = Ownerships(connection)
        # Every add changes qBittorrent only while holding this lock, and checks under it that
        # its pending row is still there; so once we hold it and have claimed the row, no add
        # is changing this torrent and the attempt we settle will not go on.
        await owners.lock_hash(info_hash)
        pending = PendingAdds(connection)
        if not await pending.claim(pending_id):
            return False
        removed = False
        if await owners.get(user_id, info_hash) is None:
            present = await qbittorrent.torrents([info_hash])
            ours = bool(present) and present[0].get("category") == CATEGORY
            if ours and await owners.owner_count(info_hash) == 0:
                await qbittorrent.delete([info_hash], delete_files=True)
                removed = True
            elif present:
                await qbittorrent.remove_tags([info_hash], [owner_tag(user_id)])
        # After qBittorrent: if it fails, the row stays and the next pass tries again.
        await pending.finish(pending_id)
    log.warning("pending_add_settled", info_hash=info_hash, user_id=user_id, removed=removed)
    metrics.pending_adds_settled.labels("removed" if removed else "kept").inc()
    return removed


async def settle_all(
    database: Database,
    qbittorrent: QbittorrentClient,
    older_than_s: float = 0.0,
) -> int:
    """Settle the pending adds started more than `older_than_s` ago; how many torrents went.
    An add still under way is safe either way (see `settle`): the age only spares it a retry."""
    async with database.connection() as connection:
        stale = await PendingAdds(connection).started_before(older_than_s)
    removed = 0
    for pending_id, user_id, info_hash in stale:
        removed += await settle(database, qbittorrent, pending_id, user_id, info_hash)
    return removed
