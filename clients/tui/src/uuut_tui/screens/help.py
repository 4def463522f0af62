"""`?`: the keys of the screen below, the screen digits and the global keys."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from uuut_tui.widgets.nav import NAV_ITEMS

GLOBAL_KEYS = (
    ("ctrl+p", "Command palette (every screen and action by name)"),
    ("ctrl+t", "Light / dark theme"),
    ("tab / shift+tab", "Next / previous field"),
    ("ctrl+q", "Quit"),
)


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "dismiss", "Close", key_display="esc")
    ]

    def __init__(self, bindings: list[tuple[str, str]], logged_in: bool) -> None:
        super().__init__()
        self.bindings = bindings
        self.logged_in = logged_in

    def compose(self) -> ComposeResult:
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold", no_wrap=True)
        table.add_column()
        table.add_row("[u]This screen[/u]", "")
        seen = set()
        for key, description in self.bindings:
            if (key, description) not in seen:
                seen.add((key, description))
                table.add_row(key, description)
        if self.logged_in:
            table.add_row("", "")
            table.add_row("[u]Screens[/u]", "")
            for key, _, label in NAV_ITEMS:
                table.add_row(key, label)
        table.add_row("", "")
        table.add_row("[u]Everywhere[/u]", "")
        for key, description in GLOBAL_KEYS:
            table.add_row(key, description)
        with VerticalScroll(id="help"):
            yield Static(table)

    def on_mount(self) -> None:
        self.query_one("#help").border_title = "Keys"
        self.query_one("#help").border_subtitle = "esc closes"
