"""Domain objects to protos (the servicer's only translation work)."""

from __future__ import annotations

from google.protobuf.timestamp_pb2 import Timestamp

from uuut_watchlist.domain import AniListAccount, Entry, Media, MediaDetails, Prequel
from uuutorrent.watchlist.v1 import watchlist_pb2 as pb


def _enum(names: list[str], prefix: str, value: str | None) -> str:
    """The proto enum name for an AniList enum value; UNSPECIFIED for null or a new value."""
    name = f"{prefix}_{value}"
    return name if value is not None and name in names else f"{prefix}_UNSPECIFIED"


def media_format(value: str | None) -> str:
    return _enum(pb.MediaFormat.keys(), "MEDIA_FORMAT", value)


def media_status(value: str | None) -> str:
    return _enum(pb.MediaStatus.keys(), "MEDIA_STATUS", value)


def media_season(value: str | None) -> str:
    return _enum(pb.MediaSeason.keys(), "MEDIA_SEASON", value)


def account(found: AniListAccount) -> pb.AniListAccount:
    return pb.AniListAccount(user_id=found.user_id, username=found.username)


def entry(found: Entry) -> pb.WatchlistEntry:
    media: Media = found.media
    message = pb.WatchlistEntry(
        media_id=media.id,
        title=media.title,
        title_romaji=media.title_romaji,
        title_english=media.title_english,
        synonyms=media.synonyms,
        format=media_format(media.format),
        status=media_status(media.status),
        progress=found.progress,
        total_episodes=media.episodes,
        latest_aired_episode=media.latest_aired_episode,
        next_episode=found.next_episode,
        cover_url=media.cover_url,
    )
    if media.next_airing is not None:
        stamp = Timestamp()
        stamp.FromDatetime(media.next_airing.airing_at)
        message.next_airing_at.CopyFrom(stamp)
    return message


def prequel(found: Prequel) -> pb.Prequel:
    return pb.Prequel(
        media_id=found.media.id,
        title_romaji=found.media.title_romaji,
        title_english=found.media.title_english,
        format=media_format(found.media.format),
        episodes=found.media.episodes,
        season_year=found.media.season_year,
        distance=found.distance,
    )


def details(found: MediaDetails) -> pb.MediaDetails:
    media = found.media
    return pb.MediaDetails(
        media_id=media.id,
        title_romaji=media.title_romaji,
        title_english=media.title_english,
        title_native=media.title_native,
        synonyms=media.synonyms,
        format=media_format(media.format),
        status=media_status(media.status),
        episodes=media.episodes,
        season=media_season(media.season),
        season_year=media.season_year,
        prequels=[prequel(p) for p in found.prequels],
        episode_offset=found.episode_offset,
    )
