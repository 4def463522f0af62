"""The torrent domain: ownership in our database, torrents in qBittorrent, kept consistent.

Every change to one hash's owners runs under a per-hash advisory lock in one transaction,
and qBittorrent is changed inside it: when qBittorrent fails the transaction rolls back.
An add first commits a pending row; when the add fails, or the process dies, before its
ownership commits, that row is settled (`pending.py`) and qBittorrent keeps no orphan.
"""

from __future__ import annotations

import asyncio
import re
import time
from collections import defaultdict
from collections.abc import AsyncIterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from uuut_kit.db import Database
from uuut_kit.errors import DependencyUnavailable, NotFound, PermissionDenied, UpstreamError
from uuut_kit.logging import get_logger
from uuut_kit.tokens import Caller
from uuut_torrent.config import CATEGORY
from uuut_torrent.episodes import batch_episodes
from uuut_torrent.fetch import TorrentFetcher
from uuut_torrent.mirror import Mirror
from uuut_torrent.owned import OwnedCache
from uuut_torrent.pending import settle
from uuut_torrent.qbittorrent import QbittorrentClient
from uuut_torrent.repository import Ownerships, PendingAdds
from uuut_torrent.sources import Magnet, parse_source, torrent_info_hash
from uuut_torrent.tags import owner_tag, tags_of
from uuut_torrent.views import (
    Ownership,
    TorrentDetails,
    TorrentFileView,
    TorrentView,
    TransferHints,
    torrent_view,
)

log = get_logger(__name__)

_HASH = re.compile(r"[0-9a-f]{40}|[0-9a-f]{64}")
APPEAR_TIMEOUT_S = 10.0


def normalize_hash(value: str) -> str:
    """A 40-hex id; 64-hex (v2) hashes become the truncated id qBittorrent files them under.
    Anything else is NOT_FOUND, as the contract says."""
    value = value.strip().lower()
    if not _HASH.fullmatch(value):
        raise NotFound("no such torrent", reason="TORRENT_NOT_FOUND")
    return value[:40]


def _user(caller: Caller) -> int:
    if caller.user_id is None:
        raise PermissionDenied("this call needs a user's access token")
    return caller.user_id


def _not_found() -> NotFound:
    return NotFound("no such torrent", reason="TORRENT_NOT_FOUND")


@dataclass(frozen=True)
class Added:
    torrent: TorrentView
    created: bool


@dataclass(frozen=True)
class OwnedTorrentView:
    torrent: TorrentView
    owner_ids: list[int]


@dataclass(frozen=True)
class Upserted:
    """A watcher event: this torrent of the user is new or changed."""

    torrent: TorrentView


@dataclass(frozen=True)
class Removed:
    """A watcher event: this hash is no longer the user's."""

    info_hash: str


@dataclass(frozen=True)
class SnapshotDone:
    """A watcher event: the snapshot is complete; changes follow."""


WatchEvent = Upserted | Removed | SnapshotDone


