"""The fake AniList's data: users and their tokens, anime, list entries; loaded from a seed.

Seed format (JSON), every key optional except ids:
    {"users": [{"id": 1, "name": "demo", "tokens": ["..."], "private": false,
                "customLists": ["Favourites"]}],
     "media": [{"id": 21, "title": {"romaji": "...", "english": "...", "native": "..."},
                "synonyms": [], "format": "TV", "status": "RELEASING", "episodes": 12,
                "season": "FALL", "seasonYear": 2025, "coverImage": {"large": "..."},
                "airing": {"episode": 5, "airs_in_s": 3600, "every_s": 604800},
                "relations": [{"relationType": "PREQUEL", "id": 20}]}],
     "lists": [{"userId": 1, "entries": [{"mediaId": 21, "status": "CURRENT", "progress": 3,
                "customLists": ["Favourites"], "hiddenFromStatusLists": false}]}]}
`airing` schedules episodes from `episode` on, the first `airs_in_s` after the fake starts,
then one every `every_s`; `nextAiringEpisode` and a RELEASING status follow the clock.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from uuut_sandbox.anilist.schema import Computed

# The default status lists, in AniList's default section order, with their names.
STATUS_LISTS = (
    ("CURRENT", "Watching"),
    ("REPEATING", "Rewatching"),
    ("COMPLETED", "Completed"),
    ("PAUSED", "Paused"),
    ("DROPPED", "Dropped"),
    ("PLANNING", "Planning"),
)
LIST_STATUSES = frozenset(status for status, _ in STATUS_LISTS)


class AniListError(Exception):
    """A failure AniList reports with this HTTP status and message."""

    def __init__(
        self, status: int, message: str, validation: dict[str, list[str]] | None = None
    ) -> None:
        super().__init__(message)
        self.status, self.message, self.validation = status, message, validation


def not_found() -> AniListError:
    return AniListError(404, "Not Found.")


@dataclass
class World:
    users: dict[int, dict[str, Any]]
    media: dict[int, dict[str, Any]]
    entries: dict[int, dict[str, Any]]  # list-entry id -> entry
    clock: Callable[[], float] = time.time
    started_at: float = field(default=0.0)

    def __post_init__(self) -> None:
        if not self.started_at:
            self.started_at = self.clock()

    @classmethod
    def from_seed(cls, seed: dict[str, Any], clock: Callable[[], float] = time.time) -> World:
        users = {int(u["id"]): dict(u) for u in seed.get("users", [])}
        media = {int(m["id"]): dict(m) for m in seed.get("media", [])}
        entries: dict[int, dict[str, Any]] = {}
        next_id = 1
        for group in seed.get("lists", []):
            for raw in group.get("entries", []):
                entry = {"userId": int(group["userId"]), **raw}
                entry.setdefault("id", next_id)
                next_id = max(next_id, int(entry["id"])) + 1
                entries[int(entry["id"])] = _normalised_entry(entry, clock())
        return cls(users, media, entries, clock)

    @classmethod
    def from_file(cls, path: Path, clock: Callable[[], float] = time.time) -> World:
        return cls.from_seed(json.loads(path.read_text(encoding="utf-8")), clock)

    # -- identities -------------------------------------------------------------------------

    def user_for_token(self, token: str) -> dict[str, Any] | None:
        for user in self.users.values():
            if token in user.get("tokens", ()):
                return user
        return None

    def revoke_token(self, token: str) -> None:
        """The token stops working, as when it expires or the user revokes the app."""
        for user in self.users.values():
            user["tokens"] = [t for t in user.get("tokens", ()) if t != token]

    # -- root fields ------------------------------------------------------------------------

    def viewer(self, viewer: dict[str, Any] | None) -> dict[str, Any]:
        if viewer is None:
            raise AniListError(401, "Unauthorized.")
        return self.user_object(viewer)

    def user(self, args: dict[str, Any], viewer: dict[str, Any] | None) -> dict[str, Any]:
        found = self._find_user(args.get("id"), args.get("name"))
        if found is None or (found.get("private") and found is not viewer):
            raise not_found()
        return self.user_object(found)

    def media_by_id(self, args: dict[str, Any], viewer: dict[str, Any] | None) -> dict[str, Any]:
        found = self.media.get(args.get("id") or 0)
        if found is None or args.get("type", "ANIME") != "ANIME":
            raise not_found()
        return self.media_object(found, viewer)

    def media_list_collection(
        self, args: dict[str, Any], viewer: dict[str, Any] | None
    ) -> dict[str, Any]:
        if args.get("type") is None:
            raise AniListError(400, "validation", {"type": ["The type field is required."]})
        if args.get("userId") is None and args.get("userName") is None:
            raise AniListError(
                400, "validation", {"userId": ["The user id or name field is required."]}
            )
        owner = self._find_user(args.get("userId"), args.get("userName"))
        if owner is None or (owner.get("private") and owner is not viewer):
            raise not_found()
        if args["type"] != "ANIME":
            return {"lists": [], "user": self.user_object(owner), "hasNextChunk": False}
        wanted = _status_filter(args)
        entries = [
            e for e in self.entries.values() if e["userId"] == owner["id"] and wanted(e["status"])
        ]
        groups = []
        for status, name in STATUS_LISTS:
            members = [e for e in entries if e["status"] == status and not e["hidden"]]
            if members:
                groups.append(self._group(name, status, False, members, viewer))
        for name in self._custom_list_names(owner):
            members = [e for e in entries if name in e["customLists"]]
            if members:
                groups.append(self._group(name, None, True, members, viewer))
        return {"lists": groups, "user": self.user_object(owner), "hasNextChunk": False}

    def save_media_list_entry(
        self, args: dict[str, Any], viewer: dict[str, Any] | None
    ) -> dict[str, Any]:
        if viewer is None:
            raise AniListError(401, "Unauthorized.")
        entry = self._entry_to_save(args, viewer)
        problems: dict[str, list[str]] = {}
        if args.get("progress") is not None and args["progress"] < 0:
            problems["progress"] = ["The progress must be at least 0."]
        if args.get("status") is not None and args["status"] not in LIST_STATUSES:
            problems["status"] = ["The selected status is invalid."]
        if problems:
            raise AniListError(400, "validation", problems)
        for key in ("status", "progress", "score", "repeat", "priority", "private", "notes"):
            if args.get(key) is not None:
                entry[key] = args[key]
        if args.get("hiddenFromStatusLists") is not None:
            entry["hidden"] = bool(args["hiddenFromStatusLists"])
        if args.get("customLists") is not None:
            entry["customLists"] = list(args["customLists"])
        entry["updatedAt"] = int(self.clock())
        self.entries[entry["id"]] = entry
        return self.entry_object(entry, viewer)

    # -- objects as the schema sees them ----------------------------------------------------

    def user_object(self, user: dict[str, Any]) -> dict[str, Any]:
        return {
            "id": user["id"],
            "name": user["name"],
            "about": user.get("about"),
            "avatar": user.get("avatar", {"large": None, "medium": None}),
            "bannerImage": user.get("bannerImage"),
            "siteUrl": f"https://anilist.co/user/{user['name']}",
        }

    def media_object(self, media: dict[str, Any], viewer: dict[str, Any] | None) -> dict[str, Any]:
        title = media.get("title", {})
        cover = media.get("coverImage", {})
        return {
            "id": media["id"],
            "idMal": media.get("idMal"),
            "type": "ANIME",
            "title": {
                "romaji": title.get("romaji"),
                "english": title.get("english"),
                "native": title.get("native"),
                "userPreferred": title.get("romaji"),
            },
            "synonyms": list(media.get("synonyms", [])),
            "format": media.get("format"),
            "status": Computed(lambda _: self._media_status(media)),
            "episodes": media.get("episodes"),
            "duration": media.get("duration"),
            "season": media.get("season"),
            "seasonYear": media.get("seasonYear"),
            "startDate": media.get("startDate", {"year": media.get("seasonYear")}),
            "endDate": media.get("endDate", {"year": None}),
            "genres": list(media.get("genres", [])),
            "averageScore": media.get("averageScore"),
            "isAdult": False,
            "countryOfOrigin": media.get("countryOfOrigin", "JP"),
            "siteUrl": f"https://anilist.co/anime/{media['id']}",
            "bannerImage": media.get("bannerImage"),
            "coverImage": {k: cover.get(k) for k in ("extraLarge", "large", "medium", "color")},
            "nextAiringEpisode": Computed(lambda _: self._next_airing(media)),
            "relations": Computed(lambda _: self._relations(media, viewer)),
            "mediaListEntry": Computed(lambda _: self._viewer_entry(media, viewer)),
        }

    def entry_object(self, entry: dict[str, Any], viewer: dict[str, Any] | None) -> dict[str, Any]:
        def custom_lists(args: dict[str, Any]) -> Any:
            owner = self.users.get(entry["userId"], {})
            flags = {n: n in entry["customLists"] for n in self._custom_list_names(owner)}
            if args.get("asArray"):
                return [{"name": name, "enabled": on} for name, on in flags.items()]
            return flags or None

        return {
            "id": entry["id"],
            "userId": entry["userId"],
            "mediaId": entry["mediaId"],
            "status": entry["status"],
            "score": entry["score"],
            "progress": entry["progress"],
            "progressVolumes": None,
            "repeat": entry["repeat"],
            "priority": entry["priority"],
            "private": entry["private"],
            "notes": entry["notes"],
            "hiddenFromStatusLists": entry["hidden"],
            "customLists": Computed(custom_lists),
            "updatedAt": entry["updatedAt"],
            "createdAt": entry["createdAt"],
            "media": Computed(lambda _: self.media_object(self.media[entry["mediaId"]], viewer)),
            "user": Computed(lambda _: self.user_object(self.users[entry["userId"]])),
        }

    # -- helpers ----------------------------------------------------------------------------

    def _find_user(self, user_id: Any, name: Any) -> dict[str, Any] | None:
        if user_id is not None:
            return self.users.get(int(user_id))
        for user in self.users.values():
            if isinstance(name, str) and user["name"].lower() == name.lower():
                return user
        return None

    def _custom_list_names(self, owner: dict[str, Any]) -> list[str]:
        names = list(owner.get("customLists", []))
        for entry in self.entries.values():
            if entry["userId"] == owner.get("id"):
                names += [n for n in entry["customLists"] if n not in names]
        return names

    def _group(
        self,
        name: str,
        status: str | None,
        custom: bool,
        members: list[dict[str, Any]],
        viewer: dict[str, Any] | None,
    ) -> dict[str, Any]:
        return {
            "name": name,
            "isCustomList": custom,
            "isSplitCompletedList": False,
            "status": status,
            "entries": [self.entry_object(e, viewer) for e in members],
        }

    def _entry_to_save(self, args: dict[str, Any], viewer: dict[str, Any]) -> dict[str, Any]:
        if args.get("id") is not None:
            entry = self.entries.get(int(args["id"]))
            if entry is None or entry["userId"] != viewer["id"]:
                raise not_found()
            return dict(entry)
        media_id = args.get("mediaId")
        if media_id is None or int(media_id) not in self.media:
            raise AniListError(
                400, "validation", {"mediaId": ["The selected media id is invalid."]}
            )
        for entry in self.entries.values():
            if entry["userId"] == viewer["id"] and entry["mediaId"] == int(media_id):
                return dict(entry)
        entry_id = max(self.entries, default=0) + 1
        # Assumption (unverified upstream): a new entry without a status starts as CURRENT.
        return _normalised_entry(
            {"id": entry_id, "userId": viewer["id"], "mediaId": int(media_id), "status": "CURRENT"},
            self.clock(),
        )

    def _aired_times(self, media: dict[str, Any]) -> tuple[int, float, float] | None:
        airing = media.get("airing")
        if not airing:
            return None
        first_at = self.started_at + float(airing.get("airs_in_s", 0))
        return int(airing["episode"]), first_at, float(airing.get("every_s", 7 * 86400))

    def _next_airing(self, media: dict[str, Any]) -> dict[str, Any] | None:
        schedule = self._aired_times(media)
        if schedule is None:
            return None
        episode, first_at, every = schedule
        now = self.clock()
        if now >= first_at:
            episode += int((now - first_at) // every) + 1
        total = media.get("episodes")
        if total is not None and episode > total:
            return None
        airing_at = int(first_at + (episode - schedule[0]) * every)
        return {
            "id": media["id"] * 1000 + episode,
            "airingAt": airing_at,
            "timeUntilAiring": airing_at - int(now),
            "episode": episode,
            "mediaId": media["id"],
        }

    def _media_status(self, media: dict[str, Any]) -> str | None:
        status = media.get("status")
        if status == "RELEASING" and media.get("airing") and self._next_airing(media) is None:
            return "FINISHED"
        if status == "NOT_YET_RELEASED" and media.get("airing"):
            schedule = self._aired_times(media)
            if schedule and schedule[0] == 1 and self.clock() >= schedule[1]:
                return "RELEASING"
        return status

    def _relations(self, media: dict[str, Any], viewer: dict[str, Any] | None) -> dict[str, Any]:
        edges = []
        for relation in media.get("relations", []):
            related = self.media.get(int(relation["id"]))
            if related is None:
                continue
            edges.append(
                {
                    "id": media["id"] * 100_000 + related["id"],
                    "relationType": relation["relationType"],
                    "node": self.media_object(related, viewer),
                }
            )
        return {"edges": edges, "nodes": [edge["node"] for edge in edges]}

    def _viewer_entry(
        self, media: dict[str, Any], viewer: dict[str, Any] | None
    ) -> dict[str, Any] | None:
        if viewer is None:
            return None
        for entry in self.entries.values():
            if entry["userId"] == viewer["id"] and entry["mediaId"] == media["id"]:
                return self.entry_object(entry, viewer)
        return None


def _normalised_entry(entry: dict[str, Any], now: float) -> dict[str, Any]:
    return {
        "id": int(entry["id"]),
        "userId": int(entry["userId"]),
        "mediaId": int(entry["mediaId"]),
        "status": entry.get("status", "CURRENT"),
        "progress": int(entry.get("progress", 0)),
        "score": float(entry.get("score", 0)),
        "repeat": int(entry.get("repeat", 0)),
        "priority": int(entry.get("priority", 0)),
        "private": bool(entry.get("private", False)),
        "notes": entry.get("notes"),
        "hidden": bool(entry.get("hiddenFromStatusLists", False)),
        "customLists": list(entry.get("customLists", [])),
        "updatedAt": int(entry.get("updatedAt", now)),
        "createdAt": int(entry.get("createdAt", now)),
    }


def _status_filter(args: dict[str, Any]) -> Callable[[str], bool]:
    status, status_in, status_not_in = (
        args.get("status"),
        args.get("status_in"),
        args.get("status_not_in"),
    )

    def wanted(value: str) -> bool:
        if status is not None and value != status:
            return False
        if status_in is not None and value not in status_in:
            return False
        return not (status_not_in is not None and value in status_not_in)

    return wanted
