"""Reading a release name: group, title, season, episode or batch range, version, resolution.

Which parser, and why. We measured anitopy 2.1.1, aniparse 2.0.0 and guessit 3.8 raw on 90
labelled real names (tests/data/labelled_titles.tsv, `eval/compare_parsers.py`):

    parser    season episodes resolution group version  all right  ms/name
    anitopy     96%      96%        98%   93%     99%       83%      1.3
    aniparse    90%      94%        97%   97%    100%       80%      2.0
    guessit     83%      87%        99%   73%     96%       56%     14.1

We build on **anitopy** (the Python port of Anitomy, the parser Taiga uses): it reads episodes
and seasons best, it is deterministic and rule-based (aniparse is probabilistic and drops
subtitles such as "Season 2: Arise from the Shadow" from titles, which tell sequels apart), has
no dependencies and is fast. guessit is a film/TV-scene parser: it reads "Naruto Shippuuden -
372" as S3E72, "86 - Eighty Six" as episode 86 and "Season 2 - 11" as seasons 2 to 11.

anitopy gives us the title and the group; our own rules below decide season, episode, ranges,
version and resolution, because anitopy misses "1143v2", "01 ~ 12", "S01E01-E08", "III" and
alternative titles after "|" or "/". Parsing never raises: any string gives a ReleaseName.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, field
from enum import IntEnum

import anitopy

from uuut_search.titles import fold, readings

MAX_NAME = 400  # Nyaa's display names are shorter; longer input is cut, never rejected.


class Language(IntEnum):
    """What a viewer gets, in the order a fan who reads English subtitles prefers."""

    ENGLISH_SUBS = 0
    DUB = 1
    OTHER = 2
    RAW = 3


@dataclass(frozen=True, slots=True)
class ReleaseName:
    """What a release name says."""

    name: str
    title: str
    alt_titles: tuple[str, ...] = ()
    group: str | None = None
    seasons: tuple[int, ...] = ()
    part: int | None = None
    final: bool = False
    episode: int | None = None
    episode_range: tuple[int, int] | None = None
    alt_episode: int | None = None
    special: bool = False
    version: int | None = None
    repack: bool = False
    resolution: int | None = None
    source: str | None = None
    language: Language = Language.ENGLISH_SUBS
    movie: bool = False
    tags: frozenset[str] = field(default_factory=frozenset)

    @property
    def season(self) -> int | None:
        return self.seasons[0] if len(self.seasons) == 1 else None

    @property
    def batch(self) -> bool:
        """Several episodes, or a whole season or show."""
        if self.episode_range is not None:
            return True
        return self.episode is None and not self.special and not self.movie

    @property
    def titles(self) -> tuple[str, ...]:
        return tuple(t for t in (self.title, *self.alt_titles) if t)


_EXTENSION = re.compile(r"\.(mkv|mp4|avi|rmvb|wmv|ts|m2ts|7z|zip|rar|torrent)$", re.I)
_LEADING_GROUP = re.compile(r"^\s*[\[{【]([^\]}】]{1,60})[\]}】]")
_SCENE_GROUP = re.compile(r"-([A-Za-z0-9]{2,20})(?=\s*(?:\(|\[|$))")
_CHECKSUM = re.compile(r"[\[(]([0-9A-Fa-f]{8})[\])]")
_BRACKETS = re.compile(r"[\[(【{][^\])】}]*[\])】}]")

_RES_P = re.compile(r"(?<![\dx\u00d7])(\d{3,4})\s?[pPiI](?![a-zA-Z])")
_RES_WXH = re.compile(r"(?<!\d)(\d{3,4})\s?[x\u00d7]\s?(\d{3,4})(?!\d)")
_RES_WORDS = {"4k": 2160, "uhd": 2160, "2160": 2160, "fhd": 1080}

_SXXEXX = re.compile(
    r"\bS(\d{1,2})\s?E(\d{1,4})(?:v(\d))?(?:\s?[-~]\s?E?(\d{1,4}))?(?:v(\d))?\b", re.I
)
_SEASON_LIST = re.compile(r"\bS(\d{1,2})(?:\s?\+\s?S(\d{1,2}))+\b", re.I)
_SEASON_SPAN = re.compile(r"\bSeasons?\s(\d{1,2})(?:-|~|\sto\s)(\d{1,2})\b", re.I)
_EPISODE_WORD = re.compile(r"\b(?:episode|ep|e)\s?\.?\s?(\d{1,4})(?:v(\d))?(?![\d.])", re.I)
_HASH_EPISODE = re.compile(r"#(\d{1,4})(?:v(\d))?\b")
_DASH_EPISODE = re.compile(r"(?:^|\s)[-\u2012\u2013\u2014]\s+(\d{1,4})(?:v(\d))?(?=$|[\s(\[])")
_RANGE = re.compile(
    r"(?:^|[\s(\[])E?(\d{1,4})(?:\s*~\s*|-|\s?\+\s?|\sto\s)E?(\d{1,4})(?=$|[\s)\]+])", re.I
)
_DECIMAL_EPISODE = re.compile(r"(?:^|\s|-\s)(\d{1,3})\.(\d)(?=$|[\s(\[])")
# "DDP 2.0", "FLAC 5.1": audio channels, not episode 2.0 or 5.1.
_AUDIO_BEFORE = re.compile(
    r"(aac|ddp?\+?|e?-?ac-?3|truehd|flac|opus|dts(?:-?hd)?|lpcm|atmos|mp3|audio)\s?$", re.I
)
_BARE_NUMBER = re.compile(r"(?:^|\s)(\d{1,4})(?:v(\d))?(?=$|[\s(\[])")
_ALT_EPISODE = re.compile(r"^\s*[(\[](?:episode\s)?(\d{1,4})[)\]]", re.I)
_VERSION = re.compile(r"(?:^|[\s\[(])v(\d)(?=$|[\s\]).])", re.I)
_REPACK = re.compile(r"\b(repack|proper)\b", re.I)
_BATCH_WORDS = re.compile(r"\b(batch|complete|collection|bd-?box)\b", re.I)
_MOVIE = re.compile(r"\b(movie|movies|film|gekijouban)\b", re.I)
_SPECIAL = re.compile(r"\b(ova|oad|special|sp\d*|ncop|nced|op\d*|ed\d*|pv|preview|recap)\b", re.I)

_DUB = re.compile(r"\b(dub|dubbed|eng(?:lish)?[\s-]?dub)\b", re.I)
_MULTI_OR_DUAL = re.compile(
    r"dual[\s._-]?audio|multi[\s._-]?audio|\bdual\b|multi[\s._-]?sub|multiple\ssubtitle|"
    r"english[\s-]?subs?|\beng\b|\besub\b",
    re.I,
)
_OTHER_LANGUAGE = re.compile(
    r"vostfr|\bvost\b|\bsub[\s.]?fr\b|arabic|\bpt[\s-]?br\b|spanish|latino|\brus(?:sian)?\b|"
    r"german|italian|portuguese|indonesian|\bindo\b|vietsub|\bchs\b|\bcht\b|\bbig5\b|\bgb\b|"
    r"字幕|简|繁|中文|mandarin|cantonese|hardsub\s?fr",
    re.I,
)
_RAW = re.compile(r"\braw\b", re.I)
_RAW_GROUP = re.compile(r"raws?$", re.I)
_SOURCE = re.compile(
    r"\b(web[\s.-]?dl|web[\s.-]?rip|web|bd[\s.-]?rip|blu[\s.-]?ray|bd|dvd[\s.-]?rip|dvd|hdtv|tv)\b",
    re.I,
)
_LANGUAGE_TAG = re.compile(
    r"^(eng|por|spa|ara|fre|ger|ita|rus|jpn|chi|kor|pt|es|en|fr|de)([\s-][a-z]{2})?$", re.I
)
_TECH_WORDS = re.compile(
    r"\b(multisub|multi-?subs?|weekly|batch|dual|hevc|x26[45]|h\.?26[45]|aac|flac|"
    r"\d{3,4}p|web-?dl|webrip|bd|uncensored|complete|unofficial)\b",
    re.I,
)


def _clean(name: str) -> str:
    text = unicodedata.normalize("NFC", name)[:MAX_NAME].strip()
    text = _EXTENSION.sub("", text)
    if " " not in text:
        # Scene and old fansub names use dots or underscores for spaces.
        text = re.sub(r"_", " ", text)
        text = re.sub(r"(?<!\d)\.|\.(?!\d)", " ", text)
    elif text.count("_") > text.count(" "):
        text = text.replace("_", " ")
    return re.sub(r"\s+", " ", text).strip()


# anitopy 2.1.1 loops forever when a name ends in a lone dash ("05v2 2.0 (1080p) -"): its
# episode-title search restarts from the first token whenever that dash is within two tokens
# of the end. No name ends meaningfully in a dash or a delimiter, so they are cut first.
_TRAILING_DASHES = re.compile(r"[\s_.&+,|\-\u2010-\u2015]+$")


def _library_reading(text: str) -> dict[str, object]:
    try:
        parsed = anitopy.parse(_TRAILING_DASHES.sub("", text))
    except Exception:  # a third-party parser must never break a search
        return {}
    return parsed if isinstance(parsed, dict) else {}


def _group(text: str, library: dict[str, object]) -> str | None:
    match = _LEADING_GROUP.match(text)
    if match:
        return match.group(1).strip() or None
    scene = None
    for match in _SCENE_GROUP.finditer(_CHECKSUM.sub("", text)):
        scene = match.group(1)
    if scene and not scene.isdigit() and not _TECH_WORDS.fullmatch(scene):
        return scene
    found = library.get("release_group")
    if isinstance(found, str) and found and not _LANGUAGE_TAG.match(found):
        return None if _TECH_WORDS.search(found) else found
    return None


def _resolution(text: str) -> int | None:
    found: list[tuple[int, int]] = []  # (position, height): the first one stated wins
    found += [(m.start(), int(m.group(2))) for m in _RES_WXH.finditer(text)]
    found += [
        (m.start(), int(m.group(1)))
        for m in _RES_P.finditer(text)
        if 240 <= int(m.group(1)) <= 4320
    ]
    if found:
        return min(found)[1]
    for word in re.findall(r"[A-Za-z0-9]+", text):
        if word.lower() in _RES_WORDS:
            return _RES_WORDS[word.lower()]
    return None


def _is_resolution_or_year(number: str, text: str, position: int) -> bool:
    after = text[position : position + 2]
    value = int(number)
    return after[:1] in ("p", "P", "i", "x", "\u00d7") or (
        len(number) == 4 and 1950 <= value <= 2099
    )


def _plausible_range(first: int, last: int) -> bool:
    return first < last <= first + 2000 and not (1950 <= first <= 2099 and 1950 <= last <= 2099)


@dataclass(slots=True)
class _Episodes:
    episode: int | None = None
    episode_range: tuple[int, int] | None = None
    alt_episode: int | None = None
    version: int | None = None
    special: bool = False
    cut: int | None = None  # where the episode part starts: the title is before it


def _find_episodes(text: str, seasons: list[int]) -> _Episodes:
    found = _Episodes()
    # Brackets hold tech tags, checksums and alternative numbers, never the main episode,
    # except for names that are nothing but brackets.
    plain = _BRACKETS.sub(lambda m: " " * len(m.group(0)), text)
    if not re.search(r"\w", plain):
        plain = re.sub(r"[\[\]()]", " ", text)

    match = _SXXEXX.search(plain)
    if match:
        seasons.append(int(match.group(1)))
        first = int(match.group(2))
        found.cut = match.start()
        found.version = _int(match.group(3) or match.group(5))
        if match.group(4) and _plausible_range(first, int(match.group(4))):
            found.episode_range = (first, int(match.group(4)))
        else:
            found.episode = first
            found.alt_episode = _alt_after(text, match.end())
        return found

    for match in _RANGE.finditer(plain):
        first, last = int(match.group(1)), int(match.group(2))
        if _plausible_range(first, last) and not _is_resolution_or_year(
            match.group(2), plain, match.end(2)
        ):
            found.episode_range = (first, last)
            found.cut = match.start(1)
            return found
    bracketed = re.search(r"[(\[](\d{1,4})\s?(?:-|~)\s?(\d{1,4})[)\]]", text)
    if bracketed and _plausible_range(int(bracketed.group(1)), int(bracketed.group(2))):
        found.episode_range = (int(bracketed.group(1)), int(bracketed.group(2)))
        found.cut = bracketed.start()
        return found

    decimal = next(
        (
            m
            for m in _DECIMAL_EPISODE.finditer(plain)
            if not _AUDIO_BEFORE.search(plain[: m.start(1)])
        ),
        None,
    )
    for pattern in (_EPISODE_WORD, _HASH_EPISODE, _DASH_EPISODE):
        match = pattern.search(plain)
        if match and not _is_resolution_or_year(match.group(1), plain, match.end(1)):
            if decimal and decimal.start(1) <= match.start(1) <= decimal.end():
                break
            found.episode = int(match.group(1))
            found.version = _int(match.group(2))
            found.cut = match.start()
            found.alt_episode = _alt_after(text, match.end())
            return found

    if decimal:
        found.special = True
        found.cut = decimal.start(1)
        return found

    # Last resort: the last bare number after the title ("Bleach 225", "Special A 01").
    candidates = [
        m
        for m in _BARE_NUMBER.finditer(plain)
        if not _is_resolution_or_year(m.group(1), plain, m.end(1)) and m.start() > 0
    ]
    if candidates:
        match = candidates[-1]
        found.episode = int(match.group(1))
        found.version = _int(match.group(2))
        found.cut = match.start()
        found.alt_episode = _alt_after(text, match.end())
    return found


def _alt_after(text: str, position: int) -> int | None:
    match = _ALT_EPISODE.match(text[position:])
    return int(match.group(1)) if match else None


def _int(value: str | None) -> int | None:
    return int(value) if value else None


def _title_from(text: str, cut: int | None, library: dict[str, object]) -> str:
    """The name between the group and the episode part; the library's reading as a fallback."""
    body = _LEADING_GROUP.sub("", text, count=1)
    while True:  # several leading groups: "[BonoboSubs][4k]Renegade Immortal"
        stripped = re.sub(r"^\s*\[[^\]\s]{1,12}\]", "", body, count=1)
        if stripped == body or not stripped.strip():
            break
        body = stripped
    offset = len(text) - len(body)
    if cut is not None and cut > offset:
        title = text[offset:cut]
    else:
        title = body
        stops = (re.search(r"[\[(]", body), _SXXEXX.search(body), _RES_P.search(body))
        for stop in (*stops, _VERSION.search(body), _SEASON_LIST.search(body)):
            if stop and stop.start() > 0:
                title = title[: min(len(title), stop.start())]
    title = re.sub(r"^[\s\-\u2012\u2013|]+|[\s\-\u2012\u2013|:]+$", "", title)
    library_title = library.get("anime_title")
    if not re.search(r"\w", title) and isinstance(library_title, str):
        title = library_title
    if not re.search(r"\w", title):  # nothing but brackets: "[Group][Title][TV 01-26]"
        inner = re.findall(r"\[([^\[\]]*[A-Za-z]{3}[^\[\]]*)\]", body)
        title = inner[0] if inner else ""
    return title.strip()


