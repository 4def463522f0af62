"""AniList link, watchlist, download, torrents live to 100 %, pause/resume/delete, search/add.

One real stack for the module, wired to the sandbox: the fake AniList and Nyaa served here,
and a tracker and a libtorrent seeder on loopback for a real transfer.
"""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from uuut_sandbox.anilist import DEFAULT_SEED, FakeAniList, World, serve
from uuut_sandbox.nyaa import FakeNyaa, seed
from uuut_sandbox.seeder import Seeder, Tracker, generate_file, make_torrent
from uuut_tui.screens.search import SearchScreen
from uuut_tui.screens.torrents import TorrentsScreen
from uuut_tui.screens.watchlist import WatchlistScreen

from .support import (
    drive,
    load_stack_module,
    log_in,
    make_app,
    notified,
    screen_is,
    signup,
    wait_for,
)

PASSWORD = "correct-horse-battery"
DEMO_TOKEN = "sandbox-anilist-token-demo"
IRUMA = 177474  # progress 15 of 21, 17 aired: episode 16 is next
MUSHOKU = 166873  # progress 7, 7 aired: up to date


@dataclass
class Sandbox:
    stack: object
    gateway_url: str
    tracker: Tracker
    seeder: Seeder
    root: Path


@pytest.fixture(scope="module")
async def sandbox(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Sandbox]:
    anilist = FakeAniList(World.from_file(DEFAULT_SEED))
    nyaa = FakeNyaa(seed())
    async with (
        serve(anilist.app) as anilist_url,
        serve(nyaa.app) as nyaa_url,
        Tracker() as tracker,
    ):
        env = {"UUUT_ANILIST_URL": f"{anilist_url}/", "UUUT_NYAA_URL": nyaa_url}
        stack = await asyncio.to_thread(
            load_stack_module().start_stack, tmp_path_factory.mktemp("tui-sandbox"), env
        )
        try:
            with Seeder() as seeder:
                yield Sandbox(
                    stack, stack.gateway_url, tracker, seeder, tmp_path_factory.mktemp("swarm")
                )
        finally:
            await asyncio.to_thread(stack.stop)


async def linked_user(sandbox: Sandbox, pilot) -> None:
    """A new account, logged in through the TUI and linked to the demo AniList account."""
    name = f"w{secrets.token_hex(4)}"
    await signup(sandbox.gateway_url, name, PASSWORD)
    await log_in(pilot, name, PASSWORD)
    await wait_for(pilot, screen_is(pilot, "AniListScreen"), what="the AniList link screen")
    await wait_for(pilot, lambda: pilot.app.focused is not None and pilot.app.focused.id == "token")
    await pilot.press(*DEMO_TOKEN, "enter")
    await wait_for(pilot, notified(pilot, "Linked to AniList as uuudemo"))
    await wait_for(pilot, screen_is(pilot, "WatchlistScreen"))
    await wait_for(pilot, lambda: len(pilot.app.screen.entries) == 5, what="the watchlist")


def select_row(pilot, table_id: str, key: str) -> None:
    table = pilot.app.screen.query_one(table_id)
    table.move_cursor(row=table.get_row_index(key))


async def test_link_anilist_then_watchlist_download_and_progress(
    sandbox: Sandbox, config_dir: Path
) -> None:
    app = make_app(sandbox.gateway_url, config_dir)
    async with drive(app) as pilot:
        await linked_user(sandbox, pilot)
        screen = app.screen
        assert isinstance(screen, WatchlistScreen)
        iruma = screen.entries[IRUMA]
        assert iruma["next_episode"] == 16 and iruma["next_episode_available"]
        badge = screen.query_one("#watchlist").get_cell(str(IRUMA), "next")
        assert "ep 16" in str(badge)

        # +1 then -1 on a show that is up to date.
        select_row(pilot, "#watchlist", str(MUSHOKU))
        await pilot.press("plus")
        await wait_for(pilot, lambda: screen.entries[MUSHOKU]["progress"] == 8, what="+1")
        await pilot.press("minus")
        await wait_for(pilot, lambda: screen.entries[MUSHOKU]["progress"] == 7, what="-1")

        # Download the next episode: the notification names the release and why.
        select_row(pilot, "#watchlist", str(IRUMA))
        await pilot.press("d")
        await wait_for(pilot, notified(pilot, "Downloading"), timeout_s=60, what="the download")
        note = next(n for n in app._notifications if "Downloading" in n.title)
        assert "ep 16" in note.title and "why:" in note.message
        await wait_for(
            pilot,
            lambda: any(t["media_id"] == IRUMA for t in app.torrents.values()),
            what="the torrent in the live list",
        )

        # Catch up on the same show: every aired, unwatched episode not owned yet.
        await pilot.press("c")
        await wait_for(
            pilot,
            lambda: (
                notified(pilot, "Queued")()
                or notified(pilot, "Not found")()
                or notified(pilot, "Nothing to catch up")()
            ),
            timeout_s=90,
            what="the catch-up outcome",
        )


