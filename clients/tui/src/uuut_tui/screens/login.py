"""The first screen without a login: username, Tab, password, Enter; sign-up; TOTP when asked."""

from __future__ import annotations

from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Footer, Input, Static

from uuut_tui import format as fmt
from uuut_tui.api import ApiError, ServerUnreachable
from uuut_tui.messages import LoggedIn
from uuut_tui.screens.base import AppScreen
from uuut_tui.screens.prompts import InputPrompt, digits
from uuut_tui.screens.servers import ServersScreen
from uuut_tui.widgets.field import Field


class LoginScreen(AppScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+n", "signup", "Sign up"),
        Binding("ctrl+s", "servers", "Servers"),
        Binding("ctrl+q", "app.quit", "Quit"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="login"):
            yield Static("UUUTorrent", classes="title")
            yield Static(f"Server: {self.api.server}", id="login-server", classes="hint")
            yield Field(placeholder="username", id="username", max_length=64)
            yield Field(placeholder="password", password=True, id="password", max_length=1024)
            with Horizontal(classes="buttons"):
                yield Button("Log in", id="login-button", variant="primary")
                yield Button("Sign up", id="signup-button")
            yield Static("", id="login-status")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#username", Input).focus()
        username = self.api.session.last_username
        if username:
            self.query_one("#username", Input).value = username
            self.query_one("#password", Input).focus()

    def _fields(self) -> tuple[str, str]:
        return (
            self.query_one("#username", Input).value.strip(),
            self.query_one("#password", Input).value,
        )

    def _status(self, text: str) -> None:
        self.query_one("#login-status", Static).update(text)

    @on(Input.Submitted, "#username")
    def username_entered(self) -> None:
        if not self._fields()[1]:
            self.query_one("#password", Input).focus()
        else:
            self.submit(signup=False)

    @on(Input.Submitted, "#password")
    @on(Button.Pressed, "#login-button")
    def login_pressed(self) -> None:
        self.submit(signup=False)

    @on(Button.Pressed, "#signup-button")
    def action_signup(self) -> None:
        self.submit(signup=True)

    def action_servers(self) -> None:
        self.app.push_screen(ServersScreen())

    def _with_code(self, code: str | None) -> None:
        if code:
            self.submit(False, code.strip())

    @work(exclusive=True)
    async def submit(self, signup: bool, otp: str = "") -> None:
        username, password = self._fields()
        if not username or not password:
            self._status("Enter a username and a password.")
            return
        try:
            if signup:
                self._status("Creating the account…")
                await self.api.signup(username, password)
            self._status("Logging in…")
            await self.api.login(username, password, otp)
            me = await self.api.me()
        except ServerUnreachable as error:
            self._status("")
            self.uapp.report(error)
            return
        except ApiError as error:
            self._status("")
            if error.code in ("otp_required", "otp_invalid"):
                if error.code == "otp_invalid":
                    self.app.notify("That code was not right.", severity="error")
                self.app.push_screen(
                    InputPrompt(
                        "Two-factor code",
                        "The 6-digit code from your authenticator app:",
                        check=digits(6),
                    ),
                    self._with_code,
                )
                return
            self._status(f"[b]{fmt.esc(error.detail)}[/b]  ({error.code})")
            if error.code in ("too_many_attempts",) and error.retry_after:
                self._status(f"Too many attempts: try again in {error.retry_after} s.")
            if error.code == "account_disabled":
                self._status("This account is disabled: ask an administrator.")
            return
        self.query_one("#password", Input).value = ""
        self.app.post_message(LoggedIn(me))
