"""Builds the watchlist service's runtime: database, token vault, AniList client, servicer."""

from __future__ import annotations

from functools import partial
from pathlib import Path

import httpx

from uuut_kit.db import Database, open_database
from uuut_kit.server import GrpcService, ServiceRuntime, keys_published
from uuut_watchlist import metrics
from uuut_watchlist.anilist.api import AniList
from uuut_watchlist.anilist.transport import AniListTransport, CallPolicy
from uuut_watchlist.breaker import CircuitBreaker
from uuut_watchlist.cache import TtlCache
from uuut_watchlist.config import SERVICE, WatchlistSettings
from uuut_watchlist.limiter import RequestLimiter
from uuut_watchlist.repository import LinkRepository
from uuut_watchlist.service import WatchlistService
from uuut_watchlist.servicer import WatchlistServicer
from uuut_watchlist.vault import TokenVault
from uuut_watchlist.vault_upgrade import upgrade_legacy_keys
from uuutorrent.watchlist.v1 import watchlist_pb2, watchlist_pb2_grpc

MIGRATIONS = Path(__file__).parent / "migrations"
FULL_NAME = watchlist_pb2.DESCRIPTOR.services_by_name["WatchlistService"].full_name
_CACHED_LISTS = 10_000
_CACHED_MEDIA = 5_000


def build_service(
    settings: WatchlistSettings, database: Database, http: httpx.AsyncClient
) -> WatchlistService:
    """The domain service with its AniList client, limiter, breaker and caches."""
    transport = AniListTransport(
        settings.anilist_url,
        http,
        RequestLimiter(settings.anilist_requests_per_minute, 60.0),
        CircuitBreaker(
            settings.anilist_breaker_failures,
            settings.anilist_breaker_reset_s,
            on_change=lambda state: metrics.circuit_state.set(state.value),
        ),
        CallPolicy(
            budget_s=settings.anilist_budget_s,
            attempt_timeout_s=settings.anilist_attempt_timeout_s,
            retries=settings.anilist_retries,
            backoff_s=settings.anilist_backoff_s,
            max_limiter_wait_s=settings.anilist_max_limiter_wait_s,
        ),
    )
    return WatchlistService(
        LinkRepository(database),
        TokenVault.open(settings.token_keys),
        AniList(transport),
        list_cache=TtlCache(settings.list_cache_s, _CACHED_LISTS),
        prequel_cache=TtlCache(settings.media_cache_s, _CACHED_MEDIA),
        client_id=settings.anilist_client_id,
        authorize_endpoint=settings.anilist_authorize_url,
    )


async def build(settings: WatchlistSettings) -> ServiceRuntime:
    database = await open_database(settings.service_database_url, SERVICE, MIGRATIONS)
    try:  # before the vault opens the ring: it cannot use AES-256-GCM keys
        await upgrade_legacy_keys(settings.service_database_url, SERVICE, settings.token_keys)
    except BaseException:
        await database.close()
        raise
    http = httpx.AsyncClient(
        headers={"User-Agent": "UUUTorrent watchlist"},
        limits=httpx.Limits(max_connections=20, max_keepalive_connections=10),
        follow_redirects=False,
    )
    servicer = WatchlistServicer(build_service(settings, database, http))
    return ServiceRuntime(
        name=SERVICE,
        settings=settings,
        services=[
            GrpcService(
                FULL_NAME,
                partial(watchlist_pb2_grpc.add_WatchlistServiceServicer_to_server, servicer),
            )
        ],
        checks={"database": database.ping, "keys": keys_published(settings.jwks_path)},
        on_stop=[http.aclose, database.close],
    )
