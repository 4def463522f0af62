"""A torrent as the contract shows it, built from qBittorrent's fields and our ownership row."""

from __future__ import annotations

import math
import shlex
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

ETA_UNKNOWN = 8_640_000  # qBittorrent's "infinity" (100 days)


class State(StrEnum):
    DOWNLOADING = "downloading"
    SEEDING = "seeding"
    PAUSED = "paused"
    QUEUED = "queued"
    CHECKING = "checking"
    STALLED = "stalled"
    METADATA = "metadata"
    ERROR = "error"
    MISSING = "missing"


# qBittorrent 4.x says paused*, 5.x stopped*: both are the contract's "paused".
_STATES: dict[str, State] = {
    "downloading": State.DOWNLOADING,
    "forcedDL": State.DOWNLOADING,
    "uploading": State.SEEDING,
    "forcedUP": State.SEEDING,
    "stalledUP": State.SEEDING,
    "pausedDL": State.PAUSED,
    "pausedUP": State.PAUSED,
    "stoppedDL": State.PAUSED,
    "stoppedUP": State.PAUSED,
    "queuedDL": State.QUEUED,
    "queuedUP": State.QUEUED,
    "checkingDL": State.CHECKING,
    "checkingUP": State.CHECKING,
    "checkingResumeData": State.CHECKING,
    "moving": State.CHECKING,
    "stalledDL": State.STALLED,
    "metaDL": State.METADATA,
    "forcedMetaDL": State.METADATA,
    "error": State.ERROR,
    "missingFiles": State.MISSING,
}


def map_state(qbittorrent_state: str) -> State:
    """The contract's state; an unknown one (`unknown`, a future name) counts as an error."""
    return _STATES.get(qbittorrent_state, State.ERROR)


@dataclass(frozen=True)
class Ownership:
    """One user's claim on a torrent."""

    user_id: int
    info_hash: str
    media_id: int | None
    episode: int | None
    added_at: datetime
    episodes: tuple[int, ...] = ()


@dataclass(frozen=True)
class TorrentView:
    hash: str
    name: str
    state: State
    progress: float
    size_bytes: int
    downloaded_bytes: int
    dlspeed: int
    upspeed: int
    eta_s: int | None
    num_seeds: int
    num_leechs: int
    added_at: datetime
    completed_at: datetime | None
    media_id: int | None
    episode: int | None
    episodes: tuple[int, ...] = ()


def _timestamp(value: Any) -> datetime | None:
    # Not-yet values are 0, -1 or (older versions) 2**32 - 1.
    if not isinstance(value, int | float) or value <= 0 or value >= 2**32 - 1:
        return None
    return datetime.fromtimestamp(value, UTC)


def _int(fields: Mapping[str, Any], key: str) -> int:
    value = fields.get(key, 0)
    return int(value) if isinstance(value, int | float) else 0


def torrent_view(
    info_hash: str, fields: Mapping[str, Any], ownership: Ownership | None
) -> TorrentView:
    progress = float(fields.get("progress", 0.0) or 0.0)
    if math.isnan(progress):  # the gateway writes progress as it is: a number in [0, 1]
        progress = 0.0
    eta = _int(fields, "eta")
    completed_at = _timestamp(fields.get("completion_on")) if progress >= 1 else None
    added_at = (
        ownership.added_at
        if ownership is not None
        else (_timestamp(fields.get("added_on")) or datetime.fromtimestamp(0, UTC))
    )
    return TorrentView(
        hash=info_hash,
        name=str(fields.get("name", "")),
        state=map_state(str(fields.get("state", ""))),
        progress=min(max(progress, 0.0), 1.0),
        size_bytes=_int(fields, "size"),
        downloaded_bytes=_int(fields, "completed"),
        dlspeed=_int(fields, "dlspeed"),
        upspeed=_int(fields, "upspeed"),
        eta_s=eta if 0 <= eta < ETA_UNKNOWN and progress < 1 else None,
        num_seeds=_int(fields, "num_seeds"),
        num_leechs=_int(fields, "num_leechs"),
        added_at=added_at,
        completed_at=completed_at,
        media_id=ownership.media_id if ownership else None,
        episode=ownership.episode if ownership else None,
        episodes=ownership.episodes if ownership else (),
    )


@dataclass(frozen=True)
class TorrentFileView:
    path: str
    size_bytes: int
    progress: float


@dataclass(frozen=True)
class Transfer:
    host_path: str
    scp_command: str


@dataclass(frozen=True)
class TorrentDetails:
    torrent: TorrentView
    files: list[TorrentFileView]
    transfer: Transfer


@dataclass(frozen=True)
class TransferHints:
    """How the scp hint is built: UUUT_PUBLIC_HOST, UUUT_SSH_USER, UUUT_HOST_DOWNLOADS_DIR."""

    public_host: str
    ssh_user: str
    host_downloads_dir: str | None

    def transfer(self, fields: Mapping[str, Any]) -> Transfer:
        save_path = str(fields.get("save_path", "")).rstrip("/")
        content_path = str(fields.get("content_path") or "") or (
            f"{save_path}/{fields.get('name', '')}"
        )
        host_path = content_path
        if self.host_downloads_dir and save_path and content_path.startswith(save_path + "/"):
            host_path = self.host_downloads_dir.rstrip("/") + content_path[len(save_path) :]
        remote = shlex.quote(f"{self.ssh_user}@{self.public_host}:{host_path}")
        return Transfer(host_path=host_path, scp_command=f"scp -r {remote} .")
