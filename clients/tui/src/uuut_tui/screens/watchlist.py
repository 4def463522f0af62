"""Your AniList CURRENT shows: progress, what aired, what is next; download and progress keys."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.binding import Binding, BindingType
from textual.widget import Widget
from textual.widgets import DataTable, Static

from uuut_tui import format as fmt
from uuut_tui.models import Download, WatchlistEntry
from uuut_tui.screens.base import MainScreen
from uuut_tui.screens.download import DownloadDialog
from uuut_tui.screens.prompts import InputPrompt


def release_summary(download: Download) -> str:
    """The release chosen and why, for a notification."""
    release = download["release"]
    reasons = "; ".join(release.get("reasons", [])) or "best match"
    return f"{release['title']}\nwhy: {reasons}"


class WatchlistScreen(MainScreen):
    NAV = "watchlist"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("d", "download_next", "Next ep"),
        Binding("e", "pick", "Pick"),
        Binding("c", "catch_up", "Catch up"),
        Binding("C", "catch_up_all", "All", key_display="C"),
        Binding("plus,equals_sign", "bump", "+1", key_display="+"),
        Binding("minus", "unbump", "-1", show=False),
        Binding("P", "set_progress", "Progress", key_display="P"),
        Binding("r", "reload", "Reload", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.entries: dict[int, WatchlistEntry] = {}

    def compose_body(self) -> Iterable[Widget]:
        table: DataTable[str | Text] = DataTable(
            id="watchlist", cursor_type="row", zebra_stripes=True
        )
        table.add_column("Title", key="title", width=33)
        table.add_column("Seen", key="progress", width=7)
        table.add_column("Aired", key="aired", width=5)
        table.add_column("Next", key="next", width=9)
        table.add_column("Airs", key="airs", width=11)
        yield table
        yield Static("", id="entry-detail", markup=False)

    def action_reload(self) -> None:
        self.reload()

    @work(exclusive=True, group="load")
    async def load(self) -> None:
        async with self.busy("Loading your AniList watchlist…"):
            entries = await self.api.watchlist()
            self.entries = {e["media_id"]: e for e in entries}
            self._fill()
            self.activity.say(f"{len(entries)} shows watching")

    def _fill(self) -> None:
        table = self.query_one(DataTable)
        cursor = table.cursor_row
        table.clear()
        for entry in self.entries.values():
            table.add_row(*self._cells(entry), key=str(entry["media_id"]))
        if self.entries:
            table.move_cursor(row=min(cursor, len(self.entries) - 1))
        else:
            self.query_one("#entry-detail", Static).update(
                "Nothing on your CURRENT list. Add shows on AniList, then r."
            )

    def _cells(self, entry: WatchlistEntry) -> tuple[str | Text, ...]:
        latest = entry["latest_aired_episode"]
        next_episode = entry["next_episode"]
        badge = (
            Text(f"● ep {next_episode}", style="bold green")
            if entry["next_episode_available"]
            else Text("✓ seen" if latest is not None else fmt.NONE, style="dim")
        )
        return (
            entry["title"],
            fmt.episodes(entry["progress"], entry["total_episodes"]),
            fmt.NONE if latest is None else str(latest),
            badge,
            fmt.airing(entry["next_airing_at"]),
        )

    def _update_row(self, entry: WatchlistEntry) -> None:
        self.entries[entry["media_id"]] = entry
        table = self.query_one(DataTable)
        for column, value in zip(
            ("title", "progress", "aired", "next", "airs"), self._cells(entry), strict=True
        ):
            table.update_cell(str(entry["media_id"]), column, value)
        self._describe(entry)

    @on(DataTable.RowHighlighted)
    def highlighted(self, event: DataTable.RowHighlighted) -> None:
        entry = self.entries.get(int(event.row_key.value or 0))
        if entry:
            self._describe(entry)

    def _describe(self, entry: WatchlistEntry) -> None:
        parts = [entry.get("title_english") or entry["title_romaji"]]
        parts += [p for p in (entry.get("format"), entry.get("status")) if p]
        if entry["total_episodes"]:
            parts.append(f"{entry['total_episodes']} eps")
        self.query_one("#entry-detail", Static).update(" · ".join(str(p) for p in parts))

    def selected(self) -> WatchlistEntry | None:
        table = self.query_one(DataTable)
        if not self.entries or table.cursor_row < 0:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return self.entries.get(int(key or 0))

    # -- actions ----------------------------------------------------------------------------

    def action_download_next(self) -> None:
        entry = self.selected()
        if entry is None:
            return
        if not entry["next_episode_available"]:
            self.app.notify(f"{entry['title']}: no new aired episode.", severity="warning")
            return
        self.download(entry, entry["next_episode"], None)

    def action_pick(self) -> None:
        entry = self.selected()
        if entry is None:
            return

        def chosen(answer: tuple[int, str | None] | None) -> None:
            if answer is not None:
                self.download(entry, answer[0], answer[1])

        self.app.push_screen(DownloadDialog(entry), chosen)

    @work(group="download")
    async def download(
        self, entry: WatchlistEntry, episode: int | None, quality: str | None
    ) -> None:
        label = f"{entry['title']} ep {episode}" if episode else entry["title"]
        async with self.busy(f"Finding and adding {label}…"):
            result = await self.api.download(entry["media_id"], episode, quality)
            torrent = result["torrent"]
            ep = torrent.get("episode") or episode
            self.app.notify(
                release_summary(result), title=f"Downloading {entry['title']} ep {ep}", timeout=10
            )

    def action_catch_up(self) -> None:
        entry = self.selected()
        if entry is not None:
            self.catch_up(entry["media_id"], entry["title"])

    def action_catch_up_all(self) -> None:
        self.catch_up(None, "every show")

    @work(group="download")
    async def catch_up(self, media_id: int | None, label: str) -> None:
        async with self.busy(f"Catching up on {label}…"):
            result = await self.api.catch_up(media_id)
            titles = {m: e["title"] for m, e in self.entries.items()}
            queued = [
                f"{titles.get(q['media_id'], q['media_id'])} ep {q['episode']}"
                for q in result["queued"]
            ]
            missed = [
                f"{titles.get(m['media_id'], m['media_id'])} ep {m['episode']}: {m['detail']}"
                for m in result["not_found"]
            ]
            if queued:
                self.app.notify(
                    "\n".join(queued), title=f"Queued {len(queued)} episode(s)", timeout=10
                )
            if missed:
                self.app.notify(
                    "\n".join(missed), title="Not found", severity="warning", timeout=10
                )
            if not queued and not missed:
                self.app.notify(f"Nothing to catch up on for {label}.")

    def action_bump(self) -> None:
        self._progress_by(1)

    def action_unbump(self) -> None:
        self._progress_by(-1)

    def _progress_by(self, step: int) -> None:
        entry = self.selected()
        if entry is not None and entry["progress"] + step >= 0:
            self.set_progress(entry, entry["progress"] + step)

    def action_set_progress(self) -> None:
        entry = self.selected()
        if entry is None:
            return
        total = entry["total_episodes"]

        def check(value: str) -> str | None:
            if not value.strip().isdigit():
                return "a number of episodes, please"
            if total is not None and int(value) > total:
                return f"at most {total}"
            return None

        def answered(value: str | None) -> None:
            if value:
                self.set_progress(entry, int(value))

        self.app.push_screen(
            InputPrompt(
                "Progress",
                f"Episodes of {entry['title']} watched:",
                value=str(entry["progress"]),
                check=check,
            ),
            answered,
        )

    @work(group="progress")
    async def set_progress(self, entry: WatchlistEntry, progress: int) -> None:
        async with self.busy(f"Saving progress {progress} on AniList…"):
            updated = await self.api.set_progress(entry["media_id"], progress)
            self._update_row(updated)
            self.app.notify(
                f"{updated['title']}: "
                f"{fmt.episodes(updated['progress'], updated['total_episodes'])} watched"
            )
