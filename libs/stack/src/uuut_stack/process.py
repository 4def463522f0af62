"""One child process of the stack: spawn it, know when it is ready, stop it for good."""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import logging
import os
import signal
import subprocess
import time
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import httpx

from uuut_stack.errors import StackError

log = logging.getLogger("uuutorrent")

Probe = Callable[[], Awaitable[bool]]
"""Answers True once the child serves; must return within a couple of seconds."""

_PR_SET_PDEATHSIG = 1


@dataclass(frozen=True)
class ChildSpec:
    """How to run one child. `stop_signal` is also what it gets if the supervisor dies."""

    name: str
    argv: Sequence[str]
    env: Mapping[str, str]
    log_path: Path
    ready: Probe | None = None
    stop_signal: signal.Signals = signal.SIGTERM
    stop_grace_s: float = 2.0
    user: int | None = None  # uid to run as (PostgreSQL refuses to run as root)
    group: int | None = None
    cwd: Path | None = None


class ChildExited(StackError):
    """The child exited before it was ready."""


class ChildNotReady(StackError):
    """The child runs but did not become ready in time."""


def http_probe(url: str, timeout_s: float = 2.0) -> Probe:
    """A probe that is ready when GET `url` answers 200."""

    async def probe() -> bool:
        try:
            async with httpx.AsyncClient(timeout=timeout_s) as client:
                response = await client.get(url)
        except httpx.HTTPError:
            return False
        return response.status_code == 200

    return probe


def _die_with_parent(death_signal: int, parent_pid: int) -> Callable[[], None]:
    # Loaded before fork: dlopen in the forked child is not safe.
    libc = ctypes.CDLL(None, use_errno=True)

    def preexec() -> None:
        # Runs in the child after setsid/setuid (a uid change would clear the setting), so
        # the kernel signals the child when the supervisor dies, even by SIGKILL.
        libc.prctl(_PR_SET_PDEATHSIG, death_signal, 0, 0, 0)
        if os.getppid() != parent_pid:  # the parent died before prctl took effect
            os.kill(os.getpid(), death_signal)

    return preexec


class Child:
    """A running (or stopped) instance of a ChildSpec; restartable with `spawn()`."""

    def __init__(self, spec: ChildSpec) -> None:
        self.spec = spec
        self.restarts = 0
        self.started_at = 0.0
        self._proc: subprocess.Popen[bytes] | None = None
        self._exited = asyncio.Event()
        self._exited.set()
        self._poller: asyncio.Task[None] | None = None

    @property
    def name(self) -> str:
        return self.spec.name

    @property
    def pid(self) -> int | None:
        return self._proc.pid if self._proc is not None else None

    @property
    def running(self) -> bool:
        return not self._exited.is_set()

    @property
    def returncode(self) -> int | None:
        return self._proc.returncode if self._proc is not None else None

    def spawn(self) -> None:
        """Start the process. Synchronous on purpose: no await between fork and bookkeeping."""
        if self.running:
            raise RuntimeError(f"{self.name} is already running")
        spec = self.spec
        spec.log_path.parent.mkdir(parents=True, exist_ok=True)
        with spec.log_path.open("ab") as out:
            stamp = time.strftime("%Y-%m-%d %H:%M:%S")
            out.write(
                f"--- {stamp} uuutorrent starts {spec.name}: {' '.join(spec.argv)}\n".encode()
            )
            out.flush()
            try:
                # Own session: a Ctrl-C in the terminal reaches only the supervisor, which then
                # stops children in dependency order.
                self._proc = subprocess.Popen(  # noqa: S603 - argv is built by the stack
                    list(spec.argv),
                    env=dict(spec.env),
                    cwd=spec.cwd,
                    stdin=subprocess.DEVNULL,
                    stdout=out,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                    user=spec.user,
                    group=spec.group,
                    extra_groups=[] if spec.group is not None else None,
                    preexec_fn=_die_with_parent(spec.stop_signal, os.getpid()),
                )
            except OSError as exc:
                raise StackError(f"cannot start {spec.name} ({spec.argv[0]}): {exc}") from exc
        self.started_at = time.monotonic()
        self._exited = asyncio.Event()
        loop = asyncio.get_running_loop()
        try:
            # A pidfd becomes readable when the process exits: no polling, no SIGCHLD handler.
            pidfd = os.pidfd_open(self._proc.pid)
        except OSError:  # Linux before 5.3
            self._poller = loop.create_task(self._poll_exit(self._proc))
        else:
            loop.add_reader(pidfd, self._on_exit, pidfd)

    def _on_exit(self, pidfd: int) -> None:
        asyncio.get_running_loop().remove_reader(pidfd)
        os.close(pidfd)
        assert self._proc is not None
        self._proc.wait()
        self._exited.set()

    async def _poll_exit(self, proc: subprocess.Popen[bytes]) -> None:
        while proc.poll() is None:  # noqa: ASYNC110 - without a pidfd there is no event
            await asyncio.sleep(0.1)
        self._exited.set()

    async def wait(self) -> int:
        """Wait until the process exits; its return code."""
        await self._exited.wait()
        assert self._proc is not None
        return self._proc.returncode

    async def wait_ready(self, timeout_s: float) -> None:
        """Return once the probe answers; raise if the process exits or time runs out."""
        deadline = time.monotonic() + timeout_s
        while True:
            if not self.running:
                raise ChildExited(
                    f"{self.name} exited with code {self.returncode} before it was ready"
                    f" ({self.spec.log_path}): {self.last_log_line()}"
                )
            if self.spec.ready is None or await self.spec.ready():
                return
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise ChildNotReady(
                    f"{self.name} was not ready after {timeout_s:.0f}s (see {self.spec.log_path})"
                )
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._exited.wait(), min(0.2, remaining))

    def last_log_line(self) -> str:
        """The last non-empty line of the child's log: usually the reason it died."""
        try:
            with self.spec.log_path.open("rb") as f:
                f.seek(max(0, f.seek(0, os.SEEK_END) - 8192))
                lines = f.read().decode(errors="replace").splitlines()
        except OSError:
            return "(no log)"
        return next((line.strip() for line in reversed(lines) if line.strip()), "(empty log)")

    async def stop(self, grace_s: float | None = None) -> None:
        """Ask the process to stop, SIGKILL it (and its group) when the grace period is over."""
        grace = self.spec.stop_grace_s if grace_s is None else grace_s
        if self.running:
            self._signal(self.spec.stop_signal, group=False)
            try:
                await asyncio.wait_for(self._exited.wait(), grace)
            except TimeoutError:
                log.warning("%s did not stop within %.1fs; killing it", self.name, grace)
        self.kill()
        await self._exited.wait()

    def kill(self) -> None:
        """SIGKILL the whole process group at once, leftovers of an exited leader included."""
        self._signal(signal.SIGKILL, group=True)

    def _signal(self, sig: signal.Signals, *, group: bool) -> None:
        if self._proc is None:
            return
        try:
            if group:
                os.killpg(self._proc.pid, sig)  # the leader's pid is the session's group id
            elif self.running:
                os.kill(self._proc.pid, sig)
        except ProcessLookupError:
            pass
