"""The gateway's JSON shapes (../shared/API.md), as the client reads them."""

from __future__ import annotations

from typing import Literal, TypedDict

Quality = Literal["480p", "720p", "1080p", "2160p"]
QUALITIES: tuple[Quality, ...] = ("480p", "720p", "1080p", "2160p")


class AniListAccount(TypedDict):
    user_id: int
    username: str


class Me(TypedDict):
    id: int
    username: str
    role: str
    totp_enabled: bool
    anilist: AniListAccount | None


class WatchlistEntry(TypedDict):
    media_id: int
    title: str
    title_romaji: str
    title_english: str | None
    format: str | None
    status: str | None
    progress: int
    total_episodes: int | None
    latest_aired_episode: int | None
    next_episode: int | None
    next_episode_available: bool
    next_airing_at: str | None


class Torrent(TypedDict):
    hash: str
    name: str
    state: str
    progress: float
    size_bytes: int
    downloaded_bytes: int
    dlspeed: int
    upspeed: int
    eta_s: int | None
    num_seeds: int
    num_leechs: int
    added_at: str
    completed_at: str | None
    media_id: int | None
    episode: int | None


class OwnedTorrent(Torrent):
    owners: list[str]


class TorrentFile(TypedDict):
    path: str
    size_bytes: int
    progress: float


class Transfer(TypedDict):
    host_path: str
    scp_command: str


class TorrentDetails(Torrent):
    files: list[TorrentFile]
    transfer: Transfer


class ParsedRelease(TypedDict):
    title: str
    episode: int | None
    season: int | None
    resolution: str | None
    group: str | None
    batch: bool
    version: int | None


class Candidate(TypedDict):
    title: str
    info_hash: str
    magnet: str
    torrent_url: str
    size_bytes: int
    seeders: int
    leechers: int
    downloads: int
    trusted: bool
    remake: bool
    published_at: str
    parsed: ParsedRelease
    score: float
    reasons: list[str]


class Download(TypedDict):
    torrent: Torrent
    release: Candidate
    timings_ms: dict[str, float]


class QueuedEpisode(TypedDict):
    media_id: int
    episode: int
    torrent: Torrent


class MissedEpisode(TypedDict):
    media_id: int
    episode: int
    detail: str


class CatchUp(TypedDict):
    queued: list[QueuedEpisode]
    not_found: list[MissedEpisode]


class Preferences(TypedDict):
    quality: str
    groups: list[str]
    trusted_only: bool


class AdminUser(TypedDict):
    id: int
    username: str
    role: str
    disabled: bool
    created_at: str
