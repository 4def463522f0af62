"""The line of main screens under the header: '1 Watchlist  2 Torrents …', the current one lit."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

NAV_ITEMS = (
    ("1", "watchlist", "Watchlist"),
    ("2", "torrents", "Torrents"),
    ("3", "search", "Search"),
    ("4", "anilist", "AniList"),
    ("5", "preferences", "Prefs"),
    ("6", "account", "Account"),
    ("7", "admin", "Admin"),
)


class NavBar(Static):
    """Which screen is shown and the digit that opens each of the others."""

    def __init__(self, current: str, admin: bool) -> None:
        super().__init__(id="nav")
        self.current = current
        self.admin = admin

    def on_mount(self) -> None:
        text = Text()
        for key, name, label in NAV_ITEMS:
            if name == "admin" and not self.admin:
                continue
            style = "reverse bold" if name == self.current else ""
            text.append(f" {key}", style="bold " + ("reverse" if style else "dim"))
            text.append(f" {label} ", style=style)
        self.update(text)
