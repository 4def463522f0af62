"""An in-memory copy of qBittorrent's torrents, kept current from `sync/maindata`.

Started by the first list or watcher, it polls with the incremental `rid` and stops after
`idle_s` with neither, so an idle server does not poll qBittorrent forever. Watchers get
every batch of changed and removed hashes.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from uuut_kit.errors import DependencyUnavailable, DomainError
from uuut_kit.logging import get_logger
from uuut_torrent import metrics
from uuut_torrent.views import State, map_state

log = get_logger(__name__)

Fields = dict[str, Any]
MainData = Callable[[int], Awaitable[dict[str, Any]]]


@dataclass(frozen=True)
class Changes:
    changed: frozenset[str]
    removed: frozenset[str]


@dataclass(eq=False)  # compared and hashed by identity
class _Watcher:
    queue: asyncio.Queue[Changes] = field(default_factory=asyncio.Queue)


class Mirror:
    def __init__(
        self,
        maindata: MainData,
        *,
        poll_s: float = 1.0,
        idle_s: float = 60.0,
        max_lag_s: float = 10.0,
    ) -> None:
        self._maindata = maindata
        self._poll_s = poll_s
        self._idle_s = idle_s
        self._max_lag_s = max_lag_s
        self._torrents: dict[str, Fields] = {}
        # Bumped for a hash whenever its fields change, so readers can keep what they built
        # from unchanged fields (a list of 2,000 torrents rebuilt per request is the cost).
        self._generations: dict[str, int] = {}
        self._tick = 0
        self._rid = 0
        self._task: asyncio.Task[None] | None = None
        self._synced = asyncio.Event()
        self._attempted = asyncio.Event()
        self._last_sync = 0.0
        self._last_used = 0.0
        self._last_error: DomainError | None = None
        self._watchers: set[_Watcher] = set()
        metrics.mirror_lag_seconds.set_function(self.lag_s)

    @property
    def running(self) -> bool:
        return self._task is not None and not self._task.done()

    def lag_s(self) -> float:
        """Seconds since the last successful sync (0 while stopped)."""
        return time.monotonic() - self._last_sync if self.running and self._last_sync else 0.0

    def _ensure_running(self) -> None:
        self._last_used = time.monotonic()
        if not self.running:
            self._synced = asyncio.Event()
            self._attempted = asyncio.Event()
            self._task = asyncio.create_task(self._run(), name="torrent-mirror")

    async def snapshot(self) -> Mapping[str, Fields]:
        """The current torrents by hash; starts the mirror and waits for its first sync."""
        self._ensure_running()
        if not self._synced.is_set():
            # The first attempt decides: synced, or the error that stopped it.
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._attempted.wait(), self._max_lag_s)
            if not self._synced.is_set():
                raise self._last_error or DependencyUnavailable(
                    "qBittorrent did not answer in time; try again shortly"
                )
        if time.monotonic() - self._last_sync > self._max_lag_s:
            raise self._last_error or DependencyUnavailable("qBittorrent stopped answering")
        return self._torrents

    def get(self, info_hash: str) -> Fields | None:
        return self._torrents.get(info_hash)

    def generation(self, info_hash: str) -> int | None:
        """Changes whenever this torrent's fields change (None: not mirrored)."""
        return self._generations.get(info_hash)

    def _touch(self, info_hash: str) -> None:
        self._tick += 1
        self._generations[info_hash] = self._tick

    def discard(self, info_hash: str) -> None:
        """Forget a torrent we removed ourselves (before the next sync says so)."""
        self._torrents.pop(info_hash, None)
        self._generations.pop(info_hash, None)

    def put(self, info_hash: str, fields: Fields) -> None:
        """Record what a direct torrents/info call said (before the next sync shows it)."""
        if self.running:
            self._torrents.setdefault(info_hash, {}).update(fields)
            self._touch(info_hash)

    @contextlib.asynccontextmanager
    async def watch(self) -> AsyncIterator[asyncio.Queue[Changes]]:
        """A queue of change batches for as long as the block runs (keeps the mirror alive)."""
        watcher = _Watcher()
        self._watchers.add(watcher)
        self._ensure_running()
        try:
            yield watcher.queue
        finally:
            self._watchers.discard(watcher)
            self._last_used = time.monotonic()

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    async def _run(self) -> None:
        log.info("mirror_started")
        metrics.mirror_running.set(1)
        backoff = self._poll_s
        try:
            while self._watchers or time.monotonic() - self._last_used < self._idle_s:
                try:
                    data = await self._maindata(self._rid)
                except DomainError as error:
                    self._last_error = error
                    self._attempted.set()
                    log.warning("mirror_sync_failed", reason=error.reason)
                    backoff = min(backoff * 2, 5.0)
                    await asyncio.sleep(backoff)
                    continue
                backoff = self._poll_s
                self._apply(data)
                await asyncio.sleep(self._poll_s)
        finally:
            self._torrents = {}
            self._generations = {}
            self._rid = 0
            self._last_sync = 0.0
            metrics.mirror_running.set(0)
            metrics.torrents_by_state.clear()
            log.info("mirror_stopped")

    def _apply(self, data: Mapping[str, Any]) -> None:
        updates: Mapping[str, Fields] = data.get("torrents") or {}
        if data.get("full_update"):
            removed = set(self._torrents) - set(updates)
            self._torrents = {h: dict(f) for h, f in updates.items()}
            self._generations = {}
        else:
            removed = set(data.get("torrents_removed") or ())
            for info_hash, delta in updates.items():
                self._torrents.setdefault(info_hash, {}).update(delta)
            for info_hash in removed:
                self._torrents.pop(info_hash, None)
                self._generations.pop(info_hash, None)
        for info_hash in updates:
            self._touch(info_hash)
        self._rid = int(data.get("rid", 0))
        self._last_sync = time.monotonic()
        self._last_error = None
        self._synced.set()
        self._attempted.set()
        counts = Counter(map_state(str(f.get("state", ""))) for f in self._torrents.values())
        for state in State:
            metrics.torrents_by_state.labels(state.value).set(counts.get(state, 0))
        if updates or removed:
            changes = Changes(frozenset(updates), frozenset(removed))
            for watcher in self._watchers:
                watcher.queue.put_nowait(changes)
