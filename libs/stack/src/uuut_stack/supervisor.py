"""Runs the stack's children: start by tiers, restart what dies, stop everything on a signal."""

from __future__ import annotations

import asyncio
import logging
import signal
import time
from collections.abc import Callable, Coroutine, Sequence
from typing import Any

from uuut_stack.errors import StackError
from uuut_stack.process import Child, ChildSpec

log = logging.getLogger("uuutorrent")

_STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


class Supervisor:
    """Children live in tiers (0 = no dependencies); higher tiers stop first.

    The stop budget keeps the whole shutdown under the 10 s the contract promises: children get
    their own grace period tier by tier, and whatever is still alive when the budget is spent is
    SIGKILLed together.
    """

    def __init__(
        self,
        *,
        stop_budget_s: float = 9.0,
        backoff_s: tuple[float, float] = (0.5, 15.0),
        stable_after_s: float = 30.0,
    ) -> None:
        self._stop_budget_s = stop_budget_s
        self._backoff_min, self._backoff_max = backoff_s
        self._stable_after_s = stable_after_s
        self._tiers: dict[int, list[Child]] = {}
        self._watchers: set[asyncio.Task[None]] = set()
        self._stop_requested = asyncio.Event()
        self._forced = asyncio.Event()

    @property
    def children(self) -> list[Child]:
        """Every child, in dependency order."""
        return [child for tier in sorted(self._tiers) for child in self._tiers[tier]]

    @property
    def stopping(self) -> bool:
        return self._stop_requested.is_set()

    def spawn(self, specs: Sequence[ChildSpec], *, tier: int) -> list[Child]:
        """Start children without waiting; `wait_ready` them before anything depends on them."""
        started = []
        for spec in specs:
            child = Child(spec)
            self._tiers.setdefault(tier, []).append(child)
            log.info("starting %s", spec.name)
            child.spawn()
            started.append(child)
        return started

    async def wait_ready(self, children: Sequence[Child], timeout_s: float) -> None:
        """Wait until every child is ready; from then on a child that dies is restarted."""
        deadline = time.monotonic() + timeout_s
        for child in children:
            await child.wait_ready(max(0.0, deadline - time.monotonic()))
            log.info("%s is ready", child.name)
        for child in children:
            watcher = asyncio.create_task(self._watch(child), name=f"watch-{child.name}")
            self._watchers.add(watcher)
            watcher.add_done_callback(self._watchers.discard)

    async def _watch(self, child: Child) -> None:
        delay = self._backoff_min
        while True:
            code = await child.wait()
            if self.stopping:
                return
            if time.monotonic() - child.started_at >= self._stable_after_s:
                delay = self._backoff_min
            # A process that failed on its own usually said why last; one killed did not.
            why = f": {child.last_log_line()}" if code > 0 else ""
            log.warning(
                "%s exited with code %s; restarting it in %.1fs (log: %s)%s",
                child.name, code, delay, child.spec.log_path, why,
            )  # fmt: skip
            while True:
                if await self._stops_within(delay):
                    return  # shutdown began while we waited: no restart
                delay = min(delay * 2, self._backoff_max)
                try:
                    child.spawn()
                    break
                except StackError as exc:
                    log.error("%s; trying again in %.1fs", exc, delay)
            child.restarts += 1

    async def _stops_within(self, seconds: float) -> bool:
        try:
            await asyncio.wait_for(self._stop_requested.wait(), seconds)
        except TimeoutError:
            return False
        return True

    def install_signal_handlers(self) -> None:
        loop = asyncio.get_running_loop()
        for sig in _STOP_SIGNALS:
            loop.add_signal_handler(sig, self.request_stop, sig)

    def remove_signal_handlers(self) -> None:
        loop = asyncio.get_running_loop()
        for sig in _STOP_SIGNALS:
            loop.remove_signal_handler(sig)

    def request_stop(self, sig: signal.Signals = signal.SIGTERM) -> None:
        """First call begins the shutdown; a second one kills everything at once."""
        if not self.stopping:
            log.info("%s received: stopping (send it again to kill at once)", sig.name)
            self._stop_requested.set()
        elif not self._forced.is_set():
            log.warning("%s received again: killing every process now", sig.name)
            self._forced.set()

    async def run(self, startup: Callable[[], Coroutine[Any, Any, None]]) -> int:
        """Run `startup`, then until a signal; always shut down. 0 when clean, 130 if forced.

        A failing startup is re-raised after the shutdown.
        """
        self.install_signal_handlers()
        starting = asyncio.create_task(startup(), name="startup")
        signalled = asyncio.create_task(self._stop_requested.wait(), name="wait-for-signal")
        try:
            await asyncio.wait({starting, signalled}, return_when=asyncio.FIRST_COMPLETED)
            if starting.done():
                starting.result()
                await signalled
            else:
                starting.cancel()
                await asyncio.gather(starting, return_exceptions=True)
        finally:
            signalled.cancel()
            await self.shutdown()
            self.remove_signal_handlers()
        return 130 if self._forced.is_set() else 0

    async def shutdown(self) -> None:
        """Stop every child, highest tier first, all gone within the stop budget."""
        self._stop_requested.set()
        for watcher in list(self._watchers):
            watcher.cancel()
        stopping = asyncio.create_task(self._stop_tiers(), name="stop-tiers")
        forced = asyncio.create_task(self._forced.wait(), name="wait-for-force")
        done, _ = await asyncio.wait(
            {stopping, forced}, timeout=self._stop_budget_s, return_when=asyncio.FIRST_COMPLETED
        )
        failed = stopping in done and stopping.exception() is not None
        if stopping not in done or failed:
            if failed:
                log.error("stopping failed (%r): killing what is left", stopping.exception())
            elif forced not in done:
                log.warning("stop budget of %.0fs spent: killing what is left", self._stop_budget_s)
            stopping.cancel()
            for child in self.children:
                child.kill()
            await asyncio.gather(*(child.wait() for child in self.children if child.pid))
        forced.cancel()
        await asyncio.gather(stopping, forced, *self._watchers, return_exceptions=True)

    async def _stop_tiers(self) -> None:
        for tier in sorted(self._tiers, reverse=True):
            children = self._tiers[tier]
            await asyncio.gather(*(child.stop() for child in children))
            log.info("stopped %s", ", ".join(child.name for child in children))
