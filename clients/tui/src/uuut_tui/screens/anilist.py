"""Link AniList: the authorize URL to open, then paste the token it gives back."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from textual import on, work
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widget import Widget
from textual.widgets import Button, Input, Static

from uuut_tui import format as fmt
from uuut_tui.screens.base import MainScreen
from uuut_tui.widgets.field import Field


class AniListScreen(MainScreen):
    NAV = "anilist"
    AUTO_FOCUS = "#token"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+o", "copy_url", "Copy URL"),
        Binding("ctrl+u", "unlink", "Unlink"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.url: str | None = None

    def compose_body(self) -> Iterable[Widget]:
        with Vertical(id="anilist", classes="panel"):
            yield Static("", id="anilist-status")
            yield Static(
                "1. Open this page, approve, copy the token (ctrl+o copies the URL):",
                classes="hint",
            )
            yield Static("", id="authorize-url")
            yield Static("2. Paste the token here and press enter:", classes="hint")
            yield Field(placeholder="AniList access token", id="token", password=True, compact=True)
            with Horizontal(classes="buttons"):
                yield Button("Link", id="link", variant="primary")
                yield Button("Unlink", id="unlink", variant="error")

    @work(exclusive=True, group="load")
    async def load(self) -> None:
        async with self.busy("Asking the server about your AniList link…"):
            me = await self.api.me()
            self.uapp.me = me
            account = me["anilist"]
            self.query_one("#anilist-status", Static).update(
                f"Linked to AniList as [b]{fmt.esc(account['username'])}[/b] "
                f"(id {account['user_id']}). Paste a new token to re-link."
                if account
                else "[b]Not linked.[/b] Your watchlist comes from AniList: link it first."
            )
            self.url = await self.api.authorize_url()
            self.query_one("#authorize-url", Static).update(
                self.url
                or ("(this server has no AniList client id: create a token on AniList yourself)")
            )

    def action_copy_url(self) -> None:
        if self.url:
            self.app.copy_to_clipboard(self.url)
            self.app.notify("Authorize URL copied (OSC 52).")

    @on(Input.Submitted, "#token")
    @on(Button.Pressed, "#link")
    def link_pressed(self) -> None:
        token = self.query_one("#token", Input).value.strip()
        if token:
            self.link(token)

    @work(exclusive=True, group="link")
    async def link(self, token: str) -> None:
        async with self.busy("Checking the token with AniList…"):
            account = await self.api.link_anilist(token)
            self.query_one("#token", Input).value = ""
            self.app.notify(f"Linked to AniList as {account['username']}.", title="AniList")
            self.uapp.go("watchlist")

    @on(Button.Pressed, "#unlink")
    def action_unlink(self) -> None:
        self.unlink()

    @work(exclusive=True, group="link")
    async def unlink(self) -> None:
        async with self.busy("Unlinking…"):
            await self.api.unlink_anilist()
            self.app.notify("AniList unlinked.")
            self.load()
