"""Rules 2 and 3 of the pick: newer versions replace older ones, then a careful fan's order.

2. A v2/v3 (or REPACK/PROPER) from the same group at the same resolution, for the same
   episodes, replaces the older release, even with fewer seeders.
3. Then, best first: the asked resolution, else the closest higher one, else unknown, else the
   closest lower one; a single episode before a batch; English subtitles before dubs before
   other languages and raws; not a remake before a remake; trusted before untrusted; the
   caller's preferred groups in their order; most seeders (then most downloads, newest).

`score` orders candidates exactly as these rules do (higher is better); `reasons` say why.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from uuut_search.feed import NyaaItem
from uuut_search.release_name import Language, ReleaseName
from uuut_search.titles import fold

DEFAULT_QUALITY = 1080
_LADDER = (480, 720, 1080, 2160)
_LANGUAGE_WORDS = {
    Language.ENGLISH_SUBS: "English subtitles",
    Language.DUB: "dubbed",
    Language.OTHER: "another language",
    Language.RAW: "raw (no subtitles)",
}


@dataclass(slots=True)
class Candidate:
    """A release under consideration, with what we read and why it ranks where it does."""

    item: NyaaItem
    name: ReleaseName
    reasons: list[str] = field(default_factory=list)
    score: float = 0.0
    holds_episode: bool = True


def _step(resolution: int) -> int:
    return min(range(len(_LADDER)), key=lambda i: abs(_LADDER[i] - resolution))


def resolution_rank(resolution: int | None, wanted: int) -> tuple[int, str]:
    """0..100, higher is better, and the words for it."""
    if resolution is None:
        return 50, "resolution not stated"
    if resolution == wanted:
        return 100, f"{resolution}p as asked"
    distance = abs(_step(resolution) - _step(wanted)) or 1
    if resolution > wanted:
        return 90 - distance, f"{resolution}p, the closest higher than {wanted}p"
    return 40 - distance, f"{resolution}p, lower than {wanted}p"


def version_key(name: ReleaseName) -> tuple[int, bool]:
    return (name.version or 1, name.repack)


def _release_key(name: ReleaseName) -> tuple[object, ...] | None:
    """What makes two releases the same release in different versions."""
    if not name.group:
        return None
    episodes = name.episode_range or name.episode
    return (fold(name.group), name.resolution, episodes, name.seasons, fold(name.title))


def drop_superseded(candidates: Iterable[Candidate]) -> list[Candidate]:
    """Rule 2: keep only the newest version of each group's release."""
    kept: list[Candidate] = []
    newest: dict[tuple[object, ...], Candidate] = {}
    for candidate in candidates:
        key = _release_key(candidate.name)
        if key is None:
            kept.append(candidate)
            continue
        other = newest.get(key)
        if other is None:
            newest[key] = candidate
        elif version_key(candidate.name) > version_key(other.name):
            candidate.reasons.append(_replaces(candidate, other))
            newest[key] = candidate
        elif version_key(candidate.name) < version_key(other.name):
            other.reasons.append(_replaces(other, candidate))
        else:
            newest[key] = max(other, candidate, key=lambda c: c.item.seeders)
    return kept + list(newest.values())


def _replaces(newer: Candidate, older: Candidate) -> str:
    def label(name: ReleaseName) -> str:
        return "REPACK" if name.repack and not name.version else f"v{name.version or 1}"

    return f"{label(newer.name)} replaces {label(older.name)} of the same release"


def rank(
    candidates: Sequence[Candidate],
    *,
    quality: int | None,
    groups: Sequence[str] = (),
    episode_first: bool = False,
) -> list[Candidate]:
    """Rule 3: score every candidate and sort best first."""
    wanted = quality or DEFAULT_QUALITY
    preferred = [fold(g) for g in groups if fold(g)]
    for candidate in candidates:
        _score(candidate, wanted, preferred, episode_first)
    return sorted(
        candidates,
        key=lambda c: (c.score, c.item.downloads, c.item.published_at),
        reverse=True,
    )


def _score(candidate: Candidate, wanted: int, preferred: list[str], episode_first: bool) -> None:
    name, item = candidate.name, candidate.item
    reasons = candidate.reasons
    resolution, words = resolution_rank(name.resolution, wanted)
    reasons.append(words)
    single = 0 if name.batch else 1
    reasons.append("batch" if name.batch else "single episode")
    language = 3 - int(name.language)
    reasons.append(_LANGUAGE_WORDS[name.language])
    not_remake = 0 if item.remake else 1
    if item.remake:
        reasons.append("marked remake")
    trusted = 1 if item.trusted else 0
    reasons.append("trusted uploader" if item.trusted else "not trusted")
    group = fold(name.group or "")
    favourite = len(preferred) - preferred.index(group) if group in preferred else 0
    if favourite:
        reasons.append(f"preferred group {name.group}")
    reasons.append(f"{item.seeders} seeders")
    holds = 1 if candidate.holds_episode or not episode_first else 0
    # Mixed radix: each rule only breaks ties of the rules before it.
    value = 0
    for digit, base in (
        (holds, 2),
        (resolution, 101),
        (single, 2),
        (language, 4),
        (not_remake, 2),
        (trusted, 2),
        (favourite, len(preferred) + 1),
    ):
        value = value * base + digit
    candidate.score = value + item.seeders / (item.seeders + 100)
