"""The AniList operations the watchlist uses, over the resilient transport."""

from __future__ import annotations

from typing import Any

from uuut_kit.errors import UpstreamError
from uuut_watchlist.anilist import documents, parse
from uuut_watchlist.anilist.transport import AniListTransport
from uuut_watchlist.domain import AniListAccount, Entry, Media, Relation, pick_prequel

# Relations fetched per request while following a prequel chain, and the longest chain followed.
RELATION_DEPTH = 3
MAX_PREQUELS = 12


class AniList:
    def __init__(self, transport: AniListTransport) -> None:
        self._transport = transport

    async def viewer(self, token: str) -> AniListAccount:
        """Who the token belongs to (the only way to tell: tokens are opaque)."""
        data = await self._transport.execute("viewer", documents.VIEWER, {}, token)
        return _parsed(parse.account, data)

    async def current_entries(self, user_id: int, token: str) -> list[Entry]:
        """The user's CURRENT anime, with the token so private lists answer too."""
        data = await self._transport.execute(
            "current_list", documents.CURRENT_LIST, {"userId": user_id}, token
        )
        return _parsed(parse.current_entries, data)

    async def save_progress(self, token: str, media_id: int, progress: int) -> tuple[int, str]:
        """Set the progress of the token owner's entry; (progress, list status) as saved."""
        data = await self._transport.execute(
            "save_progress",
            documents.SAVE_PROGRESS,
            {"mediaId": media_id, "progress": progress},
            token,
        )
        return _parsed(parse.saved_entry, data)

    async def media_with_prequels(
        self, media_id: int, token: str
    ) -> tuple[Media, list[tuple[Media, int]]]:
        """A media and its prequel chain as (media, distance), nearest first."""
        media, relations = await self._media_and_relations(media_id, token, documents.MEDIA_FIELDS)
        chain: list[tuple[Media, int]] = []
        seen = {media.id}
        while relations is not None and len(chain) < MAX_PREQUELS:
            prequel = pick_prequel(relations)
            if prequel is None or prequel.media.id in seen:
                break
            seen.add(prequel.media.id)
            chain.append((prequel.media, len(chain) + 1))
            relations = prequel.relations
            if relations is None:  # the chain goes on past what one request fetched
                _, relations = await self._media_and_relations(
                    prequel.media.id, token, documents.RELATED_FIELDS
                )
        return media, chain

    async def _media_and_relations(
        self, media_id: int, token: str, fields: str
    ) -> tuple[Media, tuple[Relation, ...] | None]:
        data = await self._transport.execute(
            "media_details",
            documents.media_with_relations(RELATION_DEPTH, fields),
            {"id": media_id},
            token,
        )

        def read(found: dict[str, Any]) -> tuple[Media, tuple[Relation, ...] | None]:
            raw = found.get("Media")
            if not isinstance(raw, dict):
                raise parse.UnexpectedAnswer("Media is not an object")
            return parse.media(raw), parse.relations(raw)

        return _parsed(read, data)


def _parsed(reader: Any, data: dict[str, Any]) -> Any:
    try:
        return reader(data)
    except parse.UnexpectedAnswer as error:
        raise UpstreamError(f"AniList answered in an unexpected shape ({error})") from None
