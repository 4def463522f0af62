"""Fixtures of the watchlist tests: a fake AniList on a real port, the real service over gRPC."""

from __future__ import annotations

import itertools
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest

from uuut_kit.channels import create_channel
from uuut_kit.server import ServiceRuntime
from uuut_kit.testing import SigningKey
from uuut_sandbox.anilist import FakeAniList, World, serve
from uuut_watchlist.config import WatchlistSettings
from uuut_watchlist.server import build
from uuutorrent.watchlist.v1 import watchlist_pb2_grpc

ANN, BOB = 100, 200
ANN_TOKEN, ANN_OTHER_TOKEN, BOB_TOKEN = "ann-token", "ann-second-device-token", "bob-token"
HOUR = 3600


class Clock:
    """Wall-clock seconds the tests move by hand."""

    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


def media(id: int, romaji: str, **fields: Any) -> dict[str, Any]:
    return {"id": id, "title": {"romaji": romaji}, "format": "TV", **fields}


def seed() -> dict[str, Any]:
    """Ann's list has one anime of every kind the contract talks about."""
    return {
        "users": [
            {"id": ANN, "name": "ann", "tokens": [ANN_TOKEN, ANN_OTHER_TOKEN]},
            {"id": BOB, "name": "bob", "tokens": [BOB_TOKEN], "private": True},
        ],
        "media": [
            media(1, "Airing", status="RELEASING", episodes=12, season="FALL", seasonYear=2026,
                  synonyms=["Airing Show"],
                  title={"romaji": "Airing", "english": "Airing EN", "native": "放送中"},
                  coverImage={"large": "https://img.example/1.jpg"},
                  airing={"episode": 5, "airs_in_s": HOUR, "every_s": 7 * 24 * HOUR},
                  relations=[{"relationType": "PREQUEL", "id": 20},
                             {"relationType": "SIDE_STORY", "id": 23}]),
            media(2, "Finished", status="FINISHED", episodes=24),
            media(3, "Long Runner", status="RELEASING", episodes=None,
                  airing={"episode": 1101, "airs_in_s": HOUR}),
            media(4, "Upcoming", status="NOT_YET_RELEASED", episodes=12,
                  airing={"episode": 1, "airs_in_s": 10 * 24 * HOUR},
                  relations=[{"relationType": "PREQUEL", "id": 27}]),
            media(5, "Only In Custom", status="FINISHED", episodes=6),
            media(6, "Paused Show", status="FINISHED", episodes=12),
            media(7, "Planned Show", status="NOT_YET_RELEASED", episodes=None),
            media(8, "Completed Show", status="FINISHED", episodes=10),
            media(9, "On Hiatus", status="HIATUS", episodes=24),
            media(10, "Cancelled", status="CANCELLED", episodes=8),
            media(11, "Announced", status="NOT_YET_RELEASED", episodes=None),
            media(20, "Airing Season 3", status="FINISHED", episodes=12, seasonYear=2024,
                  relations=[{"relationType": "PREQUEL", "id": 21},
                             {"relationType": "PREQUEL", "id": 22}]),
            media(21, "Airing Season 2", status="FINISHED", episodes=13, seasonYear=2022,
                  relations=[{"relationType": "PREQUEL", "id": 24}]),
            media(22, "Airing Movie", status="FINISHED", episodes=1, format="MOVIE",
                  seasonYear=2023),
            media(23, "Airing Special", status="FINISHED", episodes=1, format="SPECIAL"),
            media(24, "Airing Season 1", status="FINISHED", episodes=11, seasonYear=2020,
                  relations=[{"relationType": "PREQUEL", "id": 25}]),
            media(25, "Airing Pilot", status="FINISHED", episodes=10, format="ONA",
                  seasonYear=2019),
            media(27, "Upcoming Prequel", status="RELEASING", episodes=None),
        ],
        "lists": [
            {"userId": ANN, "entries": [
                {"mediaId": 1, "status": "CURRENT", "progress": 2, "customLists": ["Fav"]},
                {"mediaId": 2, "status": "CURRENT", "progress": 10},
                {"mediaId": 3, "status": "CURRENT", "progress": 1099},
                {"mediaId": 4, "status": "CURRENT", "progress": 0},
                {"mediaId": 5, "status": "CURRENT", "progress": 1, "customLists": ["Fav"],
                 "hiddenFromStatusLists": True},
                {"mediaId": 6, "status": "PAUSED", "progress": 3, "customLists": ["Fav"]},
                {"mediaId": 7, "status": "PLANNING", "progress": 0},
                {"mediaId": 8, "status": "COMPLETED", "progress": 10},
                {"mediaId": 9, "status": "CURRENT", "progress": 4},
                {"mediaId": 10, "status": "CURRENT", "progress": 8},
                {"mediaId": 11, "status": "CURRENT", "progress": 0},
            ]},
            {"userId": BOB, "entries": [{"mediaId": 2, "status": "CURRENT", "progress": 1}]},
        ],
    }  # fmt: skip


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def fake(clock: Clock) -> FakeAniList:
    return FakeAniList(World.from_seed(seed(), clock=clock), rate_limit=30)


