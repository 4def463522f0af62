"""The demo world: AniList user `uuudemo` with a dozen real shows on their CURRENT list, in every
state the product cares about, and the Nyaa releases of those shows.

| show | state on the list |
|---|---|
| Sousou no Frieren | finished season, 4 episodes behind: catch-up takes a batch |
| Sousou no Frieren 2nd Season | airing, the next episode is out |
| Jujutsu Kaisen: Shimetsu Kaiyuu - Zenpen | airing, 2 behind; third season of a chain |
| Mushoku Tensei III | airing, caught up |
| Tensei Shitara Slime Datta Ken 4th Season | announced: nothing aired yet |
| Mairimashita! Iruma-kun 4th Season | airing, 2 behind; "S2" decoys on the site |
| Ore dake Level Up na Ken Season 2 | finished, 2 behind |
| Kimetsu no Yaiba: Katanakaji no Sato-hen | finished, 2 behind |
| Oshi no Ko 2nd Season | finished, not started watching |
| ONE PIECE | long runner with no episode count, 1 behind |
| Tearmoon Teikoku Monogatari | finished, but nobody released episode 2 |
| Yozakura-san Chi no Daisakusen 2nd Season | airing, 2 behind |

Airing follows the fake AniList's clock (`airs_in_s` from its start), so what has aired is the
same on every run. The site also carries every real title of ../nyaa/titles.txt.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from uuut_sandbox.nyaa.world import TITLES

ANILIST_USER_ID = 5810313
ANILIST_USER = "uuudemo"
ANILIST_TOKEN = "sandbox-anilist-token-demo"  # noqa: S105 - the fake AniList's demo token
DEMO_USERNAME = "demo"
DEMO_PASSWORD = "watch-the-demo"  # noqa: S105 - printed for the demo's user to log in
DAY = 86_400
WEEK = 7 * DAY


@dataclass(frozen=True)
class Show:
    id: int
    romaji: str
    english: str | None
    episodes: int | None
    season: tuple[str, int]
    status: str = "FINISHED"
    next_episode: int | None = None  # airing: the next one to air, in `airs_in_days`
    airs_in_days: float = 3.0
    synonyms: tuple[str, ...] = ()
    prequel: int | None = None
    format: str = "TV"
    # Release names per episode ({ep} and {crc}) and whole-season batches ({crc}).
    weekly: tuple[str, ...] = ()
    batches: tuple[str, ...] = ()
    extra: tuple[str, ...] = ()  # other releases, verbatim
    list_status: str | None = "CURRENT"  # None: not on the list
    progress: int = 0
    custom_lists: tuple[str, ...] = field(default_factory=tuple)

    @property
    def latest_aired(self) -> int:
        if self.next_episode is not None:
            return self.next_episode - 1
        if self.status == "FINISHED":
            return self.episodes or 0
        return 0


SHOWS: tuple[Show, ...] = (
    Show(
        154587, "Sousou no Frieren", "Frieren: Beyond Journey\u2019s End", 28, ("FALL", 2023),
        synonyms=("Frieren at the Funeral",), progress=24,
        weekly=("[SubsPlease] Sousou no Frieren - {ep:02d} (1080p) [{crc}].mkv",),
        batches=("[SubsPlease] Sousou no Frieren (01-28) (1080p) [Batch]",),
    ),
    Show(
        182255, "Sousou no Frieren 2nd Season", "Frieren: Beyond Journey\u2019s End Season 2", 10,
        ("WINTER", 2026), status="RELEASING", next_episode=4, airs_in_days=2,
        synonyms=("Frieren S2",), prequel=154587, progress=2, custom_lists=("Weekly",),
        weekly=(
            "[SubsPlease] Sousou no Frieren S2 - {ep:02d} (1080p) [{crc}].mkv",
            "[Erai-raws] Sousou no Frieren 2nd Season - {ep:02d} [1080p CR WEB-DL AVC AAC]"
            "[MultiSub][{crc}]",
        ),
    ),
    Show(113415, "Jujutsu Kaisen", "JUJUTSU KAISEN", 24, ("FALL", 2020), synonyms=("JJK",),
         list_status="COMPLETED", progress=24),
    Show(145064, "Jujutsu Kaisen 2nd Season", "JUJUTSU KAISEN Season 2", 23, ("SUMMER", 2023),
         prequel=113415, list_status="COMPLETED", progress=23),
    Show(
        172463, "Jujutsu Kaisen: Shimetsu Kaiyuu - Zenpen",
        "JUJUTSU KAISEN Season 3: The Culling Game Part 1", None, ("WINTER", 2026),
        status="RELEASING", next_episode=8, airs_in_days=3, prequel=145064, progress=5,
        synonyms=("Jujutsu Kaisen 3rd Season",), custom_lists=("Weekly",),
        weekly=(
            "[Erai-raws] Jujutsu Kaisen: Shimetsu Kaiyuu - Zenpen - {ep:02d} [1080p CR WEB-DL AVC "
            "AAC][MultiSub][{crc}]",
            "[ToonsHub] JUJUTSU KAISEN S03E{ep:02d} 1080p CR WEB-DL AAC2.0 H.264 (Multi-Subs)",
        ),
    ),
    Show(
        166873, "Mushoku Tensei III: Isekai Ittara Honki Dasu",
        "Mushoku Tensei: Jobless Reincarnation Season 3", 12, ("WINTER", 2026),
        status="RELEASING", next_episode=8, airs_in_days=1, progress=7,
        weekly=("[Erai-raws] Mushoku Tensei III: Isekai Ittara Honki Dasu - {ep:02d} [1080p CR "
                "WEB-DL AVC AAC][MultiSub][{crc}]",),
    ),
    Show(
        180745, "Tensei Shitara Slime Datta Ken 4th Season",
        "That Time I Got Reincarnated as a Slime Season 4", 12, ("SPRING", 2026),
        status="NOT_YET_RELEASED", next_episode=1, airs_in_days=10, progress=0,
    ),
    Show(
        177474, "Mairimashita! Iruma-kun 4th Season", "Welcome to Demon School! Iruma-kun Season 4",
        21, ("FALL", 2025), status="RELEASING", next_episode=18, airs_in_days=5, progress=15,
        weekly=("[Erai-raws] Mairimashita Iruma-kun 4th Season - {ep:02d} [1080p CR WEBRip HEVC "
                "AAC][MultiSub][{crc}]",),
    ),
    Show(151807, "Ore dake Level Up na Ken", "Solo Leveling", 12, ("WINTER", 2024),
         list_status="COMPLETED", progress=12),
    Show(
        176496, "Ore dake Level Up na Ken: Season 2 - Arise from the Shadow",
        "Solo Leveling Season 2 -Arise from the Shadow-", 13, ("WINTER", 2025), prequel=151807,
        progress=11,
        weekly=("[Erai-raws] Ore dake Level Up na Ken Season 2: Arise from the Shadow - {ep:02d} "
                "[1080p CR WEB-DL AVC AAC][MultiSub][{crc}]",),
    ),
    Show(
        145139, "Kimetsu no Yaiba: Katanakaji no Sato-hen",
        "Demon Slayer: Kimetsu no Yaiba Swordsmith Village Arc", 11, ("SPRING", 2023),
        progress=9,
        weekly=("[SubsPlease] Kimetsu no Yaiba - Katanakaji no Sato-hen - {ep:02d} (1080p) "
                "[{crc}].mkv",),
        batches=("[SubsPlease] Kimetsu no Yaiba - Katanakaji no Sato-hen (01-11) (1080p) [Batch]",),
    ),
    Show(150672, "Oshi no Ko", "[Oshi No Ko]", 11, ("SPRING", 2023), list_status="COMPLETED",
         progress=11),
    Show(
        166531, "Oshi no Ko 2nd Season", "[Oshi No Ko] Season 2", 13, ("SUMMER", 2024),
        prequel=150672, progress=0,
        weekly=("[SubsPlease] Oshi no Ko S2 - {ep:02d} (1080p) [{crc}].mkv",),
        batches=("[SubsPlease] Oshi no Ko S2 (01-13) (1080p) [Batch]",),
    ),
    Show(
        21, "ONE PIECE", "ONE PIECE", None, ("FALL", 1999), status="RELEASING",
        next_episode=1144, airs_in_days=4, progress=1142,
        extra=tuple(f"[SubsPlease] One Piece - {ep} (1080p) [{{crc}}].mkv" for ep in (1141, 1142)),
    ),
    Show(
        153152, "Tearmoon Teikoku Monogatari", "Tearmoon Empire", 12, ("FALL", 2023), progress=1,
    ),
    Show(
        180367, "Yozakura-san Chi no Daisakusen 2nd Season", "Mission: Yozakura Family Season 2",
        12, ("FALL", 2025), status="RELEASING", next_episode=9, airs_in_days=6, progress=6,
        weekly=("[Erai-raws] Yozakura-san Chi no Daisakusen 2nd Season - {ep:02d} [1080p DSNP "
                "WEBRip HEVC AAC][MultiSub][{crc}]",),
    ),
    Show(6045, "Kimi ni Todoke", "Kimi ni Todoke: From Me to You", 25, ("FALL", 2009),
         list_status="PAUSED", progress=11),
)  # fmt: skip


def _crc(name: str) -> str:
    return hashlib.sha1(name.encode()).hexdigest()[:8].upper()  # noqa: S324 - a name, not a secret


def _fill(template: str, **values: int) -> str:
    return template.format(crc=_crc(template.format(crc="", **values)), **values)


def catalogue(shows: tuple[Show, ...] = SHOWS) -> list[str]:
    """The demo shows' releases, newest first: a finished season's batches (they come out
    after its last episode), each aired episode by each weekly group, then the extras."""
    names: list[str] = []
    for show in shows:
        if show.status == "FINISHED":
            names += [_fill(t) for t in show.batches]
        for episode in range(show.latest_aired, 0, -1):
            names += [_fill(t, ep=episode) for t in show.weekly]
        names += [_fill(t) for t in show.extra]
    return names


def nyaa_titles() -> list[str]:
    """Every release of the demo's Nyaa: the catalogue, then the real titles of titles.txt."""
    real = [line.strip() for line in TITLES.read_text(encoding="utf-8").splitlines()]
    return catalogue() + [line for line in real if line]