async def test_a_seeded_torrent_goes_live_to_100_then_pause_resume_details_delete(
    sandbox: Sandbox, config_dir: Path
) -> None:
    folder = sandbox.root / "t1"
    content = generate_file(folder / "[Sandbox] Live Show - 01 (1080p).mkv", 4 * 1024 * 1024)
    torrent = make_torrent(content, (sandbox.tracker.announce_url,))
    sandbox.seeder.seed(torrent, folder)
    await sandbox.seeder.wait_seeding(torrent.info_hash)

    app = make_app(sandbox.gateway_url, config_dir)
    async with drive(app) as pilot:
        await linked_user(sandbox, pilot)
        await pilot.press("2")
        await wait_for(pilot, screen_is(pilot, "TorrentsScreen"))
        await pilot.press("a")
        await wait_for(pilot, screen_is(pilot, "InputPrompt"))
        await pilot.press(*torrent.magnet, "enter")
        info_hash = torrent.info_hash
        await wait_for(pilot, lambda: info_hash in app.torrents, what="the added torrent")
        screen = app.screen
        assert isinstance(screen, TorrentsScreen)
        table = screen.query_one("#torrents")
        await wait_for(
            pilot,
            lambda: app.torrents[info_hash]["progress"] >= 1,
            timeout_s=60,
            what="the download to finish",
        )
        assert app.live_mode == "live"  # from the event stream, not polling
        await wait_for(pilot, lambda: "100%" in str(table.get_cell(info_hash, "progress")))
        await wait_for(pilot, notified(pilot, "Download complete"))

        select_row(pilot, "#torrents", info_hash)
        await pilot.press("p")
        await wait_for(pilot, lambda: app.torrents[info_hash]["state"] == "paused", what="pause")
        assert "done" in str(table.get_cell(info_hash, "state"))
        await pilot.press("r")
        await wait_for(pilot, lambda: app.torrents[info_hash]["state"] != "paused", what="resume")

        await pilot.press("i")
        await wait_for(pilot, screen_is(pilot, "DetailsScreen"))
        details = app.screen
        await wait_for(pilot, lambda: details.details is not None, what="the details")
        assert details.query_one("#files").row_count == 1
        assert details.query_one("#scp").value.startswith("scp ")
        await pilot.press("escape")

        await pilot.press("x")
        await wait_for(pilot, screen_is(pilot, "ChoicePrompt"))
        # Cancel has the focus; one step left is "Remove, keep files".
        await pilot.press("left", "enter")
        await wait_for(pilot, lambda: info_hash not in app.torrents, what="the delete")
        await wait_for(pilot, lambda: info_hash not in [k.value for k in table.rows])


async def test_search_nyaa_and_add_a_candidate(sandbox: Sandbox, config_dir: Path) -> None:
    app = make_app(sandbox.gateway_url, config_dir)
    async with drive(app) as pilot:
        await linked_user(sandbox, pilot)
        await pilot.press("3")
        await wait_for(pilot, screen_is(pilot, "SearchScreen"))
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        await wait_for(pilot, lambda: app.focused is not None and app.focused.id == "query")
        await pilot.press(*"frieren", "enter")
        await wait_for(pilot, lambda: screen.candidates, timeout_s=40, what="candidates")
        reasons = str(screen.query_one("#reasons").render())
        assert "why:" in reasons
        first = screen.candidates[0]
        await pilot.press("enter")  # the table has the focus: enter adds the highlighted row
        await wait_for(pilot, notified(pilot, "Added"), timeout_s=30)
        await wait_for(
            pilot,
            lambda: first["info_hash"].lower() in app.torrents,
            what="the added candidate in the torrents list",
        )
