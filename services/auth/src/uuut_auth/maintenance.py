"""Upkeep in the background: signing-key rotation, purging dead logins, the sessions gauge."""

from __future__ import annotations

import asyncio
import contextlib
import time
from datetime import timedelta

from uuut_auth import metrics
from uuut_auth.domain import Clock, utc_now
from uuut_auth.keys import KeyStore
from uuut_auth.repository import Store
from uuut_kit.logging import get_logger

log = get_logger(__name__)

# Revoked or expired logins are kept this long (CheckSession answers "inactive" either way).
PURGE_AFTER = timedelta(days=1)


class Maintenance:
    def __init__(
        self,
        keys: KeyStore,
        store: Store,
        *,
        interval_s: float,
        gauge_interval_s: float,
        clock: Clock = utc_now,
    ) -> None:
        self._keys = keys
        self._store = store
        self._interval_s = interval_s
        self._gauge_interval_s = gauge_interval_s
        self._clock = clock
        self._stopping = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    async def rotate_keys(self) -> bool:
        """A new signing key when the current one is too old; the JWKS republished."""
        return await asyncio.to_thread(self._keys.rotate_if_due, self._clock())

    async def purge(self) -> None:
        cutoff = self._clock() - PURGE_AFTER
        async with self._store.transaction() as repo:
            logins = await repo.purge_logins_before(cutoff)
            tokens = await repo.purge_refresh_tokens_before(cutoff)
        if logins or tokens:
            log.info("sessions_purged", logins=logins, refresh_tokens=tokens)

    async def update_gauge(self) -> int:
        async with self._store.connection() as repo:
            count = await repo.count_active_sessions(self._clock())
        metrics.active_sessions.set(count)
        return count

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="auth-maintenance")

    async def stop(self) -> None:
        self._stopping.set()
        if self._task is not None:
            await self._task

    async def _run(self) -> None:
        last_upkeep = time.monotonic()
        while not self._stopping.is_set():
            await self._step(self.update_gauge)
            if time.monotonic() - last_upkeep >= self._interval_s:
                last_upkeep = time.monotonic()
                await self._step(self.rotate_keys)
                await self._step(self.purge)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stopping.wait(), self._gauge_interval_s)

    async def _step(self, job) -> None:  # type: ignore[no-untyped-def]
        # One failed round (database restarting) must not end upkeep for good.
        try:
            await job()
        except Exception:
            log.exception("maintenance_failed", job=job.__name__)
