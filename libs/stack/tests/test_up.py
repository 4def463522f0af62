"""`uuutorrent up` end to end, with stand-in services that only answer /ready."""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import asyncpg
import httpx
import psutil
import pytest

from uuut_stack.provision import libpq_url

# A stand-in for `python -m uuut_<name>`: records its environment, serves /ready.
FAKE_MAIN = """
import json, os, signal, sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

name = __spec__.name.split(".")[0]
Path(os.environ["UUUT_DATA_DIR"], f"{name}.env.json").write_text(json.dumps(dict(os.environ)))
if "UUUT_OPS_PORT" in os.environ:
    address = ("127.0.0.1", int(os.environ["UUUT_OPS_PORT"]))
else:
    address = (os.environ["UUUT_BIND"], int(os.environ["UUUT_GATEWAY_PORT"]))

class Ready(BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200 if self.path == "/ready" else 404)
        self.end_headers()

    def log_message(self, *args):
        pass

signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
ThreadingHTTPServer(address, Ready).serve_forever()
"""

MODULES = ("uuut_auth", "uuut_watchlist", "uuut_search", "uuut_torrent", "uuut_gateway")


@pytest.fixture
def fakes(tmp_path: Path) -> Path:
    """A directory to put first on PYTHONPATH: it shadows the real services."""
    root = tmp_path / "fakes"
    for module in MODULES:
        (root / module).mkdir(parents=True)
        (root / module / "__init__.py").write_text("")
        (root / module / "__main__.py").write_text(FAKE_MAIN)
    return root


