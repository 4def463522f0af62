"""Pick the episode and the quality of a download."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Static

from uuut_tui.models import QUALITIES, WatchlistEntry
from uuut_tui.widgets.field import Field


class DownloadDialog(ModalScreen[tuple[int, str | None] | None]):
    """Answers (episode, quality or None for the preference), or None when cancelled."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, entry: WatchlistEntry) -> None:
        super().__init__()
        self.entry = entry

    def compose(self) -> ComposeResult:
        entry = self.entry
        latest = entry["latest_aired_episode"]
        default = entry["next_episode"] or latest or 1
        with Vertical(classes="dialog") as dialog:
            dialog.border_title = f"Download {entry['title']}"
            aired = f"episodes 1 to {latest} have aired" if latest else "no episode has aired yet"
            yield Static(f"{aired}; you have seen {entry['progress']}.", markup=False)
            with Horizontal(classes="form-row"):
                yield Label("Episode")
                yield Field(str(default), id="episode", type="integer")
            with Horizontal(classes="form-row"):
                yield Label("Quality")
                yield Select(
                    [(q, q) for q in QUALITIES],
                    prompt="my preference",
                    id="quality",
                    allow_blank=True,
                )
            yield Static("", classes="error")
            with Horizontal(classes="buttons"):
                yield Button("Download", id="go", variant="primary")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#episode", Input).focus()

    @on(Input.Submitted)
    @on(Button.Pressed, "#go")
    def go(self) -> None:
        text = self.query_one("#episode", Input).value.strip()
        if not text.isdigit() or int(text) < 1:
            self.query_one(".error", Static).update("an episode number, please")
            return
        quality = self.query_one("#quality", Select).value
        self.dismiss((int(text), quality if isinstance(quality, str) else None))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
