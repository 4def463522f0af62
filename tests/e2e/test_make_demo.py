"""`make demo` without a terminal (--no-tui): it starts, the demo account is there with AniList
linked, and Ctrl-C stops everything it started and removes what it made."""

from __future__ import annotations

import asyncio
import re
import signal
import sys
import time
from pathlib import Path

import httpx
import psutil

from uuut_sandbox.demo.stack import free_port
from uuut_sandbox.demo.world import DEMO_PASSWORD, DEMO_USERNAME

START_TIMEOUT_S = 150.0
STOP_TIMEOUT_S = 30.0


async def _read_until(process: asyncio.subprocess.Process, mark: str, output: list[str]) -> None:
    assert process.stdout is not None
    deadline = time.monotonic() + START_TIMEOUT_S
    while not any(mark in line for line in output):
        left = deadline - time.monotonic()
        assert left > 0, "the demo did not start:\n" + "".join(output)
        line = await asyncio.wait_for(process.stdout.readline(), left)
        assert line, "the demo ended early:\n" + "".join(output)
        output.append(line.decode())


async def test_the_demo_runs_with_its_account_and_stops_clean() -> None:
    port = free_port()
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "uuut_sandbox.demo", "--no-tui", "--port", str(port),
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
    )  # fmt: skip
    output: list[str] = []
    try:
        await _read_until(process, "Press Ctrl-C to stop.", output)
        text = "".join(output)
        assert f"http://127.0.0.1:{port}" in text and DEMO_USERNAME in text
        logs = re.search(r"logs\s+(\S+)", text)
        assert logs is not None
        root = Path(logs.group(1)).parents[1]
        assert root.is_dir()
        started = psutil.Process(process.pid).children(recursive=True)
        assert any("qbittorrent" in " ".join(p.cmdline()) for p in started)

        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}/api/v1") as http:
            login = await http.post(
                "/auth/token", data={"username": DEMO_USERNAME, "password": DEMO_PASSWORD}
            )
            assert login.status_code == 200, login.text
            headers = {"Authorization": f"Bearer {login.json()['access_token']}"}
            me = (await http.get("/users/me", headers=headers)).json()
            assert me["anilist"]["username"] == "uuudemo"
            entries = (await http.get("/watchlist", headers=headers, timeout=30)).json()["entries"]
            assert len(entries) == 12

        process.send_signal(signal.SIGINT)
        await asyncio.wait_for(process.wait(), STOP_TIMEOUT_S)
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
    assert process.returncode in (0, 130)
    assert not [p for p in started if p.is_running() and p.status() != psutil.STATUS_ZOMBIE]
    assert not root.exists()
