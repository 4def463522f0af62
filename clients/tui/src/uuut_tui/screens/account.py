"""Your account: who you are, a new password, two-factor codes, log out."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from textual import on, work
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widget import Widget
from textual.widgets import Button, Input, Label, Static

from uuut_tui import format as fmt
from uuut_tui.screens.base import MainScreen
from uuut_tui.screens.prompts import InputPrompt, digits
from uuut_tui.widgets.field import Field


class AccountScreen(MainScreen):
    NAV = "account"
    AUTO_FOCUS = None
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+o", "totp", "2FA"),
        Binding("ctrl+l", "app.logout", "Log out"),
    ]

    def compose_body(self) -> Iterable[Widget]:
        with Vertical(id="account", classes="panel"):
            yield Static("", id="account-info")
            yield Static("Change password", classes="section")
            for name, label, hint in (
                ("current", "Current", "current password"),
                ("new", "New", "8 to 72 bytes"),
                ("again", "Again", "the new password again"),
            ):
                with Horizontal(classes="form-row"):
                    yield Label(label)
                    yield Field(placeholder=hint, password=True, id=name, compact=True)
            with Horizontal(classes="buttons"):
                yield Button("Change password", id="change", variant="primary")
                yield Button("Two-factor…", id="totp")
                yield Button("Log out", id="logout", variant="error")

    @work(exclusive=True, group="load")
    async def load(self) -> None:
        async with self.busy("Loading your account…"):
            me = await self.api.me()
            self.uapp.me = me
            anilist = me["anilist"]
            self.query_one("#account-info", Static).update(
                f"[b]{fmt.esc(me['username'])}[/b] · {me['role']} · server {self.api.server}\n"
                f"Two-factor: {'on' if me['totp_enabled'] else 'off'} · AniList: "
                + fmt.esc(anilist["username"] if anilist else "not linked")
            )

    @on(Input.Submitted, "#again")
    @on(Button.Pressed, "#change")
    def change_pressed(self) -> None:
        current, new, again = (
            self.query_one(f"#{name}", Input).value for name in ("current", "new", "again")
        )
        if not current or not new:
            self.app.notify("Fill in the current and the new password.", severity="warning")
        elif new != again:
            self.app.notify("The new passwords differ.", severity="warning")
        else:
            self.change_password(current, new)

    @work(exclusive=True, group="password")
    async def change_password(self, current: str, new: str) -> None:
        async with self.busy("Changing the password…"):
            await self.api.change_password(current, new)
            for name in ("current", "new", "again"):
                self.query_one(f"#{name}", Input).value = ""
            self.app.notify("Password changed; your other logins were ended.")

    @on(Button.Pressed, "#logout")
    def logout_pressed(self) -> None:
        self.uapp.logout()

    @on(Button.Pressed, "#totp")
    def action_totp(self) -> None:
        self.totp()

    @work(exclusive=True, group="totp")
    async def totp(self) -> None:
        me = self.uapp.me
        if me is not None and me["totp_enabled"]:
            code = await self.app.push_screen_wait(
                InputPrompt("Turn off two-factor", "A current 6-digit code:", check=digits(6))
            )
            if code:
                async with self.busy("Turning two-factor off…"):
                    await self.api.totp_disable(code.strip())
                    self.app.notify("Two-factor authentication is off.")
            self.reload()
            return
        setup: dict[str, str] | None = None
        async with self.busy("Creating a two-factor secret…"):
            setup = await self.api.totp_setup()
        if setup is None:
            return
        code = await self.app.push_screen_wait(
            InputPrompt(
                "Turn on two-factor",
                f"Add this to your authenticator app:\n{setup['otpauth_url']}\n"
                f"(secret {setup['secret']}), then type the code it shows:",
                check=digits(6),
            )
        )
        if code:
            async with self.busy("Turning two-factor on…"):
                await self.api.totp_enable(code.strip())
                self.app.notify("Two-factor authentication is on: logins will ask for a code.")
        self.reload()