def _split_alternatives(title: str, text: str) -> tuple[str, tuple[str, ...]]:
    """The main title and the other names a release gives ("A / B", "A | B", "A (B)")."""
    parts = [p.strip() for p in re.split(r"\s+/\s+|\s+\|\s+", title) if p.strip()]
    alternatives: list[str] = []
    main = parts[-1] if parts else title
    # CJK title first then romaji ("黑化吧 / Kizu darake..."): keep the last Latin one as main.
    latin = [p for p in parts if re.search(r"[A-Za-z]{3}", p)]
    if latin:
        main = latin[-1]
    alternatives += [p for p in parts if p != main]
    inner = re.search(r"\(([^()]{3,80})\)\s*$", main)
    if inner and not re.fullmatch(r"(19|20)\d\d", inner.group(1)):
        alternatives.append(inner.group(1).strip())
        alternatives.append(main[: inner.start()].strip())
    # After the technical part: "... [1080p] | Other Name" and "(Other Name, Multi-Subs)".
    tail = re.search(r"\|\s*([^|\[\]]{3,120})$", text)
    if tail:
        alternatives.append(tail.group(1).strip())
    trailer = re.search(r"\(([^()]{3,160})\)\s*$", text)
    if trailer:
        first = trailer.group(1).split(",")[0].strip()
        if first and not _TECH_WORDS.search(first) and not _MULTI_OR_DUAL.search(first):
            alternatives.append(first)
    unique = tuple(dict.fromkeys(a for a in alternatives if a and a != main and fold(a)))
    return main, unique


