"""The top line: the app's name, who is logged in and where."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static


class TitleBar(Static):
    """Follows the app's sub_title (Textual's Header can fail when a screen is swapped fast)."""

    def __init__(self) -> None:
        super().__init__("", id="title-bar")

    def on_mount(self) -> None:
        self.watch(self.app, "sub_title", self._show)

    def _show(self, sub_title: str) -> None:
        text = Text.assemble(("⇣ " + self.app.title, "bold"), " · " if sub_title else "", sub_title)
        self.update(text)
