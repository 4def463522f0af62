"""Your torrents, live from the event stream: pause, resume, delete, details, add."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from textual import on, work
from textual.binding import Binding, BindingType
from textual.widget import Widget
from textual.widgets import DataTable, Static

from uuut_tui import format as fmt
from uuut_tui.screens.base import MainScreen
from uuut_tui.screens.details import DetailsScreen
from uuut_tui.screens.prompts import ChoicePrompt
from uuut_tui.widgets.torrent_table import TorrentTable

LIVE_LABELS = {
    "live": "● live",
    "polling": "◐ polling (event stream unavailable)",
    "offline": "○ offline",
    "off": "",
}


class TorrentsScreen(MainScreen):
    NAV = "torrents"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "details", "Details", show=False),
        Binding("i", "details", "Info"),
        Binding("p", "pause", "Pause"),
        Binding("r", "resume", "Resume"),
        Binding("x,delete", "delete", "Delete", key_display="x"),
        Binding("a", "app.add_torrent", "Add"),
    ]

    def compose_body(self) -> Iterable[Widget]:
        yield TorrentTable(id="torrents")
        yield Static("", id="torrent-name")

    def on_mount(self) -> None:
        self.uapp.torrents_changed.subscribe(self, self._changed)
        self._changed(None)

    def _changed(self, info_hash: str | None) -> None:
        table = self.query_one(TorrentTable)
        store = self.uapp.torrents
        if info_hash is None:
            table.sync(store.values())
        elif info_hash in store:
            table.upsert(store[info_hash])
        self._describe()
        total_down = sum(t["dlspeed"] for t in store.values())
        total_up = sum(t["upspeed"] for t in store.values())
        self.activity.say(
            f"{len(store)} torrent(s) · ↓ {fmt.speed(total_down)} ↑ {fmt.speed(total_up)} · "
            + LIVE_LABELS.get(self.uapp.live_mode, "")
        )

    @on(DataTable.RowHighlighted)
    def _describe(self) -> None:
        info_hash = self.query_one(TorrentTable).selected_hash()
        torrent = self.uapp.torrents.get(info_hash or "")
        text = "No torrents yet: a adds a magnet or URL, 3 searches Nyaa, 1 the watchlist."
        if torrent:
            text = (
                f"{fmt.esc(torrent['name'])}  [dim]{fmt.size(torrent['downloaded_bytes'])} of "
                f"{fmt.size(torrent['size_bytes'])}[/dim]"
            )
        self.query_one("#torrent-name", Static).update(text)

    def reload(self) -> None:
        self.uapp.follow_torrents()

    def _torrent_name(self, info_hash: str) -> str:
        torrent = self.uapp.torrents.get(info_hash)
        return torrent["name"] if torrent else info_hash

    def _selected(self) -> str | None:
        info_hash = self.query_one(TorrentTable).selected_hash()
        if info_hash is None:
            self.app.notify("No torrent selected.", severity="warning")
        return info_hash

    def action_details(self) -> None:
        if info_hash := self._selected():
            self.app.push_screen(DetailsScreen(info_hash))

    def action_pause(self) -> None:
        if info_hash := self._selected():
            self.pause_resume(info_hash, pause=True)

    def action_resume(self) -> None:
        if info_hash := self._selected():
            self.pause_resume(info_hash, pause=False)

    @work(group="control")
    async def pause_resume(self, info_hash: str, pause: bool) -> None:
        name = self._torrent_name(info_hash)
        async with self.busy(f"{'Pausing' if pause else 'Resuming'} {name}…"):
            await (self.api.pause(info_hash) if pause else self.api.resume(info_hash))
            self.app.notify(f"{'Paused' if pause else 'Resumed'}: {name}")

    def action_delete(self) -> None:
        info_hash = self._selected()
        if info_hash is None:
            return
        name = self._torrent_name(info_hash)
        choices = [
            ("files", "Delete with files", "error"),
            ("keep", "Remove, keep files", "warning"),
            ("cancel", "Cancel", "default"),
        ]

        def answered(answer: str | None) -> None:
            if answer in ("files", "keep"):
                self.delete(info_hash, delete_files=answer == "files")

        self.app.push_screen(ChoicePrompt("Delete torrent", f"Remove {name}?", choices), answered)

    @work(group="control")
    async def delete(self, info_hash: str, delete_files: bool) -> None:
        name = self._torrent_name(info_hash)
        async with self.busy(f"Deleting {name}…"):
            await self.api.delete(info_hash, delete_files)
            self.uapp.torrents.pop(info_hash, None)
            self._changed(None)
            self.app.notify(f"{name}" + (" and its files" if delete_files else ""), title="Deleted")
