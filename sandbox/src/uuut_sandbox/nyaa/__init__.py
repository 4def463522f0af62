"""A fake nyaa.si: RSS search and .torrent downloads over real HTTP, seeded with real titles."""

from uuut_sandbox.nyaa.app import FakeNyaa
from uuut_sandbox.nyaa.world import Release, build, seed

__all__ = ["FakeNyaa", "Release", "build", "seed"]
