"""Login, sign-up, TOTP, stored and refreshed logins, the unreachable screen, admin, help.

One real stack (`uuutorrent up`) for the module; AniList and Nyaa point at a closed port here.
"""

from __future__ import annotations

import json
import os
import secrets
import stat
import time
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from uuut_auth.totp import code_at
from uuut_tui.config import write_private
from uuut_tui.screens.admin import AdminScreen
from uuut_tui.screens.login import LoginScreen

from .support import (
    drive,
    load_stack_module,
    log_in,
    login_ready,
    make_app,
    notified,
    screen_is,
    signup,
    wait_for,
)

PASSWORD = "correct-horse-battery"


@pytest.fixture(scope="module")
async def stack(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator:
    running = load_stack_module().start_stack(Path(tmp_path_factory.mktemp("tui-stack")))
    yield running
    running.stop()


def new_name() -> str:
    return f"u{secrets.token_hex(4)}"


async def test_login_first_username_focused_tab_then_enter(stack, config_dir: Path) -> None:
    app = make_app(stack.gateway_url, config_dir)
    async with drive(app) as pilot:
        await wait_for(pilot, login_ready(pilot), what="the login screen, username focused")
        await pilot.press(*stack.admin_username, "tab")
        assert app.focused is not None and app.focused.id == "password"
        await pilot.press(*stack.admin_password, "enter")
        # Not linked to AniList yet: the watchlist sends the user to the link screen.
        await wait_for(pilot, screen_is(pilot, "AniListScreen"), what="the AniList screen")
        assert notified(pilot, "no AniList account is linked")()
        assert app.me is not None and app.me["role"] == "admin"
    sessions = config_dir / "sessions.json"
    assert stat.S_IMODE(sessions.stat().st_mode) == 0o600
    assert stat.S_IMODE(os.stat(config_dir).st_mode) == 0o700
    saved = json.loads(sessions.read_text())[stack.gateway_url]
    assert saved["refresh_token"] and saved["username"] == stack.admin_username
    servers = json.loads((config_dir / "servers.json").read_text())
    assert stack.gateway_url in servers["servers"].values()


async def test_a_wrong_password_says_so_by_code(stack, config_dir: Path) -> None:
    app = make_app(stack.gateway_url, config_dir)
    async with drive(app) as pilot:
        await log_in(pilot, stack.admin_username, "not-the-password")
        status = app.screen.query_one("#login-status")
        await wait_for(pilot, lambda: "invalid_credentials" in str(status.render()))
        assert isinstance(app.screen, LoginScreen)


async def test_sign_up_from_the_login_screen(stack, config_dir: Path) -> None:
    app = make_app(stack.gateway_url, config_dir)
    name = new_name()
    async with drive(app) as pilot:
        await wait_for(pilot, login_ready(pilot))
        await pilot.press(*name, "tab", *PASSWORD, "ctrl+n")
        await wait_for(pilot, lambda: app.me is not None, what="the new account's login")
        assert app.me is not None and app.me["username"] == name and app.me["role"] == "user"
        # Users do not see the admin screen, and its key does nothing.
        await wait_for(pilot, screen_is(pilot, "AniListScreen"))
        await pilot.press("escape", "7")
        await pilot.pause(0.3)
        assert not isinstance(app.screen, AdminScreen)


async def test_totp_prompt_when_the_account_has_a_second_factor(stack, config_dir: Path) -> None:
    name = new_name()
    await signup(stack.gateway_url, name, PASSWORD)
    async with httpx.AsyncClient(base_url=stack.gateway_url) as http:
        token = (
            await http.post("/api/v1/auth/token", data={"username": name, "password": PASSWORD})
        ).json()["access_token"]
        headers = {"Authorization": f"Bearer {token}"}
        secret = (await http.post("/api/v1/auth/totp/setup", headers=headers)).json()["secret"]
        enabled = await http.post(
            "/api/v1/auth/totp/enable", json={"code": code_at(secret, time.time())}, headers=headers
        )
        assert enabled.status_code == 204
    app = make_app(stack.gateway_url, config_dir)
    async with drive(app) as pilot:
        await log_in(pilot, name, PASSWORD)
        await wait_for(pilot, screen_is(pilot, "InputPrompt"), what="the TOTP prompt")
        # The next step's code: the one used to enable cannot be used twice.
        await pilot.press(*code_at(secret, time.time() + 30), "enter")
        await wait_for(pilot, lambda: app.me is not None, what="the login with TOTP")


async def test_a_stored_login_is_refreshed_and_the_new_pair_saved(stack, config_dir: Path) -> None:
    name = new_name()
    await signup(stack.gateway_url, name, PASSWORD)
    async with httpx.AsyncClient(base_url=stack.gateway_url) as http:
        pair = (
            await http.post("/api/v1/auth/token", data={"username": name, "password": PASSWORD})
        ).json()
    # An access token about to expire: the client refreshes before using it.
    write_private(
        config_dir / "sessions.json",
        {
            stack.gateway_url: {
                "access_token": pair["access_token"],
                "refresh_token": pair["refresh_token"],
                "expires_at": time.time() - 1,
                "username": name,
            }
        },
    )
    app = make_app(stack.gateway_url, config_dir)
    async with drive(app) as pilot:
        await wait_for(pilot, lambda: app.me is not None, what="the stored login")
        assert not isinstance(app.screen, LoginScreen)
    saved = json.loads((config_dir / "sessions.json").read_text())[stack.gateway_url]
    assert saved["refresh_token"] != pair["refresh_token"]
    assert saved["expires_at"] > time.time()


async def test_a_login_that_cannot_be_refreshed_goes_back_to_login(stack, config_dir: Path) -> None:
    write_private(
        config_dir / "sessions.json",
        {
            stack.gateway_url: {
                "access_token": "not-a-token",
                "refresh_token": "revoked-or-made-up",
                "expires_at": time.time() + 600,
                "username": "someone",
            }
        },
    )
    app = make_app(stack.gateway_url, config_dir)
    async with drive(app) as pilot:
        await wait_for(pilot, notified(pilot, "please log in again"))
        # The username is kept for convenience; the password field has the focus.
        await wait_for(pilot, lambda: app.focused is not None and app.focused.id == "password")
    assert stack.gateway_url not in json.loads((config_dir / "sessions.json").read_text())


async def test_unreachable_server_then_pick_a_saved_one(stack, config_dir: Path) -> None:
    dead = f"http://127.0.0.1:{stack.port_base + 29}"  # nothing listens there
    app = make_app(dead, config_dir)
    async with drive(app) as pilot:
        await wait_for(pilot, screen_is(pilot, "UnreachableScreen"))
        assert "cannot reach" in str(app.screen.query_one("#unreachable-reason").render())
        await pilot.press("s")
        await wait_for(pilot, screen_is(pilot, "ServersScreen"))
        await pilot.click("#new-server")
        await pilot.press(*f"mine={stack.gateway_url}", "enter")
        assert app.profiles.servers["mine"] == stack.gateway_url
        options = app.screen.query_one("#servers")
        options.focus()
        await pilot.press("home", "enter")
        await wait_for(pilot, screen_is(pilot, "LoginScreen"), what="login on the saved server")
        assert app.server == stack.gateway_url


async def test_admin_sees_users_and_every_torrent(stack, config_dir: Path) -> None:
    other = new_name()
    await signup(stack.gateway_url, other, PASSWORD)
    app = make_app(stack.gateway_url, config_dir)
    async with drive(app) as pilot:
        await log_in(pilot, stack.admin_username, stack.admin_password)
        await wait_for(pilot, lambda: app.me is not None)
        await pilot.press("escape", "7")
        await wait_for(pilot, screen_is(pilot, "AdminScreen"))
        screen = app.screen
        assert isinstance(screen, AdminScreen)
        await wait_for(pilot, lambda: any(u["username"] == other for u in screen.users.values()))
        table = screen.query_one("#users")
        assert table.row_count == len(screen.users) >= 2
        # Disable the other user from the table: d on their row.
        row = [u["id"] for u in screen.users.values()].index(
            next(u["id"] for u in screen.users.values() if u["username"] == other)
        )
        table.move_cursor(row=row)
        await pilot.press("d")
        await wait_for(
            pilot,
            lambda: next(u for u in screen.users.values() if u["username"] == other)["disabled"],
            what="the user disabled",
        )
        await pilot.press("question_mark")
        await wait_for(pilot, screen_is(pilot, "HelpScreen"))
        await pilot.press("escape")
        await wait_for(pilot, screen_is(pilot, "AdminScreen"))


async def test_log_out_from_the_account_screen(stack, config_dir: Path) -> None:
    name = new_name()
    await signup(stack.gateway_url, name, PASSWORD)
    app = make_app(stack.gateway_url, config_dir)
    async with drive(app) as pilot:
        await log_in(pilot, name, PASSWORD)
        await wait_for(pilot, lambda: app.me is not None)
        await pilot.press("escape", "6")
        await wait_for(pilot, screen_is(pilot, "AccountScreen"))
        await pilot.press("ctrl+l")
        await wait_for(pilot, screen_is(pilot, "LoginScreen"))
    assert stack.gateway_url not in json.loads((config_dir / "sessions.json").read_text())
