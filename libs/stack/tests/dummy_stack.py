"""A supervisor running dummy children, for the signal tests: `python dummy_stack.py LOG_DIR MODE`.

Prints the children's pids as one JSON line once they all run. MODE `all` adds a child that
ignores SIGTERM and one that leaves a grandchild in its process group; `polite` runs neither
(a SIGKILLed supervisor cannot clean up after those).
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import sys
from pathlib import Path

from uuut_stack.process import ChildSpec
from uuut_stack.supervisor import Supervisor

SLEEPER = "import time; time.sleep(600)"
STUBBORN = "import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); time.sleep(600)"
# Its grandchild stays in its process group after the parent dies of SIGTERM.
PARENT = (
    "import subprocess, sys, time; "
    f"subprocess.Popen([sys.executable, '-c', {SLEEPER!r}]); time.sleep(600)"
)


async def main(log_dir: Path, mode: str) -> int:
    supervisor = Supervisor()

    def spec(name: str, code: str, grace: float = 1.0) -> ChildSpec:
        return ChildSpec(
            name=name,
            argv=[sys.executable, "-c", code],
            env=dict(os.environ),
            log_path=log_dir / f"{name}.log",
            stop_grace_s=grace,
        )

    async def startup() -> None:
        low = [spec("sleeper", SLEEPER)]
        if mode == "all":
            low += [spec("parent", PARENT), spec("stubborn", STUBBORN, grace=2.0)]
        await supervisor.wait_ready(supervisor.spawn(low, tier=0), 10)
        await supervisor.wait_ready(supervisor.spawn([spec("top", SLEEPER)], tier=1), 10)
        await asyncio.sleep(0.3)  # let the grandchild start
        print(json.dumps([child.pid for child in supervisor.children]), flush=True)

    return await supervisor.run(startup)


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO)
    sys.exit(asyncio.run(main(Path(sys.argv[1]), sys.argv[2])))
