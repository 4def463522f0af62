"""Catch up: queue every aired, unwatched episode the caller does not own yet, for one show or
for the whole CURRENT list.

Each episode succeeds or fails on its own (a failure is reported, never fatal to the others).
When a season has finished and the best batch holds several wanted episodes, that one batch
is taken for all of them. Episodes the caller already owns (a batch counts for each episode
it holds) are left out, so a second call queues nothing new.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Sequence
from dataclasses import dataclass, field

from uuut_gateway.flows.download import (
    ADD_TIMEOUT_S,
    ANILIST_TIMEOUT_S,
    INTERNAL_TIMEOUT_S,
    KEEP_FOR_ADD_S,
    SEARCH_TIMEOUT_S,
)
from uuut_gateway.flows.episodes import (
    add_request,
    held_episodes,
    owned_episodes,
    search_preferences,
    season_finished,
    show_for_search,
    wanted_episodes,
)
from uuut_gateway.flows.errors import FlowError
from uuut_gateway.flows.ports import Services
from uuut_gateway.flows.timing import Deadline, catch_up_episodes, catch_up_seconds
from uuutorrent.auth.v1 import auth_pb2
from uuutorrent.search.v1 import search_pb2
from uuutorrent.torrent.v1 import torrent_pb2
from uuutorrent.watchlist.v1 import watchlist_pb2

# Searches queue for Nyaa's rate limit in the search service: a whole list takes a while, but
# one request must end. What is not tried in time is reported, to be caught up next time.
CATCH_UP_BUDGET_S = 120.0
# A long runner far behind (a 1000-episode show) is caught up a slice per call.
MAX_EPISODES_PER_SHOW = 24
SHOWS_AT_ONCE = 2
DETAILS_AT_ONCE = 4


@dataclass(frozen=True)
class Queued:
    media_id: int
    episode: int
    torrent: torrent_pb2.Torrent


@dataclass(frozen=True)
class Missed:
    media_id: int
    episode: int
    detail: str


@dataclass
class CaughtUp:
    queued: list[Queued] = field(default_factory=list)
    not_found: list[Missed] = field(default_factory=list)

    def extend(self, other: CaughtUp) -> None:
        self.queued += other.queued
        self.not_found += other.not_found


async def catch_up(
    services: Services, media_id: int | None = None, *, budget_s: float = CATCH_UP_BUDGET_S
) -> CaughtUp:
    started = time.perf_counter()
    deadline = Deadline(budget_s)
    owned, preferences = await asyncio.gather(
        services.owned_torrents(deadline.timeout("owned", INTERNAL_TIMEOUT_S)),
        services.preferences(deadline.timeout("preferences", INTERNAL_TIMEOUT_S)),
    )
    if media_id is not None:
        details = await services.media(media_id, deadline.timeout("details", ANILIST_TIMEOUT_S))
        plans: list[_Plan] = [_Plan(details.entry, details)]
    else:
        entries = await services.current_list(deadline.timeout("watchlist", ANILIST_TIMEOUT_S))
        plans = await _plans(services, entries, owned, deadline)
    gate = asyncio.Semaphore(SHOWS_AT_ONCE)

    async def one(plan: _Plan) -> CaughtUp:
        async with gate:
            return await plan.run(services, owned, preferences, deadline)

    result = CaughtUp()
    for part in await asyncio.gather(*(one(plan) for plan in plans)):
        result.extend(part)
    catch_up_seconds.observe(time.perf_counter() - started)
    catch_up_episodes.labels("queued").inc(len(result.queued))
    catch_up_episodes.labels("not_found").inc(len(result.not_found))
    return result


async def _plans(
    services: Services,
    entries: Sequence[watchlist_pb2.WatchlistEntry],
    owned: Sequence[torrent_pb2.Torrent],
    deadline: Deadline,
) -> list[_Plan]:
    """A plan per show that is behind; its details asked only for those (AniList is slow)."""
    behind = [
        e for e in entries if set(wanted_episodes(e)) - set(owned_episodes(owned, e.media_id))
    ]
    gate = asyncio.Semaphore(DETAILS_AT_ONCE)

    async def plan(entry: watchlist_pb2.WatchlistEntry) -> _Plan:
        async with gate:
            try:
                timeout = deadline.timeout("details", ANILIST_TIMEOUT_S)
                return _Plan(entry, await services.media(entry.media_id, timeout))
            except FlowError as error:
                return _Plan(entry, None, error.detail)

    return list(await asyncio.gather(*(plan(e) for e in behind)))


@dataclass
class _Plan:
    """One show to catch up: its entry, and its details unless they could not be had."""

    entry: watchlist_pb2.WatchlistEntry
    details: watchlist_pb2.GetMediaDetailsResponse | None
    failure: str = ""

    async def run(
        self,
        services: Services,
        owned: Sequence[torrent_pb2.Torrent],
        preferences: auth_pb2.Preferences,
        deadline: Deadline,
    ) -> CaughtUp:
        media_id = self.entry.media_id
        mine = owned_episodes(owned, media_id)
        wanted = [e for e in wanted_episodes(self.entry) if e not in mine]
        result = CaughtUp()
        if self.details is None:
            result.not_found = [Missed(media_id, e, self.failure) for e in wanted]
            return result
        later = wanted[MAX_EPISODES_PER_SHOW:]
        result.not_found = [
            Missed(
                media_id,
                e,
                f"not tried: at most {MAX_EPISODES_PER_SHOW} episodes of a show "
                "per catch-up; catch up again for the rest",
            )
            for e in later
        ]
        await _episodes(
            services, self.details, wanted[:MAX_EPISODES_PER_SHOW], preferences, deadline, result
        )
        return result


async def _episodes(
    services: Services,
    details: watchlist_pb2.GetMediaDetailsResponse,
    wanted: list[int],
    preferences: auth_pb2.Preferences,
    deadline: Deadline,
    result: CaughtUp,
) -> None:
    """Search and add, lowest episode first; what a batch holds is done with it."""
    media_id = details.entry.media_id
    finished = season_finished(details)
    show = show_for_search(details.details)
    wanted_preferences = search_preferences(preferences, None)
    remaining = list(wanted)
    while remaining:
        episode = remaining[0]
        covered = [episode]
        try:
            request = search_pb2.FindReleasesRequest(
                show=show, episode=episode, preferences=wanted_preferences
            )
            candidates = await services.find_releases(
                request, deadline.timeout("search", SEARCH_TIMEOUT_S, keep_s=KEEP_FOR_ADD_S)
            )
            if not candidates:
                raise FlowError(404, "no_release", f"no release of episode {episode} was found")
            pick = _choose(candidates, details.details, remaining, finished)
            held = held_episodes(pick, details.details, episode)
            covered = [e for e in remaining if e in held]
            added = await services.add_torrent(
                add_request(pick, media_id, episode, held),
                deadline.timeout("add", ADD_TIMEOUT_S),
            )
            result.queued += [Queued(media_id, e, added.torrent) for e in covered]
        except FlowError as error:
            result.not_found += [Missed(media_id, e, error.detail) for e in covered]
        remaining = [e for e in remaining if e not in covered]


def _choose(
    candidates: Sequence[search_pb2.Candidate],
    details: watchlist_pb2.MediaDetails,
    remaining: list[int],
    finished: bool,
) -> search_pb2.Candidate:
    """The best batch holding several wanted episodes of a finished season, else the pick."""
    if finished and len(remaining) > 1:
        wanted = set(remaining)
        for candidate in candidates:  # best first
            held = held_episodes(candidate, details, remaining[0])
            if candidate.parsed.batch and len(held & wanted) > 1:
                return candidate
    return candidates[0]
