"""AniList's JSON answers turned into domain objects, refusing shapes we do not understand."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from uuut_watchlist.domain import AniListAccount, Entry, Media, NextAiring, Relation


class UnexpectedAnswer(Exception):
    """AniList's data is not shaped as its schema says."""


def _object(value: Any, what: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise UnexpectedAnswer(f"{what} is not an object")
    return value


def _int(value: Any, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise UnexpectedAnswer(f"{what} is not an integer")
    return value


def _optional_int(value: Any, what: str) -> int | None:
    return None if value is None else _int(value, what)


def _optional_str(value: Any, what: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise UnexpectedAnswer(f"{what} is not a string")
    return value


def account(data: dict[str, Any]) -> AniListAccount:
    viewer = _object(data.get("Viewer"), "Viewer")
    name = _optional_str(viewer.get("name"), "Viewer.name")
    if not name:
        raise UnexpectedAnswer("Viewer has no name")
    return AniListAccount(user_id=_int(viewer.get("id"), "Viewer.id"), username=name)


def media(raw: Any) -> Media:
    found = _object(raw, "media")
    title = _object(found.get("title") or {}, "media.title")
    romaji = _optional_str(title.get("romaji"), "title.romaji")
    english = _optional_str(title.get("english"), "title.english")
    native = _optional_str(title.get("native"), "title.native")
    next_airing = None
    if found.get("nextAiringEpisode") is not None:
        airing = _object(found["nextAiringEpisode"], "nextAiringEpisode")
        next_airing = NextAiring(
            episode=_int(airing.get("episode"), "nextAiringEpisode.episode"),
            airing_at=datetime.fromtimestamp(
                _int(airing.get("airingAt"), "nextAiringEpisode.airingAt"), UTC
            ),
        )
    synonyms = found.get("synonyms") or []
    if not isinstance(synonyms, list):
        raise UnexpectedAnswer("media.synonyms is not a list")
    cover = found.get("coverImage") or {}
    return Media(
        id=_int(found.get("id"), "media.id"),
        # AniList always has a romaji title; fall back rather than fail on the odd entry.
        title_romaji=romaji or english or native or f"#{found.get('id')}",
        title_english=english or None,
        title_native=native or None,
        synonyms=tuple(s for s in synonyms if isinstance(s, str) and s),
        format=_optional_str(found.get("format"), "media.format"),
        status=_optional_str(found.get("status"), "media.status"),
        episodes=_optional_int(found.get("episodes"), "media.episodes"),
        season=_optional_str(found.get("season"), "media.season"),
        season_year=_optional_int(found.get("seasonYear"), "media.seasonYear"),
        next_airing=next_airing,
        cover_url=_optional_str(_object(cover, "coverImage").get("large"), "coverImage.large"),
    )


def current_entries(data: dict[str, Any]) -> list[Entry]:
    """Every CURRENT entry of a MediaListCollection, each media once, in AniList's order."""
    collection = _object(data.get("MediaListCollection"), "MediaListCollection")
    lists = collection.get("lists") or []
    if not isinstance(lists, list):
        raise UnexpectedAnswer("MediaListCollection.lists is not a list")
    entries: dict[int, Entry] = {}
    for group in lists:
        for raw in _object(group, "list").get("entries") or []:
            entry = _object(raw, "entry")
            # Custom lists hold entries of any status: the entry's own status decides.
            if entry.get("status") != "CURRENT":
                continue
            found = media(entry.get("media"))
            if found.id not in entries:
                progress = _optional_int(entry.get("progress"), "entry.progress") or 0
                entries[found.id] = Entry(media=found, progress=progress, list_status="CURRENT")
    return list(entries.values())


def saved_entry(data: dict[str, Any]) -> tuple[int, str]:
    """(progress, status) of a SaveMediaListEntry answer."""
    saved = _object(data.get("SaveMediaListEntry"), "SaveMediaListEntry")
    status = _optional_str(saved.get("status"), "SaveMediaListEntry.status") or "CURRENT"
    progress = _optional_int(saved.get("progress"), "SaveMediaListEntry.progress") or 0
    return progress, status


def relations(raw: dict[str, Any]) -> tuple[Relation, ...] | None:
    """The relation edges of a media object, recursively; None when they were not asked."""
    if "relations" not in raw:
        return None
    connection = _object(raw.get("relations") or {}, "relations")
    found = []
    for edge in connection.get("edges") or []:
        edge = _object(edge, "relation edge")
        node = _object(edge.get("node"), "relation node")
        relation_type = _optional_str(edge.get("relationType"), "relationType") or "OTHER"
        found.append(Relation(relation_type, media(node), relations(node)))
    return tuple(found)
