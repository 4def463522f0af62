"""Fixtures of the stack's tests: free ports and a way to wait for processes to be gone."""

from __future__ import annotations

import random
import socket
import time
from collections.abc import Callable, Iterable

import psutil
import pytest


def _is_free(port: int) -> bool:
    with socket.socket() as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


@pytest.fixture
def free_port() -> Callable[[], int]:
    """`free_port()`: a port nobody listens on right now."""

    def pick() -> int:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            return int(s.getsockname()[1])

    return pick


@pytest.fixture
def free_port_base() -> int:
    """A base B with B+1..B+21 all free, for UUUT_INTERNAL_PORT_BASE."""
    for _ in range(200):
        base = random.randrange(20000, 60000)
        if all(_is_free(base + i) for i in range(1, 22)):
            return base
    raise RuntimeError("no free block of 21 ports")


def alive(pids: Iterable[int]) -> list[int]:
    """The pids that still run (a zombie waiting to be reaped counts as gone)."""
    running = []
    for pid in pids:
        try:
            if psutil.Process(pid).status() != psutil.STATUS_ZOMBIE:
                running.append(pid)
        except psutil.NoSuchProcess:
            pass
    return running


def wait_gone(pids: Iterable[int], timeout_s: float) -> list[int]:
    """Wait until none of `pids` runs; the ones still running after `timeout_s`."""
    pids = list(pids)
    deadline = time.monotonic() + timeout_s
    while (left := alive(pids)) and time.monotonic() < deadline:
        time.sleep(0.05)
    return left


@pytest.fixture
def gone() -> Callable[[Iterable[int], float], list[int]]:
    return wait_gone


@pytest.fixture
def still_alive() -> Callable[[Iterable[int]], list[int]]:
    return alive
