"""`uuutorrent up` as a child of the demo: in its own session (a Ctrl-C meant for the TUI never
reaches it), its output in a log file (the terminal belongs to the TUI), stopped with SIGTERM."""

from __future__ import annotations

import asyncio
import contextlib
import os
import secrets
import shutil
import signal
import socket
import sys
from collections.abc import Mapping
from pathlib import Path

READY_MARK = "is ready at"
READY_TIMEOUT_S = 120.0
STOP_TIMEOUT_S = 15.0
# Where the owner's own deployment is configured: the demo always runs its own.
_NOT_FOR_THE_DEMO = ("UUUT_DATABASE_URL", "UUUT_QBITTORRENT_URL", "UUUT_BOOTSTRAP_ADMIN_PASSWORD")


def uuutorrent_command() -> str:
    beside = Path(sys.executable).parent / "uuutorrent"
    found = str(beside) if beside.exists() else shutil.which("uuutorrent")
    if found is None:
        raise SystemExit("uuutorrent is not installed: run `make demo` (it installs it)")
    return found


def port_free(port: int, host: str = "127.0.0.1") -> bool:
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError:
            return False
    return True


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def free_port_base(span: int = 22) -> int:
    """A base B with B+1..B+span free: the stack's internal ports (a `make up` may run too)."""
    for _ in range(200):
        base = 20_000 + secrets.randbelow(20_000)
        if all(port_free(base + offset) for offset in range(1, span + 1)):
            return base
    raise SystemExit("no free block of local ports for the demo stack")


class DemoStack:
    def __init__(self, data_dir: Path, gateway_port: int, env: Mapping[str, str]) -> None:
        self.data_dir = data_dir
        self.gateway_url = f"http://127.0.0.1:{gateway_port}"
        self.log_path = data_dir / "logs" / "demo-stack.log"
        self._env = {k: v for k, v in os.environ.items() if k not in _NOT_FOR_THE_DEMO}
        self._env |= {
            "UUUT_DATA_DIR": str(data_dir),
            "UUUT_GATEWAY_PORT": str(gateway_port),
            "UUUT_BIND": "127.0.0.1",
            "UUUT_INTERNAL_PORT_BASE": str(free_port_base()),
            "UUUT_SIGNUP": "open",
            "PYTHONUNBUFFERED": "1",
            **env,
        }
        self._process: asyncio.subprocess.Process | None = None
        self._pump: asyncio.Task[None] | None = None

    async def start(self) -> None:
        """Start the stack and return once it says it is ready (or fail with its last words)."""
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        self._process = await asyncio.create_subprocess_exec(
            uuutorrent_command(),
            "up",
            env=self._env,
            stdin=asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.STDOUT,
            start_new_session=True,
        )
        ready = asyncio.Event()
        self._pump = asyncio.create_task(self._copy_output(ready))
        waiting = asyncio.create_task(ready.wait())
        exited = asyncio.create_task(self._process.wait())
        done, _ = await asyncio.wait(
            {waiting, exited}, timeout=READY_TIMEOUT_S, return_when=asyncio.FIRST_COMPLETED
        )
        waiting.cancel()
        exited.cancel()
        if waiting not in done or not ready.is_set():
            await self.stop()
            tail = "\n".join(self.log_path.read_text(errors="replace").splitlines()[-30:])
            raise SystemExit(f"the demo stack did not start (log: {self.log_path}):\n{tail}")

    async def _copy_output(self, ready: asyncio.Event) -> None:
        assert self._process is not None and self._process.stdout is not None
        with self.log_path.open("ab") as log:
            async for line in self._process.stdout:
                log.write(line)
                log.flush()
                if READY_MARK.encode() in line:
                    ready.set()

    async def stop(self) -> int | None:
        """SIGTERM to the stack (it stops every part within 10 s), SIGKILL if it hangs."""
        process = self._process
        if process is None:
            return None
        if process.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                process.send_signal(signal.SIGTERM)
            try:
                await asyncio.wait_for(process.wait(), STOP_TIMEOUT_S)
            except TimeoutError:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                await process.wait()
        if self._pump is not None:
            with contextlib.suppress(asyncio.CancelledError):
                await asyncio.wait_for(self._pump, 5)
        return process.returncode
