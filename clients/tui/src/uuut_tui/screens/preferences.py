"""Preferences: the quality, release groups in order, trusted releases only."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from textual import on, work
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widget import Widget
from textual.widgets import Button, Checkbox, Input, Label, Select, Static

from uuut_tui.models import QUALITIES, Preferences
from uuut_tui.screens.base import MainScreen
from uuut_tui.widgets.field import Field


class PreferencesScreen(MainScreen):
    NAV = "preferences"
    AUTO_FOCUS = None
    BINDINGS: ClassVar[list[BindingType]] = [Binding("ctrl+s", "save", "Save")]

    def compose_body(self) -> Iterable[Widget]:
        with Vertical(id="preferences", classes="panel"):
            yield Static("Used when you download from the watchlist.", classes="hint")
            with Horizontal(classes="form-row"):
                yield Label("Quality")
                yield Select(
                    [(q, q) for q in QUALITIES], id="quality", allow_blank=False, value="1080p"
                )
            with Horizontal(classes="form-row"):
                yield Label("Groups")
                yield Field(
                    placeholder="SubsPlease, Erai-raws (preferred first)", id="groups", compact=True
                )
            with Horizontal(classes="form-row"):
                yield Label("Trusted")
                yield Checkbox("trusted releases only", id="trusted", compact=True)
            with Horizontal(classes="buttons"):
                yield Button("Save", id="save", variant="primary")

    @work(exclusive=True, group="load")
    async def load(self) -> None:
        async with self.busy("Loading preferences…"):
            preferences = await self.api.preferences()
            self.query_one("#quality", Select).value = preferences["quality"]
            self.query_one("#groups", Input).value = ", ".join(preferences["groups"])
            self.query_one("#trusted", Checkbox).value = preferences["trusted_only"]

    @on(Button.Pressed, "#save")
    @on(Input.Submitted, "#groups")
    def action_save(self) -> None:
        quality = self.query_one("#quality", Select).value
        groups = [g.strip() for g in self.query_one("#groups", Input).value.split(",")]
        self.save(
            Preferences(
                quality=quality if isinstance(quality, str) else "1080p",
                groups=[g for g in groups if g],
                trusted_only=self.query_one("#trusted", Checkbox).value,
            )
        )

    @work(exclusive=True, group="save")
    async def save(self, preferences: Preferences) -> None:
        async with self.busy("Saving preferences…"):
            await self.api.save_preferences(preferences)
            self.app.notify("Preferences saved.")
