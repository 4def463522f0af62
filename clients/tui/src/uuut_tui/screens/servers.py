"""Saved servers: pick one, add one, forget one."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, cast

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from uuut_tui.config import normalize_url
from uuut_tui.messages import ServerChosen

if TYPE_CHECKING:
    from uuut_tui.app import UUUTorrentApp


class ServersScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss", "Close"),
        Binding("delete", "forget", "Forget"),
    ]

    @property
    def uapp(self) -> UUUTorrentApp:
        return cast("UUUTorrentApp", self.app)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog") as dialog:
            dialog.border_title = "Servers"
            yield OptionList(id="servers")
            yield Input(placeholder="add: name=https://host:port or just the URL", id="new-server")
            yield Static(
                "enter: use · del: forget · type a URL below and enter to add", classes="hint"
            )

    def on_mount(self) -> None:
        self._fill()

    def _fill(self) -> None:
        options = self.query_one(OptionList)
        options.clear_options()
        profiles = self.uapp.profiles
        for name, url in sorted(profiles.servers.items()):
            mark = "● " if url == self.uapp.server else "  "
            options.add_option(Option(f"{mark}{name}  {url}", id=name))
        if not profiles.servers:
            options.add_option(Option(f"  {self.uapp.server} (not saved yet)", id=""))
        options.focus()

    @on(OptionList.OptionSelected)
    def use(self, event: OptionList.OptionSelected) -> None:
        name = event.option.id
        url = self.uapp.profiles.servers.get(name) if name else self.uapp.server
        self.dismiss(None)
        if url:
            self.app.post_message(ServerChosen(url))

    @on(Input.Submitted, "#new-server")
    def add(self, event: Input.Submitted) -> None:
        text = event.value.strip()
        if not text:
            return
        name, _, url = text.rpartition("=") if "=" in text else ("", "", text)
        self.uapp.profiles.remember(normalize_url(url), name.strip() or None, current=False)
        event.input.value = ""
        self._fill()

    def action_forget(self) -> None:
        options = self.query_one(OptionList)
        if options.highlighted is None:
            return
        name = options.get_option_at_index(options.highlighted).id
        if name:
            self.uapp.profiles.forget(name)
            self._fill()
