"""The rules about episodes the flows share: which have aired, which the caller wants or already
owns, which a release holds, and the show as release matching needs it."""

from __future__ import annotations

from collections.abc import Iterable

from uuut_gateway.flows.errors import FlowError, not_aired
from uuutorrent.auth.v1 import auth_pb2
from uuutorrent.search.v1 import search_pb2
from uuutorrent.torrent.v1 import torrent_pb2
from uuutorrent.watchlist.v1 import watchlist_pb2

_FORMATS = {
    watchlist_pb2.MEDIA_FORMAT_TV: search_pb2.MEDIA_FORMAT_TV,
    watchlist_pb2.MEDIA_FORMAT_TV_SHORT: search_pb2.MEDIA_FORMAT_TV,
    watchlist_pb2.MEDIA_FORMAT_MOVIE: search_pb2.MEDIA_FORMAT_MOVIE,
    watchlist_pb2.MEDIA_FORMAT_SPECIAL: search_pb2.MEDIA_FORMAT_SPECIAL,
    watchlist_pb2.MEDIA_FORMAT_OVA: search_pb2.MEDIA_FORMAT_OVA,
    watchlist_pb2.MEDIA_FORMAT_ONA: search_pb2.MEDIA_FORMAT_ONA,
}
_QUALITIES = {
    auth_pb2.QUALITY_480P: search_pb2.QUALITY_480P,
    auth_pb2.QUALITY_720P: search_pb2.QUALITY_720P,
    auth_pb2.QUALITY_1080P: search_pb2.QUALITY_1080P,
    auth_pb2.QUALITY_2160P: search_pb2.QUALITY_2160P,
}
QUALITY_BY_NAME = {
    "480p": search_pb2.QUALITY_480P,
    "720p": search_pb2.QUALITY_720P,
    "1080p": search_pb2.QUALITY_1080P,
    "2160p": search_pb2.QUALITY_2160P,
}
_STARTED = (
    watchlist_pb2.MEDIA_STATUS_RELEASING,
    watchlist_pb2.MEDIA_STATUS_HIATUS,
    watchlist_pb2.MEDIA_STATUS_FINISHED,
    watchlist_pb2.MEDIA_STATUS_CANCELLED,
)
_ENDED = (watchlist_pb2.MEDIA_STATUS_FINISHED, watchlist_pb2.MEDIA_STATUS_CANCELLED)
# The torrent service records at most this many episodes of one torrent.
MAX_HELD = 2000


def _optional(message, field: str) -> int | None:  # type: ignore[no-untyped-def]
    return getattr(message, field) if message.HasField(field) else None


def last_aired(entry: watchlist_pb2.WatchlistEntry) -> int | None:
    """The last episode that aired (0: none yet); None when AniList does not say."""
    return _optional(entry, "latest_aired_episode")


def check_aired(
    entry: watchlist_pb2.WatchlistEntry, status: watchlist_pb2.MediaStatus, episode: int
) -> None:
    """404 not_aired unless `episode` has aired, as the contract defines it."""
    total = _optional(entry, "total_episodes")
    if total is not None and episode > total:
        raise not_aired(episode, f"is beyond the show's {total} episodes")
    latest = last_aired(entry)
    if latest is None:
        # AniList gives no schedule: a show that has started may have any episode out.
        if status not in _STARTED:
            raise not_aired(episode, "has not aired: the show has not started")
        return
    if latest == 0:
        raise not_aired(episode, "has not aired: the show has not started")
    if episode > latest:
        raise not_aired(episode, f"has not aired yet (the latest is episode {latest})")


def default_episode(entry: watchlist_pb2.WatchlistEntry) -> int:
    """The episode "download next" means: the one after the caller's progress."""
    return entry.progress + 1


def wanted_episodes(entry: watchlist_pb2.WatchlistEntry) -> list[int]:
    """Aired and not watched yet: progress + 1 up to the last aired (none when unknown)."""
    latest = last_aired(entry)
    if latest is None:
        return []
    total = _optional(entry, "total_episodes")
    last = min(latest, total) if total is not None else latest
    return list(range(entry.progress + 1, last + 1))


def season_finished(details: watchlist_pb2.GetMediaDetailsResponse) -> bool:
    """Every episode is out: batches of the whole season exist and are worth taking."""
    entry = details.entry
    total, latest = _optional(entry, "total_episodes"), last_aired(entry)
    return details.details.status in _ENDED or (
        total is not None and latest is not None and latest >= total
    )


