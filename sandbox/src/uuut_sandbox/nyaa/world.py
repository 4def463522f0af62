"""The fake Nyaa's releases: real titles from titles.txt plus generated decoys, deterministic.

Decoys are what makes picking hard on the real site: the same episode at other resolutions,
the previous episode, and the v1 that a v2 replaced (with more seeders, as it had more time).
Counts, sizes, dates and flags come from a random generator seeded by the title, so every run
(and every test) sees the same site.
"""

from __future__ import annotations

import hashlib
import random
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from uuut_sandbox.nyaa.torrents import info_hash

TITLES = Path(__file__).with_name("titles.txt")
FIRST_ID = 1_900_000
NEWEST = 1_767_225_600  # 2026-01-01T00:00:00Z: the newest release's date
CATEGORY_NAMES = {
    "1_1": "Anime - Anime Music Video",
    "1_2": "Anime - English-translated",
    "1_3": "Anime - Non-English-translated",
    "1_4": "Anime - Raw",
}
# The sandbox's torrents hold 1/1024 of what the feed advertises (an episode is ~1.4 MiB, not
# ~1.4 GiB): what the feed says stays realistic, and a download finishes in seconds.
CONTENT_SCALE = 1024
MIN_CONTENT = 64 * 1024
TRUSTED_GROUPS = {"subsplease", "erai-raws", "asw", "judas", "ember", "yameii", "toonshub", "dkb"}

_RESOLUTION = re.compile(r"1080p", re.I)
_EPISODE = re.compile(r" - (\d{2,4})(v\d)?(?=[ .\[(]|$)")
_VERSION = re.compile(r"(?<=\d)v(\d)")
_NON_ENGLISH = re.compile(r"arabic|vostfr|pt-br|简|繁|字幕|\bsub\.fr\b|mandarin|cantonese", re.I)
_RAW_GROUP = re.compile(r"^\[[^\]]*raws\]", re.I)


@dataclass(frozen=True)
class Release:
    """One torrent on the fake site."""

    id: int
    title: str
    size: int
    seeders: int
    leechers: int
    downloads: int
    published: int  # unix seconds
    category_id: str
    trusted: bool
    remake: bool
    comments: int = 0

    @property
    def file_name(self) -> str:
        name = self.title.replace("/", "-")
        return name if re.search(r"\.(mkv|mp4|avi)$", name) else f"{name}.mkv"

    @property
    def content_size(self) -> int:
        """Bytes its .torrent really holds: the advertised size scaled down (CONTENT_SCALE),
        so the sandbox's seeder serves a whole season in seconds without storing anything."""
        return max(MIN_CONTENT, self.size // CONTENT_SCALE)

    @cached_property
    def info_hash(self) -> str:
        return info_hash(self.file_name, self.content_size)

    @property
    def category(self) -> str:
        return CATEGORY_NAMES.get(self.category_id, "???")


def _rng(title: str) -> random.Random:
    return random.Random(hashlib.sha256(title.encode()).digest())


def _category(title: str) -> str:
    if _RAW_GROUP.match(title) and not title.lower().startswith("[erai-raws]"):
        return "1_4"
    if _NON_ENGLISH.search(title):
        return "1_3"
    return "1_2"


def _size(title: str, rng: random.Random) -> int:
    lowered = title.lower()
    per_episode = 1_400 if "1080" in lowered else 700 if "720" in lowered else 350
    if "2160" in lowered or "4k" in lowered:
        per_episode = 4_000
    batch = re.search(r"batch|complete|season \d\)|\bs\d\d\b|\b\d+-\d+\b|\d+ ?~ ?\d+", lowered)
    episodes = 12 if batch else 1
    return int(per_episode * episodes * rng.uniform(0.6, 1.4) * 1024 * 1024)


def decoys(title: str) -> list[str]:
    """Other releases a real search for this title would also find."""
    found = []
    if _RESOLUTION.search(title):
        found.append(_RESOLUTION.sub("720p", title))
        if title.startswith("[SubsPlease]"):
            found.append(_RESOLUTION.sub("480p", title))
    episode = _EPISODE.search(title)
    if episode and int(episode.group(1)) > 1:
        previous = str(int(episode.group(1)) - 1).zfill(len(episode.group(1)))
        found.append(title[: episode.start(1)] + previous + title[episode.end() :])
    if _VERSION.search(title):
        found.append(_VERSION.sub("", title, count=1))
    return found


def _older_version(name: str, names: set[str]) -> bool:
    """Whether a v2 (or later) of this release is on the site too."""
    episode = _EPISODE.search(name)
    if not episode or episode.group(2):
        return False
    return any(f"{name[: episode.end(1)]}v{n}{name[episode.end(1) :]}" in names for n in (2, 3))


def build(titles: Iterable[str]) -> list[Release]:
    """Releases for these titles and their decoys, newest (highest id) first."""
    names: list[str] = []
    seen: set[str] = set()
    for title in titles:
        for name in (title, *decoys(title)):
            if name and name not in seen:
                seen.add(name)
                names.append(name)
    releases = []
    published = NEWEST
    for index, name in enumerate(names):
        rng = _rng(name)
        published -= rng.randint(60, 7200)
        group = name[1 : name.find("]")].lower() if name.startswith("[") else ""
        seeders = int(rng.paretovariate(1.2) * 8)
        if _older_version(name, seen):
            seeders = seeders * 3 + 50  # out longer than the v2 that replaced it
        releases.append(
            Release(
                id=FIRST_ID - index,
                title=name,
                size=_size(name, rng),
                seeders=seeders,
                leechers=int(seeders * rng.uniform(0.02, 0.3)),
                downloads=int(seeders * rng.uniform(3, 30)),
                published=published,
                category_id=_category(name),
                trusted=group in TRUSTED_GROUPS,
                remake=rng.random() < 0.03,
                comments=rng.randint(0, 5),
            )
        )
    return releases


def seed(path: Path = TITLES) -> list[Release]:
    """The default site: every line of titles.txt and its decoys."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return build(line.strip() for line in lines if line.strip())
