"""The torrents table: updated row by row as events arrive, the cursor kept in place."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import ClassVar

from rich.text import Text
from textual.widgets import DataTable

from uuut_tui import format as fmt
from uuut_tui.models import Torrent

# (key, header, width): fits 80 columns with the scrollbar; the full name shows below.
COLUMNS: tuple[tuple[str, str, int], ...] = (
    ("name", "Name", 16),
    ("state", "State", 7),
    ("progress", "Progress", 9),
    ("size", "Size", 6),
    ("down", "↓", 7),
    ("up", "↑", 6),
    ("eta", "ETA", 6),
    ("peers", "S/L", 5),
)


def cells(torrent: Torrent) -> list[str | Text]:
    label, style = fmt.state(torrent["state"], torrent["progress"])
    done = torrent["progress"] >= 1
    return [
        torrent["name"],
        Text(label, style=style),
        Text(fmt.bar(torrent["progress"], 4), style="green" if done else ""),
        fmt.short_size(torrent["size_bytes"]),
        fmt.short_speed(torrent["dlspeed"]),
        fmt.short_speed(torrent["upspeed"]),
        fmt.NONE if done else fmt.duration(torrent["eta_s"]),
        f"{torrent['num_seeds']}/{torrent['num_leechs']}",
    ]


class TorrentTable(DataTable[str | Text]):
    """Rows keyed by info hash; `sync` adds, updates and removes."""

    COLUMNS: ClassVar[Sequence[tuple[str, str, int]]] = COLUMNS

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, id=id)

    def on_mount(self) -> None:
        for key, header, width in self.COLUMNS:
            self.add_column(header, key=key, width=width)

    def row_cells(self, torrent: Torrent) -> list[str | Text]:
        return cells(torrent)

    def sync(self, torrents: Iterable[Torrent]) -> None:
        wanted = {t["hash"]: t for t in torrents}
        for key in [k for k in self.rows if k.value not in wanted]:
            self.remove_row(key)
        for torrent in sorted(wanted.values(), key=lambda t: t["added_at"]):
            self.upsert(torrent)

    def upsert(self, torrent: Torrent) -> None:
        if torrent["hash"] not in {k.value for k in self.rows}:
            self.add_row(*self.row_cells(torrent), key=torrent["hash"])
            return
        columns = [c.key for c in self.ordered_columns]
        for column, value in zip(columns, self.row_cells(torrent), strict=True):
            self.update_cell(torrent["hash"], column, value)

    def selected_hash(self) -> str | None:
        if self.row_count == 0 or self.cursor_row < 0:
            return None
        return self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value


class OwnedTorrentTable(TorrentTable):
    """The admin's view: fewer numbers, and who owns each torrent."""

    COLUMNS = (
        ("name", "Name", 22),
        ("state", "State", 7),
        ("progress", "Progress", 9),
        ("size", "Size", 6),
        ("owners", "Owners", 20),
    )

    def row_cells(self, torrent: Torrent) -> list[str | Text]:
        name, state, progress, size = cells(torrent)[:4]
        owners = torrent.get("owners", [])
        return [name, state, progress, size, ", ".join(owners) if isinstance(owners, list) else ""]