def torrent_episodes(torrent: torrent_pb2.Torrent) -> set[int]:
    """The episodes of its media a torrent holds: the one asked, and for a batch the rest."""
    held = set(torrent.episodes)
    if torrent.HasField("episode"):
        held.add(torrent.episode)
    return held


def owned_episodes(
    torrents: Iterable[torrent_pb2.Torrent], media_id: int
) -> dict[int, torrent_pb2.Torrent]:
    """Each episode of `media_id` the caller owns, with the torrent holding it (newest wins)."""
    owned: dict[int, torrent_pb2.Torrent] = {}
    for torrent in torrents:  # the service lists newest first
        if torrent.HasField("media_id") and torrent.media_id == media_id:
            for episode in torrent_episodes(torrent):
                owned.setdefault(episode, torrent)
    return owned


def held_episodes(
    candidate: search_pb2.Candidate, details: watchlist_pb2.MediaDetails, asked: int
) -> set[int]:
    """The episodes of this media a release holds, in this season's numbering.

    A single release holds the asked episode. A batch holds its stated range, moved back by the
    earlier seasons' episodes when it counts on from them (absolute numbering), or the whole
    season when it states no range. Whatever we cannot place, we do not claim.
    """
    parsed = candidate.parsed
    if not parsed.batch:
        return {asked}
    total = _optional(details, "episodes")
    first, last = _optional(parsed, "episode_first"), _optional(parsed, "episode_last")
    if first is None or last is None:
        return set(range(1, total + 1)) if total and total <= MAX_HELD else {asked}
    offset = _optional(details, "episode_offset") or 0
    if total is not None and last > total and offset and first - offset >= 1:
        first, last = first - offset, last - offset
    if total is not None:
        last = min(last, total)
    if not first <= asked <= last or last - first >= MAX_HELD:
        return {asked}
    return set(range(max(first, 1), last + 1))


def show_for_search(details: watchlist_pb2.MediaDetails) -> search_pb2.Show:
    """The media as the search service's release matching reads it."""
    show = search_pb2.Show(
        title_romaji=details.title_romaji,
        synonyms=list(details.synonyms),
        format=_FORMATS.get(details.format, search_pb2.MEDIA_FORMAT_UNSPECIFIED),
    )
    if details.HasField("title_english"):
        show.title_english = details.title_english
    if details.HasField("title_native"):
        show.title_native = details.title_native
    if details.HasField("episodes"):
        show.episodes = details.episodes
    if details.HasField("season_year"):
        show.season_year = details.season_year
    for prequel in sorted(details.prequels, key=lambda p: p.distance):
        titles = [prequel.title_romaji]
        if prequel.HasField("title_english"):
            titles.append(prequel.title_english)
        wanted = search_pb2.Prequel(titles=[t for t in titles if t])
        if prequel.HasField("episodes"):
            wanted.episodes = prequel.episodes
        show.prequels.append(wanted)
    return show


def search_preferences(
    preferences: auth_pb2.Preferences, quality: str | None
) -> search_pb2.Preferences:
    """The caller's preferences for the search, with the quality asked for this once."""
    return search_pb2.Preferences(
        quality=(
            QUALITY_BY_NAME[quality]
            if quality
            else _QUALITIES.get(preferences.quality, search_pb2.QUALITY_1080P)
        ),
        groups=list(preferences.groups),
        trusted_only=preferences.trusted_only,
    )


def torrent_source(candidate: search_pb2.Candidate) -> str:
    """The .torrent link: it carries the release's own trackers (a magnet would need ours)."""
    if candidate.torrent_url:
        return candidate.torrent_url
    if candidate.magnet:
        return candidate.magnet
    raise FlowError(502, "upstream_error", f"Nyaa gave no link for {candidate.title!r}")


def add_request(
    candidate: search_pb2.Candidate, media_id: int, episode: int, held: set[int]
) -> torrent_pb2.AddTorrentRequest:
    """Add the release for `episode` of `media_id`; a batch also names the others it holds."""
    request = torrent_pb2.AddTorrentRequest(
        source=torrent_source(candidate), media_id=media_id, episode=episode
    )
    if len(held) > 1:
        request.episodes.extend(sorted(held))
    return request
