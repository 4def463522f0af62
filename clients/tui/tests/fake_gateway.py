"""A canned gateway behind httpx.MockTransport: the same JSON as ../shared/API.md, fixed data.

For the snapshot tests, which need the same screen on every run (the Pilot tests use the real
stack instead).
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import httpx

SERVER = "http://gateway.test"
NOW = datetime(2026, 1, 10, 12, 0, tzinfo=UTC)


def _torrent(n: int, name: str, state: str, progress: float, **extra: object) -> dict:
    size = 1_400_000_000 if n != 3 else 12_000_000_000
    return {
        "hash": f"{n:040x}",
        "name": name,
        "state": state,
        "progress": progress,
        "size_bytes": size,
        "downloaded_bytes": int(size * progress),
        "dlspeed": 0,
        "upspeed": 0,
        "eta_s": None,
        "num_seeds": 0,
        "num_leechs": 0,
        "added_at": f"2026-01-0{n}T10:00:00Z",
        "completed_at": None,
        "media_id": None,
        "episode": None,
        **extra,
    }


TORRENTS = [
    _torrent(
        1,
        "[SubsPlease] Sousou no Frieren S2 - 03 (1080p) [A1B2C3D4].mkv",
        "seeding",
        1.0,
        upspeed=48_000,
        num_seeds=3,
        num_leechs=1,
        completed_at="2026-01-01T10:20:00Z",
        media_id=182255,
        episode=3,
    ),
    _torrent(
        2,
        "[Erai-raws] Jujutsu Kaisen - 48 [1080p].mkv",
        "downloading",
        0.42,
        dlspeed=3_400_000,
        upspeed=12_000,
        eta_s=245,
        num_seeds=57,
        num_leechs=12,
    ),
    _torrent(3, "[Judas] Mushoku Tensei S3 (Batch) [1080p]", "paused", 0.1, num_seeds=4),
    _torrent(4, "[ASW] Iruma-kun S4 - 16 [1080p HEVC].mkv", "stalled", 0.0, num_seeds=0),
]

WATCHLIST = [
    {
        "media_id": 182255,
        "title": "Frieren: Beyond Journey's End Season 2",
        "title_romaji": "Sousou no Frieren 2nd Season",
        "title_english": "Frieren: Beyond Journey's End Season 2",
        "synonyms": [],
        "format": "TV",
        "status": "RELEASING",
        "progress": 2,
        "total_episodes": 10,
        "latest_aired_episode": 3,
        "next_episode": 3,
        "next_episode_available": True,
        "next_airing_at": "2026-01-12T15:30:00Z",
        "cover_url": None,
    },
    {
        "media_id": 166873,
        "title": "Mushoku Tensei: Jobless Reincarnation Season 3",
        "title_romaji": "Mushoku Tensei III",
        "title_english": None,
        "synonyms": [],
        "format": "TV",
        "status": "RELEASING",
        "progress": 7,
        "total_episodes": 12,
        "latest_aired_episode": 7,
        "next_episode": None,
        "next_episode_available": False,
        "next_airing_at": "2026-01-11T09:00:00Z",
        "cover_url": None,
    },
    {
        "media_id": 172463,
        "title": "JUJUTSU KAISEN Season 3: The Culling Game Part 1",
        "title_romaji": "Jujutsu Kaisen: Shimetsu Kaiyuu - Zenpen",
        "title_english": None,
        "synonyms": [],
        "format": "TV",
        "status": "RELEASING",
        "progress": 1,
        "total_episodes": None,
        "latest_aired_episode": 3,
        "next_episode": 2,
        "next_episode_available": True,
        "next_airing_at": "2026-01-13T16:00:00Z",
        "cover_url": None,
    },
    {
        "media_id": 1,
        "title": "Some Show That Has Not Started",
        "title_romaji": "x",
        "title_english": None,
        "synonyms": [],
        "format": "TV",
        "status": "NOT_YET_RELEASED",
        "progress": 0,
        "total_episodes": 12,
        "latest_aired_episode": None,
        "next_episode": None,
        "next_episode_available": False,
        "next_airing_at": None,
        "cover_url": None,
    },
]

CANDIDATES = [
    {
        "title": "[SubsPlease] Sousou no Frieren S2 - 03 (1080p) [A1B2C3D4].mkv",
        "info_hash": "a" * 40,
        "magnet": "magnet:?xt=urn:btih:" + "a" * 40,
        "torrent_url": "",
        "size_bytes": 1_450_000_000,
        "seeders": 812,
        "leechers": 40,
        "downloads": 9000,
        "trusted": True,
        "remake": False,
        "published_at": "2026-01-05T15:31:00Z",
        "parsed": {
            "title": "Sousou no Frieren S2",
            "episode": 3,
            "season": 2,
            "resolution": "1080p",
            "group": "SubsPlease",
            "batch": False,
            "version": None,
        },
        "score": 96.5,
        "reasons": ["episode 3 as asked", "1080p as asked", "trusted uploader"],
    },
    {
        "title": "[Erai-raws] Sousou no Frieren 2nd Season - 03 [720p][Multiple Subtitle].mkv",
        "info_hash": "b" * 40,
        "magnet": "magnet:?xt=urn:btih:" + "b" * 40,
        "torrent_url": "",
        "size_bytes": 720_000_000,
        "seeders": 120,
        "leechers": 3,
        "downloads": 2000,
        "trusted": False,
        "remake": False,
        "published_at": "2026-01-05T15:40:00Z",
        "parsed": {
            "title": "Sousou no Frieren 2nd Season",
            "episode": 3,
            "season": 2,
            "resolution": "720p",
            "group": "Erai-raws",
            "batch": False,
            "version": None,
        },
        "score": 71.0,
        "reasons": ["episode 3 as asked", "720p, not 1080p"],
    },
]

USERS = [
    {
        "id": 1,
        "username": "root",
        "role": "admin",
        "disabled": False,
        "created_at": "2026-01-01T09:00:00Z",
    },
    {
        "id": 2,
        "username": "kazuki",
        "role": "user",
        "disabled": False,
        "created_at": "2026-01-02T18:30:00Z",
    },
    {
        "id": 3,
        "username": "mallory",
        "role": "user",
        "disabled": True,
        "created_at": "2026-01-03T07:15:00Z",
    },
]


class FakeGateway:
    """Answers the API with the data above; `role` decides what /users/me says."""

    def __init__(self, role: str = "admin", reachable: bool = True) -> None:
        self.role = role
        self.reachable = reachable
        self.transport = httpx.MockTransport(self.handle)

    def me(self) -> dict:
        return {
            "id": 1,
            "username": "root",
            "role": self.role,
            "totp_enabled": False,
            "anilist": {"user_id": 5810313, "username": "uuudemo"},
        }

    async def handle(self, request: httpx.Request) -> httpx.Response:
        if not self.reachable:
            raise httpx.ConnectError("[Errno 111] Connection refused", request=request)
        path, method = request.url.path, request.method
        routes: dict[tuple[str, str], object] = {
            ("GET", "/health"): {"status": "ok"},
            ("POST", "/api/v1/auth/token"): {
                "access_token": "a",
                "refresh_token": "r",
                "token_type": "bearer",
                "expires_in": 900,
            },
            ("GET", "/api/v1/users/me"): self.me(),
            ("GET", "/api/v1/users/me/preferences"): {
                "quality": "1080p",
                "groups": ["SubsPlease", "Erai-raws"],
                "trusted_only": True,
            },
            ("GET", "/api/v1/watchlist"): {"entries": WATCHLIST},
            ("GET", "/api/v1/torrents"): {"torrents": TORRENTS},
            ("GET", "/api/v1/torrents/all"): {
                "torrents": [
                    {**t, "owners": ["root", "kazuki"][: 1 + i % 2]} for i, t in enumerate(TORRENTS)
                ]
            },
            ("GET", "/api/v1/search"): {"candidates": CANDIDATES},
            ("GET", "/api/v1/admin/users"): {"users": USERS},
            ("GET", "/api/v1/auth/anilist/authorize-url"): {
                "url": "https://anilist.co/api/v2/oauth/authorize?client_id=12345&response_type=token"
            },
            ("GET", f"/api/v1/torrents/{TORRENTS[1]['hash']}"): {
                **TORRENTS[1],
                "files": [
                    {"path": TORRENTS[1]["name"], "size_bytes": 1_400_000_000, "progress": 0.42}
                ],
                "transfer": {
                    "host_path": "/srv/uuut/downloads/" + TORRENTS[1]["name"],
                    "scp_command": "scp 'me@seedbox:/srv/uuut/downloads/"
                    "[Erai-raws] Jujutsu Kaisen - 48 [1080p].mkv' .",
                },
            },
        }
        if (method, path) == ("GET", "/api/v1/torrents/events"):
            return httpx.Response(
                200, headers={"content-type": "text/event-stream"}, content=self._events()
            )
        body = routes.get((method, path))
        if body is None:
            return httpx.Response(404, json={"detail": "not found", "code": "not_found"})
        return httpx.Response(200, json=body)

    async def _events(self) -> AsyncIterator[bytes]:
        for torrent in TORRENTS:
            yield f"event: torrent\ndata: {json.dumps(torrent)}\n\n".encode()
        await asyncio.Event().wait()  # a stream that stays open, as the real one does
