"""The watchlist domain: AniList links, the CURRENT list, progress and media details.

No gRPC here: the servicer passes in the verified caller's user id; errors are DomainErrors.
"""

from __future__ import annotations

import asyncio
import re
from collections import defaultdict
from urllib.parse import urlencode

from uuut_kit.logging import get_logger
from uuut_watchlist import metrics
from uuut_watchlist.anilist.api import AniList
from uuut_watchlist.cache import TtlCache
from uuut_watchlist.domain import AniListAccount, Entry, MediaDetails, Prequel
from uuut_watchlist.errors import (
    AniListNotConfigured,
    AniListNotLinked,
    AniListRelink,
    MediaNotOnList,
    ProgressOutOfRange,
)
from uuut_watchlist.repository import LinkRepository, StoredLink
from uuut_watchlist.vault import SealedTokenUnreadable, TokenVault, token_owner

log = get_logger(__name__)

# AniList tokens are JWTs of about a kilobyte; anything else cannot be one.
_TOKEN_SHAPE = re.compile(r"^[\x21-\x7e]{1,8192}$")


class WatchlistService:
    def __init__(
        self,
        links: LinkRepository,
        vault: TokenVault,
        anilist: AniList,
        *,
        list_cache: TtlCache[int, tuple[Entry, ...]],
        prequel_cache: TtlCache[int, tuple[Prequel, ...]],
        client_id: str | None,
        authorize_endpoint: str,
    ) -> None:
        self._links = links
        self._vault = vault
        self._anilist = anilist
        self._lists = list_cache
        self._prequels = prequel_cache
        self._client_id = client_id or None
        self._authorize_endpoint = authorize_endpoint
        # One AniList fetch per account at a time: concurrent refreshes share it.
        self._fetching: defaultdict[int, asyncio.Lock] = defaultdict(asyncio.Lock)

    # -- the link ---------------------------------------------------------------------------

    async def link(self, user_id: int, access_token: str) -> AniListAccount:
        """Identify the token's AniList user with a Viewer query, then store it sealed."""
        token = access_token.strip()
        if not _TOKEN_SHAPE.fullmatch(token):
            raise AniListRelink("this is not an AniList access token")
        account = await self._anilist.viewer(token)
        sealed = self._vault.seal(token, token_owner(user_id))
        await self._links.save(StoredLink(user_id, account, sealed))
        log.info("anilist_linked", user_id=user_id, anilist_user_id=account.user_id)
        return account

    async def unlink(self, user_id: int) -> None:
        if await self._links.delete(user_id):
            log.info("anilist_unlinked", user_id=user_id)

    async def linked_account(self, user_id: int) -> AniListAccount | None:
        link = await self._links.get(user_id)
        return link.account if link else None

    def authorize_url(self) -> str:
        """AniList's implicit-grant page for this server's client id."""
        if self._client_id is None:
            raise AniListNotConfigured()
        query = urlencode({"client_id": self._client_id, "response_type": "token"})
        return f"{self._authorize_endpoint}?{query}"

    # -- the list ---------------------------------------------------------------------------

    async def watchlist(self, user_id: int) -> list[Entry]:
        """The caller's CURRENT anime, from a short cache when it was just fetched."""
        account, token = await self._account_and_token(user_id)
        return list(await self._entries(account, token))

    async def update_progress(self, user_id: int, media_id: int, progress: int) -> Entry:
        account, token = await self._account_and_token(user_id)
        entry = await self._entry(account, token, media_id)
        total = entry.media.episodes
        if progress < 0 or (total is not None and progress > total):
            upper = f" and {total}" if total is not None else " or more"
            raise ProgressOutOfRange(f"progress must be between 0{upper}")
        saved_progress, list_status = await self._anilist.save_progress(token, media_id, progress)
        updated = entry.with_progress(saved_progress, list_status)
        cached = self._lists.get(account.user_id)
        if cached is not None:
            refreshed = (updated if e.media.id == media_id else e for e in cached)
            self._lists.replace(
                account.user_id, tuple(e for e in refreshed if e.list_status == "CURRENT")
            )
        log.info("progress_saved", user_id=user_id, media_id=media_id, progress=saved_progress)
        return updated

    async def media_details(self, user_id: int, media_id: int) -> tuple[Entry, MediaDetails]:
        """One media of the caller's CURRENT list with its prequel chain, for matching."""
        account, token = await self._account_and_token(user_id)
        entry = await self._entry(account, token, media_id)
        prequels = self._prequels.get(media_id)
        metrics.cache_lookups.labels("media", "miss" if prequels is None else "hit").inc()
        if prequels is None:
            _, chain = await self._anilist.media_with_prequels(media_id, token)
            prequels = tuple(Prequel(media, distance) for media, distance in chain)
            self._prequels.put(media_id, prequels)
        return entry, MediaDetails(entry.media, prequels)

    # -- helpers ----------------------------------------------------------------------------

    async def _entries(self, account: AniListAccount, token: str) -> tuple[Entry, ...]:
        cached = self._lists.get(account.user_id)
        if cached is None:
            async with self._fetching[account.user_id]:
                cached = self._lists.get(account.user_id)  # another call may have fetched it
                if cached is None:
                    metrics.cache_lookups.labels("list", "miss").inc()
                    cached = tuple(await self._anilist.current_entries(account.user_id, token))
                    self._lists.put(account.user_id, cached)
                    return cached
        metrics.cache_lookups.labels("list", "hit").inc()
        return cached

    async def _entry(self, account: AniListAccount, token: str, media_id: int) -> Entry:
        """The media's entry on the CURRENT list; a cached list that lacks it is refetched once
        (the user may have just added the show on AniList)."""
        cached = self._lists.get(account.user_id)
        if cached is not None and not any(e.media.id == media_id for e in cached):
            self._lists.discard(account.user_id)
        return _find(await self._entries(account, token), media_id)

    async def _account_and_token(self, user_id: int) -> tuple[AniListAccount, str]:
        link = await self._links.get(user_id)
        if link is None:
            raise AniListNotLinked()
        try:
            token = self._vault.open_sealed(link.token, token_owner(user_id))
        except SealedTokenUnreadable:
            log.warning("anilist_token_unreadable", user_id=user_id, key_id=link.token.key_id)
            raise AniListRelink(
                "the stored AniList token can no longer be read; link AniList again"
            ) from None
        if link.token.key_id != self._vault.current_key_id:
            await self._links.reseal(
                user_id, link.token, self._vault.seal(token, token_owner(user_id))
            )
        return link.account, token


def _find(entries: tuple[Entry, ...], media_id: int) -> Entry:
    for entry in entries:
        if entry.media.id == media_id:
            return entry
    raise MediaNotOnList(media_id)
