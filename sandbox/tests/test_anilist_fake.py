"""The fake AniList over real HTTP answers like graphql.anilist.co (EXTERNAL-APIS.md §2)."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from uuut_sandbox.anilist import DEFAULT_SEED, FakeAniList, World, serve
from uuut_sandbox.anilist.graphql import GraphQLError, parse

SAMPLES = Path("/work/shared/data/anilist")
TOKEN = "token-of-ann"
LIST_QUERY = """query ($userId: Int, $type: MediaType, $status: MediaListStatus) {
  MediaListCollection(userId: $userId, type: $type, status: $status) {
    lists { name isCustomList status entries { id mediaId status progress
      media { id title { romaji english } episodes status nextAiringEpisode { episode } } } } } }"""


class Clock:
    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


def seed() -> dict:
    return {
        "users": [
            {"id": 1, "name": "ann", "tokens": [TOKEN], "customLists": ["Gems"]},
            {"id": 2, "name": "bob", "tokens": ["token-of-bob"], "private": True},
        ],
        "media": [
            {"id": 10, "title": {"romaji": "Ichi"}, "format": "TV", "status": "FINISHED",
             "episodes": 12},
            {"id": 11, "title": {"romaji": "Ni", "english": "Two"}, "format": "TV",
             "status": "RELEASING", "episodes": 12,
             "airing": {"episode": 5, "airs_in_s": 100, "every_s": 1000},
             "relations": [{"relationType": "PREQUEL", "id": 10}]},
            {"id": 12, "title": {"romaji": "San"}, "format": "TV", "status": "FINISHED",
             "episodes": 3},
        ],
        "lists": [
            {"userId": 1, "entries": [
                {"mediaId": 11, "status": "CURRENT", "progress": 2, "customLists": ["Gems"]},
                {"mediaId": 12, "status": "CURRENT", "progress": 1,
                 "customLists": ["Gems"], "hiddenFromStatusLists": True},
                {"mediaId": 10, "status": "PAUSED", "progress": 4},
            ]},
            {"userId": 2, "entries": [{"mediaId": 10, "status": "CURRENT", "progress": 1}]},
        ],
    }  # fmt: skip


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def fake(clock: Clock) -> FakeAniList:
    return FakeAniList(World.from_seed(seed(), clock=clock), rate_limit=5)


@pytest.fixture
async def anilist(fake: FakeAniList) -> AsyncIterator[httpx.AsyncClient]:
    async with serve(fake.app) as url, httpx.AsyncClient(base_url=url) as client:
        yield client


async def ask(client: httpx.AsyncClient, query: str, token: str | None = None, **variables):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return await client.post("/", json={"query": query, "variables": variables}, headers=headers)


async def test_list_collection_has_status_and_custom_lists(anilist) -> None:
    response = await ask(anilist, LIST_QUERY, userId=1, type="ANIME")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    lists = response.json()["data"]["MediaListCollection"]["lists"]
    names = [(group["name"], group["isCustomList"], group["status"]) for group in lists]
    assert names == [
        ("Watching", False, "CURRENT"),
        ("Paused", False, "PAUSED"),
        ("Gems", True, None),
    ]
    watching = lists[0]["entries"]
    assert [e["mediaId"] for e in watching] == [11]  # 12 is hidden from status lists
    assert watching[0]["media"] == {
        "id": 11,
        "title": {"romaji": "Ni", "english": "Two"},
        "episodes": 12,
        "status": "RELEASING",
        "nextAiringEpisode": {"episode": 5},
    }
    assert [e["mediaId"] for e in lists[2]["entries"]] == [11, 12]


async def test_status_argument_filters_every_list(anilist) -> None:
    response = await ask(anilist, LIST_QUERY, userId=1, type="ANIME", status="PAUSED")
    lists = response.json()["data"]["MediaListCollection"]["lists"]
    assert [(g["name"], [e["mediaId"] for e in g["entries"]]) for g in lists] == [("Paused", [10])]


async def test_airing_schedule_follows_the_clock(anilist, clock: Clock) -> None:
    query = """query ($id: Int) { Media(id: $id, type: ANIME) {
        status nextAiringEpisode { episode airingAt timeUntilAiring } } }"""
    first = (await ask(anilist, query, id=11)).json()["data"]["Media"]
    assert first["nextAiringEpisode"]["episode"] == 5
    assert first["nextAiringEpisode"]["timeUntilAiring"] == 100
    clock.now += 100 + 1000 * 2 + 1  # episodes 5, 6, 7 aired
    later = (await ask(anilist, query, id=11)).json()["data"]["Media"]
    assert later["nextAiringEpisode"]["episode"] == 8
    clock.now += 1000 * 5  # 8..12 aired: the show is over
    done = (await ask(anilist, query, id=11)).json()["data"]["Media"]
    assert done == {"status": "FINISHED", "nextAiringEpisode": None}


async def test_relations_and_aliases(anilist) -> None:
    query = """query { show: Media(id: 11) { id relations { edges { relationType(version: 2)
        node { id title { romaji } } } } } }"""
    body = (await ask(anilist, query)).json()
    assert body["data"]["show"]["relations"]["edges"] == [
        {"relationType": "PREQUEL", "node": {"id": 10, "title": {"romaji": "Ichi"}}}
    ]


async def test_bad_token_is_400_invalid_token_on_any_request(anilist) -> None:
    response = await ask(anilist, LIST_QUERY, token="expired", userId=1, type="ANIME")
    assert response.status_code == 400
    sample = json.loads((SAMPLES / "error_invalid_token_http400.json").read_text())
    body = response.json()
    assert list(body) == list(sample) == ["errors", "data"]
    assert body["data"] == sample["data"] == {"MediaListCollection": None}
    assert body["errors"][0]["message"] == "Invalid token"
    assert body["errors"][0]["status"] == 400
    assert response.headers["x-ratelimit-limit"] == "5"


async def test_viewer_names_the_token_owner_and_needs_a_token(anilist) -> None:
    found = await ask(anilist, "query { Viewer { id name } }", token=TOKEN)
    assert found.json() == {"data": {"Viewer": {"id": 1, "name": "ann"}}}
    anonymous = await ask(anilist, "query { Viewer { id name } }")
    assert anonymous.status_code == 401
    sample = json.loads((SAMPLES / "error_viewer_no_token_unauthorized_401.json").read_text())
    body = anonymous.json()
    assert list(body) == list(sample)
    assert body["data"] == sample["data"]
    assert body["errors"][0]["message"] == sample["errors"][0]["message"] == "Unauthorized."


async def test_unknown_ids_and_private_users_are_404(anilist) -> None:
    missing = await ask(anilist, "query { Media(id: 999) { id } }")
    assert missing.status_code == 404
    assert missing.json()["errors"][0]["message"] == "Not Found."
    assert missing.json()["data"] == {"Media": None}
    private = await ask(anilist, LIST_QUERY, userId=2, type="ANIME")
    assert private.status_code == 404
    own = await ask(anilist, LIST_QUERY, token="token-of-bob", userId=2, type="ANIME")
    assert own.status_code == 200


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("query { Media(id: 10) { id nope } }", 'Cannot query field "nope" on type "Media".'),
        ("query { Media(id: 10) { title } }", 'Field "title" of type "MediaTitle" must have'),
        ("query { Media(id: 10) { id { x } } }", 'Field "id" must not have a selection'),
        ("query { Media(id: $id) { id } }", 'Variable "$id" is not defined.'),
        ("query { SaveMediaListEntry(mediaId: 10) { id } }", 'Cannot query field "SaveMedia'),
        ("query { Media(id: 10) { id }", "Syntax Error"),
        ("fragment f on Media { id } query { Media(id: 10) { ...f } }", "Fragments are not"),
    ],
)  # fmt: skip
async def test_documents_it_cannot_run_are_400_graphql_errors(anilist, query, message) -> None:
    response = await ask(anilist, query)
    assert response.status_code == 400
    body = response.json()
    assert body["data"] is None
    assert body["errors"][0]["message"].startswith(message)
    assert body["errors"][0]["status"] == 400


async def test_not_json_and_get_are_refused(anilist) -> None:
    assert (await anilist.post("/", content=b"{nope")).status_code == 400
    assert (await anilist.get("/")).status_code == 400


async def test_mutation_saves_progress_for_the_viewer(anilist, fake: FakeAniList) -> None:
    mutation = """mutation ($mediaId: Int, $progress: Int) {
      SaveMediaListEntry(mediaId: $mediaId, progress: $progress) { id mediaId progress status } }"""
    assert (await ask(anilist, mutation, mediaId=11, progress=3)).status_code == 401
    saved = await ask(anilist, mutation, token=TOKEN, mediaId=11, progress=3)
    assert saved.json()["data"]["SaveMediaListEntry"] == {
        "id": 1,
        "mediaId": 11,
        "progress": 3,
        "status": "CURRENT",
    }
    invalid = await ask(anilist, mutation, token=TOKEN, mediaId=11, progress=-1)
    assert invalid.status_code == 400
    assert invalid.json()["errors"][0]["message"] == "validation"
    assert "progress" in invalid.json()["errors"][0]["validation"]
    listed = await ask(anilist, LIST_QUERY, userId=1, type="ANIME", status="CURRENT")
    entries = listed.json()["data"]["MediaListCollection"]["lists"][0]["entries"]
    assert entries[0]["progress"] == 3
    assert fake.count("SaveMediaListEntry") == 3


async def test_rate_limit_headers_then_429_with_a_one_minute_timeout(anilist, clock) -> None:
    remaining = []
    for _ in range(5):
        response = await ask(anilist, "query { Media(id: 10) { id } }")
        assert response.status_code == 200
        remaining.append(response.headers["x-ratelimit-remaining"])
    assert remaining == ["4", "3", "2", "1", "0"]
    limited = await ask(anilist, "query { Media(id: 10) { id } }")
    assert limited.status_code == 429
    assert limited.headers["retry-after"] == "60"
    assert limited.headers["x-ratelimit-remaining"] == "0"
    assert int(limited.headers["x-ratelimit-reset"]) == int(clock.now) + 60
    sample = json.loads((SAMPLES / "error_rate_limited_http429.json").read_text())
    assert limited.json() == sample
    clock.now += 30
    still = await ask(anilist, "query { Media(id: 10) { id } }")
    assert (still.status_code, still.headers["retry-after"]) == (429, "30")
    clock.now += 31
    assert (await ask(anilist, "query { Media(id: 10) { id } }")).status_code == 200


async def test_injected_faults(anilist, fake: FakeAniList) -> None:
    fake.fail_next(502)
    failed = await ask(anilist, "query { Media(id: 10) { id } }")
    assert failed.status_code == 502
    assert failed.headers["content-type"].startswith("text/html")
    assert "x-ratelimit-limit" in failed.headers
    fake.delay_next(0.2)
    slow = await anilist.post("/", json={"query": "{ Media(id: 10) { id } }"}, timeout=5)
    assert slow.status_code == 200


def test_the_default_seed_loads_and_links_the_demo_user() -> None:
    world = World.from_file(DEFAULT_SEED)
    demo = world.user_for_token("sandbox-anilist-token-demo")
    assert demo is not None and demo["name"] == "uuudemo"
    current = [e for e in world.entries.values() if e["userId"] == demo["id"]]
    assert sum(e["status"] == "CURRENT" for e in current) >= 4


def test_parser_reads_variables_defaults_and_literals() -> None:
    (operation,) = parse(
        'query Named($a: Int = 3, $b: [MediaListStatus!]) { Media(id: $a, search: "x\\"y", '
        "sort: [ID_DESC], isAdult: false) { id } }"
    )
    assert operation.name == "Named"
    assert operation.variables["a"] == ("Int", 3)
    assert operation.variables["b"] == ("[MediaListStatus!]", None)
    field = operation.selections[0]
    assert field.arguments["search"] == 'x"y'
    with pytest.raises(GraphQLError):
        parse("query { Media(id: 1) { id } ")
