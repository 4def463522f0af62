"""Runs the real stack (`uuutorrent up`) in a temporary data dir on free ports, for tests.

Or attaches to a stack already running (`make compose-test` runs Docker Compose's) when
UUUT_CONTRACT_GATEWAY_URL is set; see `attached_stack`.
"""

from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import psutil

SERVICES = ("auth", "watchlist", "search", "torrent")
READY_TIMEOUT_S = 90
UUUTORRENT = str(Path(sys.executable).parent / "uuutorrent")
REPOSITORY = Path(__file__).resolve().parents[2]


def _port_free(port: int) -> bool:
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def free_port_base(span: int = 22) -> int:
    """A base port such that base..base+span are all free now."""
    for _ in range(200):
        base = secrets.randbelow(20_000) + 20_000
        if all(_port_free(base + offset) for offset in range(span)):
            return base
    raise RuntimeError("no free block of ports")


@dataclass
class RunningStack:
    process: subprocess.Popen[str] | None  # None: a stack this run did not start
    data_dir: Path
    gateway_url: str
    port_base: int
    admin_username: str
    admin_password: str
    output: list[str] = field(default_factory=list)

    def grpc_target(self, service: str) -> str:
        return f"127.0.0.1:{self.port_base + 1 + SERVICES.index(service)}"

    def ops_url(self, service: str) -> str:
        return f"http://127.0.0.1:{self.port_base + 11 + SERVICES.index(service)}"

    def descendants(self) -> list[psutil.Process]:
        if self.process is None:
            return []
        try:
            return psutil.Process(self.process.pid).children(recursive=True)
        except psutil.NoSuchProcess:
            return []

    def stop(self, timeout_s: float = 15) -> int:
        if self.process is None:
            return 0
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        try:
            return self.process.wait(timeout_s)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            for child in self.descendants():
                child.kill()
            raise


def attached_stack() -> RunningStack | None:
    """The running stack the environment names, with the same port plan and data layout.

    UUUT_CONTRACT_GATEWAY_URL, UUUT_CONTRACT_PORT_BASE (gRPC at base+1..4, ops at base+11..14),
    UUUT_CONTRACT_DATA_DIR (holding auth/, keys/ and secrets/ as `uuutorrent up` lays them
    out), UUUT_CONTRACT_ADMIN_USERNAME and UUUT_CONTRACT_ADMIN_PASSWORD.
    """
    url = os.environ.get("UUUT_CONTRACT_GATEWAY_URL")
    if not url:
        return None
    return RunningStack(
        process=None,
        data_dir=Path(os.environ["UUUT_CONTRACT_DATA_DIR"]),
        gateway_url=url.rstrip("/"),
        port_base=int(os.environ["UUUT_CONTRACT_PORT_BASE"]),
        admin_username=os.environ.get("UUUT_CONTRACT_ADMIN_USERNAME", "root"),
        admin_password=os.environ["UUUT_CONTRACT_ADMIN_PASSWORD"],
    )


def start_stack(
    data_dir: Path,
    extra_env: dict[str, str] | None = None,
    command: tuple[str, ...] = (UUUTORRENT, "up"),
) -> RunningStack:
    """Start `uuutorrent up` (or `command`, from the repository root) and return once it says
    it is ready (or fail with its output)."""
    base = free_port_base()
    gateway_port = base + 30
    admin_password = secrets.token_urlsafe(16)
    env = {
        **os.environ,
        "UUUT_DATA_DIR": str(data_dir),
        "UUUT_INTERNAL_PORT_BASE": str(base),
        "UUUT_GATEWAY_PORT": str(gateway_port),
        "UUUT_BOOTSTRAP_ADMIN_USERNAME": "root",
        "UUUT_BOOTSTRAP_ADMIN_PASSWORD": admin_password,
        "PYTHONUNBUFFERED": "1",
        # Contract tests create hundreds of accounts; cost 12 is tested by the auth service.
        "UUUT_BCRYPT_COST": "4",
        # Nothing in a test may reach the internet: AniList and Nyaa point at a closed port
        # unless a test starts the sandbox's stand-ins.
        "UUUT_ANILIST_URL": f"http://127.0.0.1:{base + 29}/",
        "UUUT_NYAA_URL": f"http://127.0.0.1:{base + 29}",
        **(extra_env or {}),
    }
    for variable in ("UUUT_DATABASE_URL", "UUUT_QBITTORRENT_URL"):
        if variable not in (extra_env or {}):
            env.pop(variable, None)
    process = subprocess.Popen(
        list(command),
        cwd=REPOSITORY,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    stack = RunningStack(
        process, data_dir, f"http://127.0.0.1:{gateway_port}", base, "root", admin_password
    )
    ready = threading.Event()

    def pump() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            stack.output.append(line.rstrip("\n"))
            if "is ready at" in line:
                ready.set()

    threading.Thread(target=pump, daemon=True).start()
    deadline = time.monotonic() + READY_TIMEOUT_S
    while not ready.is_set() and time.monotonic() < deadline and process.poll() is None:
        ready.wait(0.2)
    if not ready.is_set():
        if process.poll() is None:
            stack.stop()
        raise AssertionError("the stack did not become ready:\n" + "\n".join(stack.output[-60:]))
    return stack