def _language(text: str, group: str | None) -> Language:
    if _RAW.search(text) or (group and _RAW_GROUP.search(group) and fold(group) != "erai raws"):
        return Language.RAW
    english = bool(_MULTI_OR_DUAL.search(text))
    if _DUB.search(text) and not english:
        return Language.DUB
    if _OTHER_LANGUAGE.search(text) and not english:
        return Language.OTHER
    return Language.ENGLISH_SUBS


def _season_markers(text: str) -> list[int]:
    seasons: list[int] = []
    listed = _SEASON_LIST.search(text)
    if listed:
        seasons += [int(n) for n in re.findall(r"S(\d{1,2})", listed.group(0), re.I)]
    span = _SEASON_SPAN.search(text)
    if span and int(span.group(1)) < int(span.group(2)) <= 30:
        seasons += list(range(int(span.group(1)), int(span.group(2)) + 1))
    return seasons


# Feeds are cached for minutes and the same names come back in every search of a show:
# parsing them again was most of a warm FindReleases (about 60 ms of 65).
PARSE_CACHE_SIZE = 4096


@functools.lru_cache(maxsize=PARSE_CACHE_SIZE)
def parse(name: str) -> ReleaseName:
    """Read a release name; never raises."""
    text = _clean(name if isinstance(name, str) else "")
    library = _library_reading(text)
    group = _group(text, library)
    seasons = _season_markers(text)
    episodes = _find_episodes(text, seasons)
    title = _title_from(text, episodes.cut, library)
    main, alternatives = _split_alternatives(title, text)
    version = episodes.version
    if version is None:
        match = _VERSION.search(text)
        version = int(match.group(1)) if match else None
    source_match = _SOURCE.search(text)
    lowered_title = main.lower()
    special = episodes.special or bool(
        _SPECIAL.search(_BRACKETS.sub(" ", text)) and episodes.episode_range is None
    )
    movie = bool(_MOVIE.search(lowered_title) or _MOVIE.search(text)) and not seasons
    plain = readings(main)
    reading = plain[0] if plain else None
    if not seasons and reading is not None and reading.season is not None:
        seasons.append(reading.season)
    if not seasons:  # "Sousou no Frieren (Season 1) [BD 1080p]"
        whole = readings(_LEADING_GROUP.sub("", text, count=1))
        if whole and whole[0].season is not None:
            seasons.append(whole[0].season)
    return ReleaseName(
        name=name if isinstance(name, str) else "",
        title=main,
        alt_titles=alternatives,
        group=group,
        seasons=tuple(dict.fromkeys(seasons)),
        part=reading.part if reading else None,
        final=reading.final if reading else False,
        episode=None if special and episodes.episode is None else episodes.episode,
        episode_range=episodes.episode_range,
        alt_episode=episodes.alt_episode,
        special=special and episodes.episode is None and episodes.episode_range is None,
        version=version,
        repack=bool(_REPACK.search(text)),
        resolution=_resolution(text),
        source=source_match.group(1).upper().replace(" ", "-") if source_match else None,
        language=_language(text, group),
        movie=movie and episodes.episode is None,
        tags=frozenset(w.lower() for w in re.findall(r"[\[(]([^\])]{1,30})[\])]", text)),
    )
