"""One torrent: its numbers, its files, and the scp command to fetch it (c copies it)."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, cast

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Input, Static

from uuut_tui import format as fmt
from uuut_tui.api import ApiError
from uuut_tui.models import TorrentDetails

if TYPE_CHECKING:
    from uuut_tui.app import UUUTorrentApp

REFRESH_S = 2.0


class DetailsScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "dismiss", "Close", key_display="esc"),
        Binding("c", "copy", "Copy scp"),
    ]

    def __init__(self, info_hash: str) -> None:
        super().__init__()
        self.info_hash = info_hash
        self.details: TorrentDetails | None = None

    @property
    def uapp(self) -> UUUTorrentApp:
        return cast("UUUTorrentApp", self.app)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="details") as dialog:
            dialog.border_title = "Torrent"
            dialog.border_subtitle = "c: copy scp · esc: close"
            yield Static("Loading…", id="details-summary")
            files: DataTable[str] = DataTable(id="files", cursor_type="row")
            files.add_column("File", key="path", width=44)
            files.add_column("Size", key="size", width=7)
            files.add_column("Done", key="done", width=5)
            yield files
            yield Static("Copy to your machine:", classes="hint")
            yield Input("", id="scp")

    def on_mount(self) -> None:
        self.load()
        self.set_interval(REFRESH_S, self.load)

    @work(exclusive=True)
    async def load(self) -> None:
        try:
            details = await self.uapp.api.torrent(self.info_hash)
        except ApiError as error:
            if self.details is None:
                self.dismiss(None)
                self.uapp.report(error)
            return
        first = self.details is None
        self.details = details
        label, _ = fmt.state(details["state"], details["progress"])
        eta = fmt.NONE if details["progress"] >= 1 else fmt.duration(details["eta_s"])
        self.query_one("#details-summary", Static).update(
            f"[b]{fmt.esc(details['name'])}[/b]\n"
            f"{label} · {fmt.bar(details['progress'], 20)} · "
            f"{fmt.size(details['downloaded_bytes'])} of {fmt.size(details['size_bytes'])}\n"
            f"↓ {fmt.speed(details['dlspeed'])} ↑ {fmt.speed(details['upspeed'])} · "
            f"ETA {eta} · seeds {details['num_seeds']} "
            f"· leechers {details['num_leechs']}\n[dim]{details['hash']}[/dim]"
        )
        files = self.query_one("#files", DataTable)
        files.clear()
        for file in details["files"]:
            files.add_row(
                file["path"], fmt.short_size(file["size_bytes"]), f"{file['progress'] * 100:.0f}%"
            )
        if first:
            self.query_one("#scp", Input).value = details["transfer"]["scp_command"]

    def action_copy(self) -> None:
        if self.details is not None:
            self.app.copy_to_clipboard(self.details["transfer"]["scp_command"])
            self.app.notify("scp command copied to the clipboard (OSC 52).")
