"""Download one episode: the media's details → has it aired → does the caller own it already →
the search service's pick → the torrent service adds it by its .torrent link and records the
media and episode(s) with the caller's ownership.

The add is the only step that changes anything, and the torrent service makes it all or
nothing (a cancelled or failed add is undone there), so a failure anywhere leaves nothing
half-done. The whole flow has one deadline (NF1: 20 s).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from dataclasses import dataclass
from typing import TypeVar

from uuut_gateway.flows.episodes import (
    add_request,
    check_aired,
    default_episode,
    held_episodes,
    owned_episodes,
    search_preferences,
    show_for_search,
)
from uuut_gateway.flows.errors import FlowError
from uuut_gateway.flows.ports import Services
from uuut_gateway.flows.timing import Clock, Deadline, StepTimes, download_step_seconds
from uuutorrent.search.v1 import search_pb2
from uuutorrent.torrent.v1 import torrent_pb2

DOWNLOAD_BUDGET_S = 20.0
ANILIST_TIMEOUT_S = 10.0  # the watchlist may wait for AniList's rate limiter and retry
INTERNAL_TIMEOUT_S = 5.0
SEARCH_TIMEOUT_S = 30.0
ADD_TIMEOUT_S = 20.0
# The search may not eat the time the add needs: fetching a .torrent and qBittorrent's add.
KEEP_FOR_ADD_S = 4.0

T = TypeVar("T")


@dataclass(frozen=True)
class DownloadWanted:
    media_id: int
    episode: int | None = None  # None: the one after the caller's progress
    quality: str | None = None  # None: the caller's preference


@dataclass(frozen=True)
class Downloaded:
    torrent: torrent_pb2.Torrent
    release: search_pb2.Candidate | None  # None when the caller already owned the episode
    created: bool
    timings_ms: dict[str, float]


async def download(
    services: Services,
    wanted: DownloadWanted,
    *,
    budget_s: float = DOWNLOAD_BUDGET_S,
    clock: Clock | None = None,
) -> Downloaded:
    deadline = Deadline(budget_s, clock) if clock else Deadline(budget_s)
    times = StepTimes(download_step_seconds)

    # Independent of each other: asked at once. All three finish (each has a short timeout)
    # so no call outlives the request; the details' error, if any, is the one that counts.
    outcomes = await asyncio.gather(
        _timed(
            times,
            "details",
            services.media(wanted.media_id, deadline.timeout("details", ANILIST_TIMEOUT_S)),
        ),
        _timed(
            times, "owned", services.owned_torrents(deadline.timeout("owned", INTERNAL_TIMEOUT_S))
        ),
        _timed(
            times,
            "preferences",
            services.preferences(deadline.timeout("preferences", INTERNAL_TIMEOUT_S)),
        ),
        return_exceptions=True,
    )
    details, owned, preferences = outcomes
    if isinstance(details, BaseException):
        raise details
    if isinstance(owned, BaseException):
        raise owned
    if isinstance(preferences, BaseException):
        raise preferences

    episode = wanted.episode if wanted.episode is not None else default_episode(details.entry)
    check_aired(details.entry, details.details.status, episode)
    mine = owned_episodes(owned, wanted.media_id)
    if episode in mine:
        times.skipped("search")
        times.skipped("add")
        return Downloaded(mine[episode], None, False, times.finish())

    request = search_pb2.FindReleasesRequest(
        show=show_for_search(details.details),
        episode=episode,
        preferences=search_preferences(preferences, wanted.quality),
    )
    with times.step("search"):
        candidates = await services.find_releases(
            request, deadline.timeout("search", SEARCH_TIMEOUT_S, keep_s=KEEP_FOR_ADD_S)
        )
    if not candidates:  # the service says NO_RELEASE instead, but never trust an empty pick
        raise FlowError(404, "no_release", f"no release of episode {episode} was found")
    pick = candidates[0]
    held = held_episodes(pick, details.details, episode)
    with times.step("add"):
        added = await services.add_torrent(
            add_request(pick, wanted.media_id, episode, held),
            deadline.timeout("add", ADD_TIMEOUT_S),
        )
    return Downloaded(added.torrent, pick, added.created, times.finish())


async def _timed(times: StepTimes, step: str, call: Awaitable[T]) -> T:
    with times.step(step):
        return await call
