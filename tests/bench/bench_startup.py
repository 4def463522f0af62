"""Start-up: `uuutorrent up` to ready, on a new data directory and again on the same one.

The first start creates the database cluster, the keys and the schemas; the goal (≤ 10 s) is
for a server that is already installed, the start after a reboot or an upgrade.
"""

from __future__ import annotations

import asyncio
import re
import tempfile
from pathlib import Path

from tests.contract.stack import start_stack

from .harness import BenchStack, Figure

GOAL_S = 10.0
_STARTED = re.compile(r"is ready at \S+ \(started in ([\d.]+)s\)")


def _start_and_stop(data_dir: Path) -> float:
    running = start_stack(data_dir)
    try:
        return next(
            float(match.group(1)) for line in running.output if (match := _STARTED.search(line))
        )
    finally:
        running.stop()


async def measure(stack: BenchStack) -> list[Figure]:
    del stack  # it measures stacks of its own
    with tempfile.TemporaryDirectory(prefix="uuut-bench-startup-") as data_dir:
        first = await asyncio.to_thread(_start_and_stop, Path(data_dir))
        again = await asyncio.to_thread(_start_and_stop, Path(data_dir))
    return [
        Figure("start-up on a new data directory (initdb, keys, schemas)", first, "s"),
        Figure("start-up once installed", again, "s", f"≤ {GOAL_S:.0f} s", again <= GOAL_S),
    ]
