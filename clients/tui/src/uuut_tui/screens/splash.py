"""Shown for the moment the client checks the server and the stored login."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Center, Middle
from textual.screen import Screen
from textual.widgets import LoadingIndicator, Static


class SplashScreen(Screen[None]):
    def compose(self) -> ComposeResult:
        with Middle(), Center():
            yield Static("UUUTorrent — connecting…", id="splash-title")
            yield LoadingIndicator()
