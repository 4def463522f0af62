"""A local stand-in for AniList's GraphQL API (graphql.anilist.co), for tests and the demo.

    world = World.from_file(DEFAULT_SEED)
    fake = FakeAniList(world)
    async with serve(fake.app) as url: ...   # UUUT_ANILIST_URL=url

Services never import this package: they only know AniList's URL.
"""

from pathlib import Path

from uuut_sandbox.anilist.app import FakeAniList, Fault, RecordedRequest
from uuut_sandbox.anilist.server import serve
from uuut_sandbox.anilist.world import World

DEFAULT_SEED = Path(__file__).parent / "seed.json"

__all__ = ["DEFAULT_SEED", "FakeAniList", "Fault", "RecordedRequest", "World", "serve"]
