"""The supervisor: restarts what dies, never while stopping, and leaves no process behind."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from pathlib import Path

import psutil
import pytest

from uuut_stack.process import Child, ChildExited, ChildSpec
from uuut_stack.supervisor import Supervisor

HARNESS = Path(__file__).with_name("dummy_stack.py")


def _spec(tmp_path: Path, name: str, code: str, grace: float = 1.0) -> ChildSpec:
    return ChildSpec(
        name=name,
        argv=[sys.executable, "-c", code],
        env=dict(os.environ),
        log_path=tmp_path / f"{name}.log",
        stop_grace_s=grace,
    )


async def _until(condition: Callable[[], bool], timeout_s: float) -> None:
    deadline = time.monotonic() + timeout_s
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        await asyncio.sleep(0.05)


async def test_a_child_that_exits_is_restarted(tmp_path: Path) -> None:
    supervisor = Supervisor(backoff_s=(0.1, 0.2))
    [child] = supervisor.spawn([_spec(tmp_path, "brief", "import time; time.sleep(0.3)")], tier=0)
    await supervisor.wait_ready([child], 5)
    first = child.pid
    await _until(lambda: child.restarts >= 2, 10)
    assert child.pid != first
    await supervisor.shutdown()
    assert not child.running
    assert (tmp_path / "brief.log").read_text().count("uuutorrent starts brief") >= 3


async def test_no_restart_once_shutdown_has_begun(tmp_path: Path) -> None:
    supervisor = Supervisor(backoff_s=(1.0, 1.0))
    crashing = _spec(tmp_path, "crashing", "import time; time.sleep(0.2); raise SystemExit(3)")
    # Dies of our SIGTERM with a failure code: still no restart.
    dying = _spec(tmp_path, "dying", "import time; time.sleep(600)")
    crash, die = supervisor.spawn([crashing, dying], tier=0)
    await supervisor.wait_ready([crash, die], 5)
    await crash.wait()
    await asyncio.sleep(0.1)  # the watcher is now waiting out its backoff
    await supervisor.shutdown()
    await asyncio.sleep(1.5)  # longer than the backoff
    assert crash.restarts == 0 and not crash.running
    assert die.restarts == 0 and not die.running
    assert die.returncode == -signal.SIGTERM


async def test_a_child_that_dies_before_it_is_ready_is_reported(tmp_path: Path) -> None:
    async def never() -> bool:
        return False

    code = "import time; time.sleep(0.3); print('boom: no such module'); raise SystemExit(1)"
    child = Child(replace(_spec(tmp_path, "broken", code), ready=never))
    child.spawn()
    with pytest.raises(ChildExited, match=r"broken exited with code 1 .*boom: no such module"):
        await child.wait_ready(10)


@pytest.fixture
def harness(tmp_path: Path) -> Iterator[Callable[[str], tuple[subprocess.Popen[str], list[int]]]]:
    started: list[tuple[subprocess.Popen[str], list[int]]] = []

    def start(mode: str) -> tuple[subprocess.Popen[str], list[int]]:
        proc = subprocess.Popen(
            [sys.executable, str(HARNESS), str(tmp_path), mode],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        assert proc.stdout is not None
        line = proc.stdout.readline()  # the children's pids, once they all run
        assert line, "the harness died before its children were ready"
        leaders = json.loads(line)
        descendants = [p.pid for p in psutil.Process(proc.pid).children(recursive=True)]
        assert set(leaders) <= set(descendants)
        started.append((proc, descendants))
        return proc, descendants

    yield start
    for proc, pids in started:  # clean up after a failed test: only what we started
        proc.kill()
        proc.wait()
        for pid in pids:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)


def test_sigterm_leaves_no_process_within_10s(
    harness: Callable[[str], tuple[subprocess.Popen[str], list[int]]],
    gone: Callable[[Iterable[int], float], list[int]],
) -> None:
    proc, pids = harness("all")
    started = time.monotonic()
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=10) == 0
    assert gone(pids, max(0.0, 10 - (time.monotonic() - started))) == []
    assert time.monotonic() - started > 2  # the stubborn child held out its grace, then died


def test_a_second_signal_kills_at_once(
    harness: Callable[[str], tuple[subprocess.Popen[str], list[int]]],
    gone: Callable[[Iterable[int], float], list[int]],
) -> None:
    proc, pids = harness("all")
    proc.send_signal(signal.SIGINT)
    time.sleep(0.5)  # the stubborn child is now in its 2 s grace period
    started = time.monotonic()
    proc.send_signal(signal.SIGINT)
    assert proc.wait(timeout=5) == 130
    assert time.monotonic() - started < 1
    assert gone(pids, 2) == []


def test_children_die_with_a_killed_supervisor(
    harness: Callable[[str], tuple[subprocess.Popen[str], list[int]]],
    gone: Callable[[Iterable[int], float], list[int]],
) -> None:
    proc, pids = harness("polite")  # (a child that ignores SIGTERM would outlive a SIGKILL)
    proc.kill()
    proc.wait()
    assert gone(pids, 5) == []
