"""Builds the search service's runtime: database, Nyaa client, servicer, readiness."""

from __future__ import annotations

from functools import partial
from pathlib import Path

from uuut_kit.db import open_database
from uuut_kit.server import GrpcService, ServiceRuntime, keys_published
from uuut_search.config import SERVICE, SearchSettings
from uuut_search.nyaa import NyaaClient
from uuut_search.service import SearchService
from uuut_search.servicer import SearchServicer
from uuutorrent.search.v1 import search_pb2, search_pb2_grpc

MIGRATIONS = Path(__file__).parent / "migrations"
FULL_NAME = search_pb2.DESCRIPTOR.services_by_name["SearchService"].full_name


async def build(settings: SearchSettings) -> ServiceRuntime:
    database = await open_database(settings.service_database_url, SERVICE, MIGRATIONS)
    nyaa = NyaaClient(settings.nyaa_options())
    servicer = SearchServicer(SearchService(nyaa, budget_s=settings.search_budget_s))
    return ServiceRuntime(
        name=SERVICE,
        settings=settings,
        services=[
            GrpcService(
                FULL_NAME, partial(search_pb2_grpc.add_SearchServiceServicer_to_server, servicer)
            )
        ],
        # Readiness never asks Nyaa: an outage there must not take the service out.
        checks={"database": database.ping, "keys": keys_published(settings.jwks_path)},
        on_stop=[nyaa.close, database.close],
    )