@pytest.fixture
def run_up(
    tmp_path: Path, free_port: Callable[[], int], free_port_base: int
) -> Iterator[Callable[..., subprocess.Popen[str]]]:
    procs: list[subprocess.Popen[str]] = []

    def start(**env: str) -> subprocess.Popen[str]:
        full_env = {
            **os.environ,
            "UUUT_DATA_DIR": str(tmp_path / "var"),
            "UUUT_GATEWAY_PORT": str(free_port()),
            "UUUT_INTERNAL_PORT_BASE": str(free_port_base),
            **env,
        }
        proc = subprocess.Popen(
            [sys.executable, "-m", "uuut_stack", "up"],
            env=full_env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        procs.append(proc)
        return proc

    yield start
    for proc in procs:  # after a failed test: stop it the way a user would
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(15)
            except subprocess.TimeoutExpired:
                proc.kill()


def _wait_for_ready_line(proc: subprocess.Popen[str], timeout_s: float) -> list[str]:
    assert proc.stdout is not None
    lines = []
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        assert line, f"`up` exited early: {proc.wait()} {proc.stderr.read() if proc.stderr else ''}"
        lines.append(line.rstrip("\n"))
        if line.startswith("UUUTorrent is ready"):
            return lines
    raise AssertionError(f"no ready line in {timeout_s}s: {lines}")


def _env_of(data_dir: Path, module: str) -> dict[str, str]:
    return json.loads((data_dir / f"{module}.env.json").read_text())


async def _current_user(url: str) -> str:
    conn = await asyncpg.connect(libpq_url(url))
    try:
        return str(await conn.fetchval("SELECT current_user"))
    finally:
        await conn.close()


def test_up_runs_restarts_and_stops_the_whole_stack(
    tmp_path: Path,
    fakes: Path,
    run_up: Callable[..., subprocess.Popen[str]],
    gone: Callable[[Iterable[int], float], list[int]],
) -> None:
    if shutil.which("qbittorrent-nox") is None:
        pytest.skip("qbittorrent-nox is not installed")
    proc = run_up(PYTHONPATH=str(fakes), UUUT_DATABASE_URL="", UUUT_QBITTORRENT_PASSWORD="qb-pw")
    lines = _wait_for_ready_line(proc, 60)
    data_dir = tmp_path / "var"
    gateway = _env_of(data_dir, "uuut_gateway")
    port = gateway["UUUT_GATEWAY_PORT"]
    assert lines[0] == f"Gateway will listen on http://127.0.0.1:{port}"
    assert lines[-1].startswith(f"UUUTorrent is ready at http://127.0.0.1:{port} (started in ")
    base = int(_env_of(data_dir, "uuut_auth")["UUUT_GRPC_PORT"]) - 1

    # The wiring of API.md: ports, targets, each service's own database role.
    assert gateway["UUUT_AUTH_TARGET"] == f"127.0.0.1:{base + 1}"
    assert gateway["UUUT_TORRENT_TARGET"] == f"127.0.0.1:{base + 4}"
    assert gateway["UUUT_KEYS_DIR"] == str(data_dir / "keys")
    search = _env_of(data_dir, "uuut_search")
    assert (search["UUUT_GRPC_PORT"], search["UUUT_OPS_PORT"]) == (str(base + 3), str(base + 13))
    assert "UUUT_QBITTORRENT_PASSWORD" not in search and "UUUT_DATABASE_URL" not in search
    torrent = _env_of(data_dir, "uuut_torrent")
    assert torrent["UUUT_QBITTORRENT_URL"] == f"http://127.0.0.1:{base + 20}"
    assert torrent["UUUT_QBITTORRENT_PASSWORD"] == "qb-pw"
    assert asyncio.run(_current_user(torrent["UUUT_SERVICE_DATABASE_URL"])) == "uuut_torrent"

    # Every process of the stack, found before anything is stopped.
    processes = psutil.Process(proc.pid).children(recursive=True)
    tree = [p.pid for p in processes]
    assert {"postgres", "qbittorrent-nox"} <= {
        p.info["name"] for p in psutil.process_iter(["name"]) if p.pid in tree
    }

    # A service that dies is restarted.
    ops = f"http://127.0.0.1:{base + 13}/ready"
    victim = next(p for p in psutil.Process(proc.pid).children() if "uuut_search" in p.cmdline())
    victim.kill()
    deadline = time.monotonic() + 15
    while True:
        assert time.monotonic() < deadline, "search was not restarted"
        try:
            if httpx.get(ops, timeout=1).status_code == 200 and not victim.is_running():
                break
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    tree += [p.pid for p in psutil.Process(proc.pid).children(recursive=True)]

    started = time.monotonic()
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(10) == 0
    assert gone(tree, max(0.0, 10 - (time.monotonic() - started))) == []
    assert proc.stderr is not None
    log = proc.stderr.read()
    assert "search exited with code -9; restarting it" in log
    assert "qb-pw" not in log and "postgresql://" not in log


def _one_line_error(proc: subprocess.Popen[str]) -> str:
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 1, (out, err)
    errors = [line for line in err.splitlines() if line.startswith("uuutorrent: error: ")]
    assert len(errors) == 1 and "Traceback" not in err, err
    return errors[0]


def test_a_busy_gateway_port_is_one_clear_line(
    run_up: Callable[..., subprocess.Popen[str]],
) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        error = _one_line_error(run_up(UUUT_GATEWAY_PORT=str(port)))
    assert f"port {port} (the gateway) is already in use" in error
    assert "UUUT_GATEWAY_PORT" in error


def test_a_missing_qbittorrent_is_one_clear_line(
    run_up: Callable[..., subprocess.Popen[str]], tmp_path: Path
) -> None:
    error = _one_line_error(run_up(PATH=str(tmp_path), UUUT_QBITTORRENT_URL=""))
    assert "qbittorrent-nox is not installed" in error
    assert "UUUT_QBITTORRENT_URL" in error


def test_an_unreachable_database_is_one_clear_line(
    run_up: Callable[..., subprocess.Popen[str]], free_port: Callable[[], int]
) -> None:
    url = f"postgresql://owner:hunter2@127.0.0.1:{free_port()}/uuut"
    proc = run_up(UUUT_DATABASE_URL=url, UUUT_QBITTORRENT_URL="http://127.0.0.1:9")
    error = _one_line_error(proc)
    assert "cannot reach the database at postgresql://owner:***@127.0.0.1" in error
    assert "hunter2" not in error


def test_help_explains_the_environment() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "uuut_stack", "up", "--help"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    for variable in ("UUUT_DATA_DIR", "UUUT_DATABASE_URL", "UUUT_INTERNAL_PORT_BASE"):
        assert variable in out
