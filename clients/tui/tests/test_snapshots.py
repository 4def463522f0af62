"""Every screen at 80x24, against a canned gateway (fake_gateway.py), compared with the SVGs in
__snapshots__/. After an intended change: `pytest clients/tui/tests/test_snapshots.py
--snapshot-update`, then look at the new SVGs before committing them."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from uuut_tui import format as fmt
from uuut_tui.app import UUUTorrentApp
from uuut_tui.config import Profiles, write_private
from uuut_tui.session import TokenStore

from .fake_gateway import NOW, SERVER, FakeGateway

SIZE = (80, 24)


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fmt, "now", lambda: NOW)


def app_for(config: Path, logged_in: bool = True, **gateway: object) -> UUUTorrentApp:
    if logged_in:
        tokens = {
            "access_token": "a",
            "refresh_token": "r",
            "expires_at": time.time() + 3600,
            "username": "root",
        }
        write_private(config / "sessions.json", {SERVER: tokens})
    fake = FakeGateway(**gateway)  # type: ignore[arg-type]
    return UUUTorrentApp(SERVER, Profiles.load(config), TokenStore(config), fake.transport)


async def settle(pilot: Pilot, screen: str) -> None:
    """Until `screen` shows and nothing but the live torrent stream is still working."""
    for _ in range(100):
        busy = any(w.group != "torrents" and not w.is_finished for w in pilot.app.workers)
        if type(pilot.app.screen).__name__ == screen and not busy:
            break
        await pilot.pause(0.05)
    # A text cursor blinks on a timer: shown steadily, it cannot be caught mid-blink.
    for field in pilot.app.screen.query(Input):
        field.cursor_blink = False
    await pilot.pause(0.2)
    pilot.app.clear_notifications()
    await pilot.pause(0.1)


def keys(*pressed: str, screen: str) -> Callable[[Pilot], Awaitable[None]]:
    async def run(pilot: Pilot) -> None:
        await settle(pilot, "WatchlistScreen")
        if pressed:
            await pilot.press(*pressed)
        await settle(pilot, screen)

    return run


def test_login(snap_compare, config_dir: Path) -> None:
    async def run(pilot: Pilot) -> None:
        await settle(pilot, "LoginScreen")

    assert snap_compare(app_for(config_dir, logged_in=False), terminal_size=SIZE, run_before=run)


def test_unreachable(snap_compare, config_dir: Path) -> None:
    async def run(pilot: Pilot) -> None:
        await settle(pilot, "UnreachableScreen")

    app = app_for(config_dir, logged_in=False, reachable=False)
    assert snap_compare(app, terminal_size=SIZE, run_before=run)


def test_watchlist(snap_compare, config_dir: Path) -> None:
    assert snap_compare(
        app_for(config_dir), terminal_size=SIZE, run_before=keys(screen="WatchlistScreen")
    )


def test_download_dialog(snap_compare, config_dir: Path) -> None:
    run = keys("e", screen="DownloadDialog")
    assert snap_compare(app_for(config_dir), terminal_size=SIZE, run_before=run)


def test_torrents(snap_compare, config_dir: Path) -> None:
    run = keys("2", "down", screen="TorrentsScreen")
    assert snap_compare(app_for(config_dir), terminal_size=SIZE, run_before=run)


def test_torrent_details(snap_compare, config_dir: Path) -> None:
    run = keys("2", "down", "i", screen="DetailsScreen")
    assert snap_compare(app_for(config_dir), terminal_size=SIZE, run_before=run)


def test_delete_confirmation(snap_compare, config_dir: Path) -> None:
    run = keys("2", "x", screen="ChoicePrompt")
    assert snap_compare(app_for(config_dir), terminal_size=SIZE, run_before=run)


def test_search_results(snap_compare, config_dir: Path) -> None:
    run = keys("3", *"frieren", "enter", screen="SearchScreen")
    assert snap_compare(app_for(config_dir), terminal_size=SIZE, run_before=run)


def test_anilist(snap_compare, config_dir: Path) -> None:
    run = keys("4", screen="AniListScreen")
    assert snap_compare(app_for(config_dir), terminal_size=SIZE, run_before=run)


def test_preferences(snap_compare, config_dir: Path) -> None:
    run = keys("5", screen="PreferencesScreen")
    assert snap_compare(app_for(config_dir), terminal_size=SIZE, run_before=run)


def test_account(snap_compare, config_dir: Path) -> None:
    run = keys("6", screen="AccountScreen")
    assert snap_compare(app_for(config_dir), terminal_size=SIZE, run_before=run)


def test_admin_users(snap_compare, config_dir: Path) -> None:
    run = keys("7", screen="AdminScreen")
    assert snap_compare(app_for(config_dir), terminal_size=SIZE, run_before=run)


def test_admin_all_torrents(snap_compare, config_dir: Path) -> None:
    async def run(pilot: Pilot) -> None:
        await keys("7", screen="AdminScreen")(pilot)
        pilot.app.screen.query_one("#admin-tabs").active = "all-torrents-tab"
        await settle(pilot, "AdminScreen")

    assert snap_compare(app_for(config_dir), terminal_size=SIZE, run_before=run)


def test_help(snap_compare, config_dir: Path) -> None:
    run = keys("question_mark", screen="HelpScreen")
    assert snap_compare(app_for(config_dir), terminal_size=SIZE, run_before=run)


def test_light_theme(snap_compare, config_dir: Path) -> None:
    run = keys("2", "ctrl+t", screen="TorrentsScreen")
    assert snap_compare(app_for(config_dir), terminal_size=SIZE, run_before=run)