def _media(show: Show) -> dict[str, Any]:
    title = {"romaji": show.romaji}
    if show.english:
        title["english"] = show.english
    media: dict[str, Any] = {
        "id": show.id,
        "title": title,
        "synonyms": list(show.synonyms),
        "format": show.format,
        "status": show.status,
        "episodes": show.episodes,
        "season": show.season[0],
        "seasonYear": show.season[1],
        "coverImage": {"large": f"https://img.anili.st/media/{show.id}"},
    }
    if show.next_episode is not None:
        media["airing"] = {
            "episode": show.next_episode,
            "airs_in_s": int(show.airs_in_days * DAY),
            "every_s": WEEK,
        }
    if show.prequel is not None:
        media["relations"] = [{"relationType": "PREQUEL", "id": show.prequel}]
    return media


def anilist_seed(shows: tuple[Show, ...] = SHOWS) -> dict[str, Any]:
    """The fake AniList's seed (format: uuut_sandbox.anilist.world)."""
    entries = [
        {
            "mediaId": show.id,
            "status": show.list_status,
            "progress": show.progress,
            "customLists": list(show.custom_lists),
        }
        for show in shows
        if show.list_status is not None
    ]
    return {
        "users": [
            {
                "id": ANILIST_USER_ID,
                "name": ANILIST_USER,
                "tokens": [ANILIST_TOKEN],
                "customLists": ["Weekly"],
            }
        ],
        "media": [_media(show) for show in shows],
        "lists": [{"userId": ANILIST_USER_ID, "entries": entries}],
    }


def show(media_id: int) -> Show:
    return next(s for s in SHOWS if s.id == media_id)