@pytest.fixture
async def anilist_url(fake: FakeAniList) -> AsyncIterator[str]:
    async with serve(fake.app) as url:
        yield url


@pytest.fixture(scope="session")
async def database_url(database_url_for) -> str:  # type: ignore[no-untyped-def]
    """One watchlist schema for the session: tests use user ids of their own."""
    return await database_url_for("watchlist")


_user_ids = itertools.count(1000)


@pytest.fixture
def new_user() -> Callable[[], int]:
    """A user id no other test used."""
    return lambda: next(_user_ids)


@pytest.fixture
def key(tmp_path: Path) -> SigningKey:
    key = SigningKey()
    key.publish(tmp_path / "keys" / "jwks.json")
    return key


def settings_for(tmp_path: Path, database_url: str, **overrides: Any) -> WatchlistSettings:
    values: dict[str, Any] = {
        "data_dir": tmp_path,
        "grpc_port": 0,
        "ops_port": 0,
        "shutdown_grace_s": 1,
        "service_database_url": database_url,
        "anilist_budget_s": 3.0,
        "anilist_attempt_timeout_s": 1.0,
        "anilist_backoff_s": 0.01,
        "anilist_breaker_failures": 3,
    }
    values.update(overrides)
    return WatchlistSettings(_env_file=None, **values)  # type: ignore[call-arg]


StartService = Callable[..., Awaitable[watchlist_pb2_grpc.WatchlistServiceStub]]


@pytest.fixture
async def start_service(
    tmp_path: Path, database_url: str, anilist_url: str, key: SigningKey
) -> AsyncIterator[StartService]:
    """`stub = await start_service(**settings)`: the real service on a free port."""
    runtimes: list[ServiceRuntime] = []
    channels = []

    async def start(**overrides: Any) -> watchlist_pb2_grpc.WatchlistServiceStub:
        overrides.setdefault("anilist_url", anilist_url)
        runtime = await build(settings_for(tmp_path, database_url, **overrides))
        await runtime.start()
        runtimes.append(runtime)
        channel = create_channel(f"127.0.0.1:{runtime.grpc_port}")
        channels.append(channel)
        return watchlist_pb2_grpc.WatchlistServiceStub(channel)

    yield start
    for channel in channels:
        await channel.close()
    for runtime in runtimes:
        await runtime.stop()


@pytest.fixture
async def stub(start_service: StartService) -> watchlist_pb2_grpc.WatchlistServiceStub:
    return await start_service()


@pytest.fixture
def as_user(key: SigningKey) -> Callable[[int], tuple[tuple[str, str], ...]]:
    """gRPC metadata carrying an access token of that user."""
    return lambda user_id: (("authorization", f"Bearer {key.sign(sub=str(user_id))}"),)
