"""Search Nyaa: free text, an episode, a quality; candidates with score and reasons; add one."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.widget import Widget
from textual.widgets import DataTable, Input, Select, Static

from uuut_tui import format as fmt
from uuut_tui.models import QUALITIES, Candidate
from uuut_tui.screens.base import MainScreen
from uuut_tui.widgets.field import Field


class SearchScreen(MainScreen):
    NAV = "search"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+a", "add", "Add selected"),
        Binding("ctrl+f", "focus_query", "Search box"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.candidates: list[Candidate] = []

    def compose_body(self) -> Iterable[Widget]:
        with Horizontal(id="search-form"):
            yield Field(placeholder="title, e.g. Frieren", id="query")
            yield Field(placeholder="ep", id="episode", type="integer")
            yield Select([(q, q) for q in QUALITIES], prompt="quality", id="quality")
        table: DataTable[str | Text] = DataTable(id="candidates", cursor_type="row")
        table.add_column("Score", key="score", width=6)
        table.add_column("Title", key="title", width=44)
        table.add_column("Size", key="size", width=6)
        table.add_column("S/L", key="peers", width=8)
        yield table
        yield Static("", id="reasons")

    def on_mount(self) -> None:
        self.query_one("#query", Input).focus()
        self.activity.say("Type a title and press enter; ctrl+a (or enter on a row) adds it.")

    def action_focus_query(self) -> None:
        self.query_one("#query", Input).focus()

    @on(Input.Submitted)
    def submitted(self) -> None:
        query = self.query_one("#query", Input).value.strip()
        if not query:
            return
        episode_text = self.query_one("#episode", Input).value.strip()
        quality = self.query_one("#quality", Select).value
        self.search(
            query,
            int(episode_text) if episode_text.isdigit() else None,
            quality if isinstance(quality, str) else None,
        )

    @work(exclusive=True, group="search")
    async def search(self, query: str, episode: int | None, quality: str | None) -> None:
        async with self.busy(f"Searching Nyaa for {query}…"):
            self.candidates = await self.api.search(query, episode, quality)
            table = self.query_one("#candidates", DataTable)
            table.clear()
            for index, candidate in enumerate(self.candidates):
                trusted = Text("✓ ", style="green") if candidate["trusted"] else Text("  ")
                table.add_row(
                    f"{candidate['score']:.0f}",
                    trusted + candidate["title"],
                    fmt.short_size(candidate["size_bytes"]),
                    f"{candidate['seeders']}/{candidate['leechers']}",
                    key=str(index),
                )
            self.activity.say(f"{len(self.candidates)} candidate(s), best first")
            if self.candidates:
                table.focus()
            else:
                self.query_one("#reasons", Static).update("Nothing found.")

    @on(DataTable.RowHighlighted, "#candidates")
    def highlighted(self, event: DataTable.RowHighlighted) -> None:
        candidate = self._candidate(event.cursor_row)
        if candidate:
            parsed = candidate["parsed"]
            facts = [
                f"ep {parsed['episode']}" if parsed["episode"] is not None else "",
                parsed["resolution"] or "",
                parsed["group"] or "",
                "batch" if parsed["batch"] else "",
            ]
            self.query_one("#reasons", Static).update(
                f"[b]{fmt.esc(candidate['title'])}[/b]\n"
                f"{' · '.join(f for f in facts if f)} — why: "
                + fmt.esc("; ".join(candidate["reasons"]) or fmt.NONE)
            )

    def _candidate(self, row: int) -> Candidate | None:
        return self.candidates[row] if 0 <= row < len(self.candidates) else None

    @on(DataTable.RowSelected, "#candidates")
    def action_add(self) -> None:
        table = self.query_one("#candidates", DataTable)
        candidate = self._candidate(table.cursor_row)
        if candidate is None:
            self.app.notify("Search first, then pick a row.", severity="warning")
            return
        self.add(candidate)

    @work(group="add")
    async def add(self, candidate: Candidate) -> None:
        async with self.busy(f"Adding {candidate['title']}…"):
            torrent = await self.api.add_torrent(candidate["magnet"] or candidate["torrent_url"])
            self.app.notify(torrent["name"] or candidate["title"], title="Added")
