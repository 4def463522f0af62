"""Helpers for driving the TUI with Pilot against a real stack."""

from __future__ import annotations

import asyncio
import importlib.util
import sys
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path

import httpx
from textual.pilot import Pilot

from uuut_tui.app import UUUTorrentApp
from uuut_tui.config import Profiles
from uuut_tui.session import TokenStore

REPO = Path(__file__).resolve().parents[3]


def load_stack_module():
    """tests/contract/stack.py (`start_stack`), which is not an importable package."""
    name = "uuut_contract_stack"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, REPO / "tests/contract/stack.py")
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


@asynccontextmanager
async def drive(app: UUUTorrentApp, size: tuple[int, int] = (80, 24)) -> AsyncIterator[Pilot]:
    """`app.run_test()` that lets running work finish before the app is torn down."""
    async with app.run_test(size=size) as pilot:
        yield pilot
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline and any(
            w.group != "torrents" and not w.is_finished for w in app.workers
        ):
            await pilot.pause(0.1)
        await pilot.pause(0.3)


def make_app(server: str, config: Path) -> UUUTorrentApp:
    return UUUTorrentApp(server, Profiles.load(config), TokenStore(config))


async def wait_for(
    pilot: Pilot, condition: Callable[[], object], timeout_s: float = 20, what: str = ""
) -> None:
    """Let the app run until `condition()` is true."""
    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            notes = [(n.title, n.message) for n in pilot.app._notifications]
            raise AssertionError(
                f"timed out waiting for {what or condition}; screen "
                f"{type(pilot.app.screen).__name__}; notifications {notes}"
            )
        await pilot.pause(0.1)


def screen_is(pilot: Pilot, name: str) -> Callable[[], bool]:
    return lambda: type(pilot.app.screen).__name__ == name


def notified(pilot: Pilot, text: str) -> Callable[[], bool]:
    return lambda: any(text in f"{n.title} {n.message}" for n in list(pilot.app._notifications))


async def log_in(pilot: Pilot, username: str, password: str) -> None:
    """Type the credentials as a user would: username, Tab, password, Enter."""
    await wait_for(pilot, login_ready(pilot), what="the login screen")
    await pilot.press(*username, "tab", *password, "enter")


def login_ready(pilot: Pilot) -> Callable[[], bool]:
    """The login screen is shown and its username field has the focus."""
    return lambda: (
        type(pilot.app.screen).__name__ == "LoginScreen"
        and pilot.app.focused is not None
        and pilot.app.focused.id == "username"
    )


async def signup(gateway_url: str, username: str, password: str) -> None:
    async with httpx.AsyncClient(base_url=gateway_url, timeout=30) as http:
        response = await http.post(
            "/api/v1/auth/signup", json={"username": username, "password": password}
        )
        assert response.status_code == 201, response.text


async def token_for(gateway_url: str, username: str, password: str) -> str:
    async with httpx.AsyncClient(base_url=gateway_url, timeout=30) as http:
        response = await http.post(
            "/api/v1/auth/token", data={"username": username, "password": password}
        )
        assert response.status_code == 200, response.text
        return str(response.json()["access_token"])


async def eventually(probe: Callable[[], object], timeout_s: float = 20) -> None:
    deadline = time.monotonic() + timeout_s
    while not probe():
        assert time.monotonic() < deadline
        await asyncio.sleep(0.1)
