"""gRPC adapter of the search service: proto in, domain call, proto out."""

from __future__ import annotations

from google.protobuf.timestamp_pb2 import Timestamp

from uuut_kit.context import caller
from uuut_kit.errors import InvalidArgument
from uuut_search.matching import Format, Prequel, Show
from uuut_search.ranking import Candidate
from uuut_search.service import Preferences, SearchService
from uuutorrent.search.v1 import search_pb2, search_pb2_grpc

QUALITY_TO_HEIGHT = {
    search_pb2.QUALITY_480P: 480,
    search_pb2.QUALITY_720P: 720,
    search_pb2.QUALITY_1080P: 1080,
    search_pb2.QUALITY_2160P: 2160,
}
_FORMATS = {
    search_pb2.MEDIA_FORMAT_TV: Format.TV,
    search_pb2.MEDIA_FORMAT_MOVIE: Format.MOVIE,
    search_pb2.MEDIA_FORMAT_SPECIAL: Format.SPECIAL,
    search_pb2.MEDIA_FORMAT_OVA: Format.OVA,
    search_pb2.MEDIA_FORMAT_ONA: Format.ONA,
}
MAX_TITLES = 20
MAX_TITLE_CHARS = 300


class SearchServicer(search_pb2_grpc.SearchServiceServicer):
    def __init__(self, service: SearchService) -> None:
        self._service = service

    async def FindReleases(self, request, context):
        caller()  # any signed-in user may search; the interceptor verified the token
        found = await self._service.find_releases(
            show_from_proto(request.show),
            request.episode,
            Preferences(
                quality=QUALITY_TO_HEIGHT.get(request.preferences.quality),
                groups=tuple(g for g in request.preferences.groups if g.strip())[:MAX_TITLES],
                trusted_only=request.preferences.trusted_only,
            ),
        )
        return search_pb2.FindReleasesResponse(
            candidates=[candidate_to_proto(c) for c in found.candidates],
            searches=found.searches,
        )

    async def Search(self, request, context):
        caller()
        episode = request.episode if request.HasField("episode") else None
        if episode is not None and episode < 0:
            raise InvalidArgument("the episode cannot be negative", reason="EPISODE_INVALID")
        candidates = await self._service.search(
            request.q, episode, QUALITY_TO_HEIGHT.get(request.quality)
        )
        return search_pb2.SearchResponse(candidates=[candidate_to_proto(c) for c in candidates])


def _titles(*groups) -> tuple[str, ...]:
    titles = [t.strip() for group in groups for t in group if t and t.strip()]
    if any(len(t) > MAX_TITLE_CHARS for t in titles) or len(titles) > MAX_TITLES:
        raise InvalidArgument("too many or too long titles", reason="SHOW_INVALID")
    return tuple(dict.fromkeys(titles))


def show_from_proto(show: search_pb2.Show) -> Show:
    english = [show.title_english] if show.HasField("title_english") else []
    native = [show.title_native] if show.HasField("title_native") else []
    return Show(
        titles=_titles([show.title_romaji], english, show.synonyms, native),
        format=_FORMATS.get(show.format, Format.UNKNOWN),
        episodes=show.episodes if show.HasField("episodes") and show.episodes > 0 else None,
        season_year=show.season_year if show.HasField("season_year") else None,
        prequels=tuple(
            Prequel(
                titles=_titles(p.titles),
                episodes=p.episodes if p.HasField("episodes") and p.episodes > 0 else None,
            )
            for p in show.prequels[:MAX_TITLES]
        ),
    )


def candidate_to_proto(candidate: Candidate) -> search_pb2.Candidate:
    item, name = candidate.item, candidate.name
    published = Timestamp()
    published.FromDatetime(item.published_at)
    parsed = search_pb2.ParsedRelease(title=name.title, batch=name.batch)
    if name.episode is not None and not name.batch:
        parsed.episode = name.episode
    if name.season is not None:
        parsed.season = name.season
    if name.resolution is not None:
        parsed.resolution = name.resolution
    if name.group:
        parsed.group = name.group
    if name.version is not None:
        parsed.version = name.version
    if name.episode_range is not None:
        parsed.episode_first, parsed.episode_last = name.episode_range
    return search_pb2.Candidate(
        title=item.title,
        info_hash=item.info_hash,
        magnet=item.magnet,
        torrent_url=item.torrent_url,
        view_url=item.view_url,
        category_id=item.category_id,
        size_bytes=item.size_bytes,
        seeders=item.seeders,
        leechers=item.leechers,
        downloads=item.downloads,
        trusted=item.trusted,
        remake=item.remake,
        published_at=published,
        parsed=parsed,
        score=candidate.score,
        reasons=candidate.reasons,
    )
