"""The server does not answer: say so plainly, retry by key and on a timer."""

from __future__ import annotations

from typing import ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Footer, Static

from uuut_tui.api import ServerUnreachable
from uuut_tui.screens.base import AppScreen
from uuut_tui.screens.servers import ServersScreen

AUTO_RETRY_S = 5.0


class UnreachableScreen(AppScreen):
    """Dismissed (None) as soon as the server answers /health again."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "retry", "Retry"),
        Binding("s", "servers", "Servers"),
        Binding("q", "app.quit", "Quit"),
    ]

    def __init__(self, reason: str) -> None:
        super().__init__()
        self.reason = reason

    def compose(self) -> ComposeResult:
        with Vertical(id="unreachable"):
            yield Static("Server unreachable", classes="title")
            yield Static(self.reason, id="unreachable-reason", markup=False)
            yield Static(
                "Is the server running (make up) and the URL right? "
                f"Retrying every {AUTO_RETRY_S:.0f} s; r retries now, s picks another server.",
                classes="hint",
            )
            yield Static("", id="unreachable-status")
        yield Footer()

    def on_mount(self) -> None:
        self.set_interval(AUTO_RETRY_S, self.action_retry)

    def action_retry(self) -> None:
        self.retry()

    @work(exclusive=True)
    async def retry(self) -> None:
        status = self.query_one("#unreachable-status", Static)
        status.update("Trying again…")
        try:
            await self.api.health()
        except ServerUnreachable as error:
            self.query_one("#unreachable-reason", Static).update(error.detail)
            status.update("Still no answer.")
            return
        self.dismiss(None)

    def action_servers(self) -> None:
        self.app.push_screen(ServersScreen())
