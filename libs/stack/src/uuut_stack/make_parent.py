"""Stop when `make up` alone is told to stop.

GNU make forwards SIGTERM to its children, but not SIGINT (or SIGHUP): it expects those to
come from the terminal to the whole process group, and then waits for its children forever.
A SIGINT sent to the make process alone would leave the stack running. While make waits in
its handler for such a signal, the kernel keeps that signal blocked for make, which shows in
/proc/<make>/status as a bit of SigBlk: that is how we learn that make was asked to stop.
"""

from __future__ import annotations

import asyncio
import os
import signal
from collections.abc import Callable
from pathlib import Path

POLL_S = 0.2
# Not SIGTERM: make forwards that one to us itself, and a second stop request means "kill now".
_WATCHED = (signal.SIGINT, signal.SIGHUP)


def _is_make(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/comm").read_text().strip() in ("make", "gmake")
    except OSError:
        return False


def blocked_signals(pid: int) -> int | None:
    """The blocked-signal mask of a process, or None when it is gone (or not Linux)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("SigBlk:"):
                return int(line.split(":", 1)[1], 16)
    except (OSError, ValueError):
        return None
    return None


async def watch_make_parent(stop: Callable[[signal.Signals], None]) -> None:
    """Call `stop(sig)` once our parent, if it is make, is handling a stop signal."""
    parent = os.getppid()
    if not _is_make(parent):
        return
    while True:
        mask = blocked_signals(parent)
        if mask is None:
            return
        for sig in _WATCHED:
            if mask & (1 << (sig - 1)):
                stop(sig)
                return
        await asyncio.sleep(POLL_S)