class TorrentService:
    def __init__(
        self,
        database: Database,
        qbittorrent: QbittorrentClient,
        fetcher: TorrentFetcher,
        mirror: Mirror,
        hints: TransferHints,
    ) -> None:
        self._database = database
        self._qbt = qbittorrent
        self._fetcher = fetcher
        self._mirror = mirror
        self._hints = hints
        # Each user's ownerships: lists read them from here, every write below says it changed.
        self.owned = OwnedCache(self._load_owned)
        # In-process news of ownership changes, for the caller's open watch streams.
        self._watchers: dict[int, set[asyncio.Queue[tuple[str, Any]]]] = defaultdict(set)
        # Each user's last list: (mirror generation, ownership, view) by hash. A view is
        # rebuilt only when its fields or its ownership changed; the same object otherwise,
        # which lets the servicer keep its message too.
        self._listed: dict[int, dict[str, tuple[int, Ownership, TorrentView]]] = {}

    # -- add --------------------------------------------------------------------------

    async def add(
        self,
        caller: Caller,
        source: str,
        media_id: int | None,
        episode: int | None,
        episodes: Sequence[int] = (),
    ) -> Added:
        """Own the torrent of `source`, adding it to qBittorrent unless it is there already.
        `episodes` are all those a batch holds; `episode` is the one asked for."""
        user_id = _user(caller)
        batch = batch_episodes(episode, episodes)
        parsed = parse_source(source)
        if isinstance(parsed, Magnet):
            info_hash, torrent_file, magnet = parsed.info_hash, None, parsed.uri
        else:
            torrent_file = await self._fetcher.fetch(parsed.url)
            info_hash, magnet = torrent_info_hash(torrent_file), None

        # Durable before qBittorrent is touched: if we die before the ownership commits,
        # start-up (or the next reconcile) finds this row and settles the attempt. A single
        # statement, so it needs no transaction of its own to be committed.
        async with self._database.connection() as connection:
            pending_id = await PendingAdds(connection).start(user_id, info_hash)
        with self.owned.changing(user_id):
            try:
                async with self._database.transaction() as connection:
                    owners = Ownerships(connection)
                    await owners.lock_hash(info_hash)
                    if not await PendingAdds(connection).claim(pending_id):
                        # Settled by a reconcile while we waited for the lock: start over.
                        raise DependencyUnavailable("the add took too long; try again")
                    before = await owners.get(user_id, info_hash)
                    present = await self._put_in_qbittorrent(
                        user_id, info_hash, torrent_file, magnet
                    )
                    ownership = await owners.add(user_id, info_hash, media_id, episode, batch)
                    await PendingAdds(connection).finish(pending_id)
            except BaseException:
                await self._settle_after_failure(pending_id, user_id, info_hash)
                raise
        self._mirror.put(info_hash, present[0])
        view = torrent_view(info_hash, present[0], ownership)
        self._notify(user_id, "owned", ownership)
        log.info("torrent_owned", info_hash=info_hash, user_id=user_id, created=before is None)
        return Added(view, created=before is None)

    async def _put_in_qbittorrent(
        self, user_id: int, info_hash: str, torrent_file: bytes | None, magnet: str | None
    ) -> list[dict[str, Any]]:
        """Add the torrent, or tag the one already there as the user's; its fields."""
        tag = owner_tag(user_id)
        present = await self._qbt.torrents([info_hash])
        if not present:
            await self._qbt.add(
                torrent_file=torrent_file, magnet=magnet, category=CATEGORY, tags=[tag]
            )
            return await self._wait_present(info_hash)
        if tag not in tags_of(present[0]):
            await self._qbt.add_tags([info_hash], [tag])
        return present

    async def _settle_after_failure(self, pending_id: int, user_id: int, info_hash: str) -> None:
        try:
            await settle(self._database, self._qbt, pending_id, user_id, info_hash)
        except Exception:  # the original failure is what the caller must see
            # The pending row stays; the next reconcile settles it.
            log.exception("add_settle_failed", info_hash=info_hash, user_id=user_id)

    async def _wait_present(self, info_hash: str) -> list[dict[str, Any]]:
        """qBittorrent adds asynchronously: wait until torrents/info shows the new torrent."""
        deadline = time.monotonic() + APPEAR_TIMEOUT_S
        # It usually shows within tens of milliseconds: ask soon, then less often.
        pause_s = 0.01
        while True:
            present = await self._qbt.torrents([info_hash])
            if present:
                return present
            if time.monotonic() > deadline:
                raise UpstreamError("qBittorrent did not add the torrent")
            await asyncio.sleep(pause_s)
            pause_s = min(pause_s * 2, 0.1)

    # -- read -------------------------------------------------------------------------

    async def _load_owned(self, user_id: int) -> list[Ownership]:
        async with self._database.connection() as connection:
            return await Ownerships(connection).of_user(user_id)

    async def list_owned(self, caller: Caller) -> list[TorrentView]:
        user_id = _user(caller)
        owned = await self.owned.of_user(user_id)
        # Generations are read before the fields, so a view is never kept under a generation
        # newer than the fields it was built from (at worst it is rebuilt once more).
        generations = {o.info_hash: self._mirror.generation(o.info_hash) for o in owned}
        found = await self._fields([o.info_hash for o in owned])
        before = self._listed.get(user_id, {})
        now: dict[str, tuple[int, Ownership, TorrentView]] = {}
        views = []
        for ownership in owned:
            fields = found.get(ownership.info_hash)
            if fields is None:
                continue
            generation = generations[ownership.info_hash]
            kept = before.get(ownership.info_hash)
            # The cache hands back the same ownership objects until the user's change.
            if kept is not None and kept[0] == generation and kept[1] is ownership:
                view = kept[2]
            else:
                view = torrent_view(ownership.info_hash, fields, ownership)
            if generation is not None:  # fields read directly (not mirrored) are not kept
                now[ownership.info_hash] = (generation, ownership, view)
            views.append(view)
        self._listed[user_id] = now
        return views

    async def _fields(self, hashes: list[str]) -> Mapping[str, dict[str, Any]]:
        """qBittorrent's fields of these hashes: from the mirror, and directly for any it
        does not have yet (just added); hashes qBittorrent does not know are left out."""
        snapshot = await self._mirror.snapshot()
        found = {h: snapshot[h] for h in hashes if h in snapshot}
        missing = [h for h in hashes if h not in found]
        if missing:
            for fields in await self._qbt.torrents(missing):
                found[str(fields.get("hash", "")).lower()] = fields
        return found

    async def _owned(self, caller: Caller, info_hash: str) -> tuple[Ownership, dict[str, Any]]:
        user_id = _user(caller)
        info_hash = normalize_hash(info_hash)
        async with self._database.connection() as connection:
            ownership = await Ownerships(connection).get(user_id, info_hash)
        if ownership is None:
            raise _not_found()
        present = await self._qbt.torrents([info_hash])
        if not present:
            raise _not_found()
        return ownership, present[0]

    async def details(self, caller: Caller, info_hash: str) -> TorrentDetails:
        ownership, fields = await self._owned(caller, info_hash)
        files = await self._qbt.files(ownership.info_hash)
        return TorrentDetails(
            torrent=torrent_view(ownership.info_hash, fields, ownership),
            files=[
                TorrentFileView(
                    path=str(f.get("name", "")),
                    size_bytes=int(f.get("size", 0)),
                    progress=float(f.get("progress", 0.0)),
                )
                for f in files
            ],
            transfer=self._hints.transfer(fields),
        )

    async def list_all(self, caller: Caller) -> list[OwnedTorrentView]:
        if not caller.is_admin:
            raise PermissionDenied("this needs an administrator")
        async with self._database.connection() as connection:
            every = await Ownerships(connection).every()
        snapshot = await self._mirror.snapshot()
        owners: dict[str, list[Ownership]] = defaultdict(list)
        for ownership in every:
            owners[ownership.info_hash].append(ownership)
        views = []
        for info_hash, fields in snapshot.items():
            mine = owners.get(info_hash, [])
            first = mine[0] if mine else None
            views.append(
                OwnedTorrentView(torrent_view(info_hash, fields, first), [o.user_id for o in mine])
            )
        views.sort(key=lambda v: v.torrent.added_at, reverse=True)
        return views

    # -- change -----------------------------------------------------------------------

    async def pause(self, caller: Caller, info_hash: str) -> None:
        ownership, _ = await self._owned(caller, info_hash)
        await self._qbt.pause([ownership.info_hash])

    async def resume(self, caller: Caller, info_hash: str) -> None:
        ownership, _ = await self._owned(caller, info_hash)
        await self._qbt.resume([ownership.info_hash])

    async def delete(self, caller: Caller, info_hash: str, delete_files: bool) -> bool:
        """Drop the caller's ownership; remove the torrent when nobody else owns it."""
        user_id = _user(caller)
        info_hash = normalize_hash(info_hash)
        with self.owned.changing(user_id):
            async with self._database.transaction() as connection:
                owners = Ownerships(connection)
                await owners.lock_hash(info_hash)
                if not await owners.remove(user_id, info_hash):
                    raise _not_found()
                removed = await owners.owner_count(info_hash) == 0
                # qBittorrent last: if it fails, the ownership comes back with the rollback.
                if removed:
                    await self._qbt.delete([info_hash], delete_files=delete_files)
                    self._mirror.discard(info_hash)
                else:
                    await self._qbt.remove_tags([info_hash], [owner_tag(user_id)])
        self._notify(user_id, "disowned", info_hash)
        log.info("torrent_disowned", info_hash=info_hash, user_id=user_id, removed=removed)
        return removed

    async def forget_user(self, caller: Caller, user_id: int) -> tuple[int, int]:
        """Drop every ownership of a deleted user; torrents nobody owns then go, with files."""
        if not caller.is_admin:
            raise PermissionDenied("this needs an administrator")
        # From the database, not the cache: what is to be dropped must be all there is.
        hashes = [o.info_hash for o in await self._load_owned(user_id)]
        dropped = removed = 0
        for info_hash in hashes:
            with self.owned.changing(user_id):
                async with self._database.transaction() as connection:
                    owners = Ownerships(connection)
                    await owners.lock_hash(info_hash)
                    if not await owners.remove(user_id, info_hash):
                        continue
                    dropped += 1
                    if await owners.owner_count(info_hash) == 0:
                        await self._qbt.delete([info_hash], delete_files=True)
                        self._mirror.discard(info_hash)
                        removed += 1
                    else:
                        await self._qbt.remove_tags([info_hash], [owner_tag(user_id)])
            self._notify(user_id, "disowned", info_hash)
        log.info("user_forgotten", user_id=user_id, dropped=dropped, removed=removed)
        return dropped, removed

    # -- watch ------------------------------------------------------------------------

    def _notify(self, user_id: int, kind: str, value: Any) -> None:
        for queue in self._watchers.get(user_id, ()):
            queue.put_nowait((kind, value))

    async def watch(self, caller: Caller) -> AsyncIterator[WatchEvent]:
        """The caller's torrents now, then each change, for as long as the caller listens."""
        user_id = _user(caller)
        news: asyncio.Queue[tuple[str, Any]] = asyncio.Queue()
        self._watchers[user_id].add(news)
        try:
            async with self._mirror.watch() as changes:
                owned = {o.info_hash: o for o in await self.owned.of_user(user_id)}
                found = await self._fields(list(owned))
                for info_hash, ownership in owned.items():
                    if info_hash in found:
                        yield Upserted(torrent_view(info_hash, found[info_hash], ownership))
                yield SnapshotDone()
                async for event in self._events(owned, changes, news):
                    yield event
        finally:
            self._watchers[user_id].discard(news)
            if not self._watchers[user_id]:
                self._watchers.pop(user_id, None)

    async def _events(
        self,
        owned: dict[str, Ownership],
        changes: asyncio.Queue[Any],
        news: asyncio.Queue[tuple[str, Any]],
    ) -> AsyncIterator[WatchEvent]:
        while True:
            change_task = asyncio.ensure_future(changes.get())
            news_task = asyncio.ensure_future(news.get())
            try:
                done, _ = await asyncio.wait(
                    {change_task, news_task}, return_when=asyncio.FIRST_COMPLETED
                )
            finally:
                for task in (change_task, news_task):
                    if not task.done():
                        task.cancel()
            if news_task in done:
                kind, value = news_task.result()
                if kind == "owned":
                    owned[value.info_hash] = value
                    fields = self._mirror.get(value.info_hash)
                    if fields is not None:
                        yield Upserted(torrent_view(value.info_hash, fields, value))
                elif owned.pop(value, None) is not None:
                    yield Removed(value)
            if change_task in done:
                batch = change_task.result()
                for info_hash in sorted(batch.changed):
                    fields = self._mirror.get(info_hash)
                    if info_hash in owned and fields is not None:
                        yield Upserted(torrent_view(info_hash, fields, owned[info_hash]))
                for info_hash in sorted(batch.removed):
                    if info_hash in owned:
                        yield Removed(info_hash)
