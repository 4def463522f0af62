"""An in-memory Services port for the flows' unit tests: shows, releases, the caller's torrents.

It behaves as the services do where the flows rely on it: the torrent service is idempotent by
info hash and records the media and episode(s) with the ownership; the search service answers
404 no_release when nothing holds the episode.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from uuut_gateway.flows import FlowError
from uuutorrent.auth.v1 import auth_pb2
from uuutorrent.search.v1 import search_pb2
from uuutorrent.torrent.v1 import torrent_pb2
from uuutorrent.watchlist.v1 import watchlist_pb2 as wl


def show(
    media_id: int,
    title: str,
    *,
    progress: int,
    latest: int | None,
    total: int | None,
    status: int = wl.MEDIA_STATUS_RELEASING,
    offset: int | None = None,
    prequels: tuple[wl.Prequel, ...] = (),
) -> wl.GetMediaDetailsResponse:
    entry = wl.WatchlistEntry(media_id=media_id, title=title, title_romaji=title, progress=progress)
    details = wl.MediaDetails(media_id=media_id, title_romaji=title, status=status)
    details.format = wl.MEDIA_FORMAT_TV
    details.prequels.extend(prequels)
    if latest is not None:
        entry.latest_aired_episode = latest
    if total is not None:
        entry.total_episodes = details.episodes = total
    if offset is not None:
        details.episode_offset = offset
    return wl.GetMediaDetailsResponse(entry=entry, details=details)


def release(
    title: str, episode: int | None = None, first: int | None = None, last: int | None = None
) -> search_pb2.Candidate:
    digest = hashlib.sha1(title.encode()).hexdigest()  # noqa: S324 - a test id
    parsed = search_pb2.ParsedRelease(title=title, batch=episode is None)
    if episode is not None:
        parsed.episode = episode
    if first is not None and last is not None:
        parsed.episode_first, parsed.episode_last = first, last
    return search_pb2.Candidate(
        title=title,
        info_hash=digest,
        torrent_url=f"http://nyaa.test/download/{digest[:6]}.torrent",
        parsed=parsed,
    )


@dataclass
class FakeServices:
    shows: dict[int, wl.GetMediaDetailsResponse] = field(default_factory=dict)
    # (romaji title, episode) → candidates best first
    releases: dict[tuple[str, int], list[search_pb2.Candidate]] = field(default_factory=dict)
    preferred: auth_pb2.Preferences = field(
        default_factory=lambda: auth_pb2.Preferences(quality=auth_pb2.QUALITY_1080P)
    )
    torrents: list[torrent_pb2.Torrent] = field(default_factory=list)
    failing: dict[str, FlowError] = field(default_factory=dict)  # method → its failure
    calls: list[tuple[str, object]] = field(default_factory=list)
    timeouts: dict[str, float] = field(default_factory=dict)

    def _enter(self, method: str, argument: object, timeout_s: float) -> None:
        self.calls.append((method, argument))
        self.timeouts[method] = timeout_s
        if method in self.failing:
            raise self.failing[method]

    def called(self, method: str) -> list[object]:
        return [argument for name, argument in self.calls if name == method]

    async def media(self, media_id: int, timeout_s: float) -> wl.GetMediaDetailsResponse:
        self._enter("media", media_id, timeout_s)
        if media_id not in self.shows:
            raise FlowError(404, "not_found", "this media is not on your CURRENT list")
        return self.shows[media_id]

    async def current_list(self, timeout_s: float) -> list[wl.WatchlistEntry]:
        self._enter("current_list", None, timeout_s)
        return [s.entry for s in self.shows.values()]

    async def preferences(self, timeout_s: float) -> auth_pb2.Preferences:
        self._enter("preferences", None, timeout_s)
        return self.preferred

    async def owned_torrents(self, timeout_s: float) -> list[torrent_pb2.Torrent]:
        self._enter("owned_torrents", None, timeout_s)
        return list(reversed(self.torrents))  # newest first, as the service lists them

    async def find_releases(
        self, request: search_pb2.FindReleasesRequest, timeout_s: float
    ) -> list[search_pb2.Candidate]:
        self._enter("find_releases", request, timeout_s)
        found = self.releases.get((request.show.title_romaji, request.episode), [])
        if not found:
            raise FlowError(404, "no_release", f"no release of episode {request.episode}")
        return found

    async def add_torrent(
        self, request: torrent_pb2.AddTorrentRequest, timeout_s: float
    ) -> torrent_pb2.AddTorrentResponse:
        self._enter("add_torrent", request, timeout_s)
        info_hash = hashlib.sha1(request.source.encode()).hexdigest()  # noqa: S324
        for torrent in self.torrents:
            if torrent.hash == info_hash:
                return torrent_pb2.AddTorrentResponse(torrent=torrent, created=False)
        torrent = torrent_pb2.Torrent(
            hash=info_hash,
            name=request.source,
            media_id=request.media_id,
            episode=request.episode,
            episodes=request.episodes,
        )
        self.torrents.append(torrent)
        return torrent_pb2.AddTorrentResponse(torrent=torrent, created=True)
