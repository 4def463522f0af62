"""Each user's release preferences: the quality they want, groups they prefer, trusted only.

They live with the user (this service owns users): deleting a user deletes them, and every
call checks the caller's login like any other of the user's own RPCs.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from uuut_auth.domain import Clock, utc_now
from uuut_auth.errors import PreferencesInvalid
from uuut_auth.repository import Store

QUALITIES = ("480p", "720p", "1080p", "2160p")
DEFAULT_QUALITY = "1080p"
MAX_GROUPS = 20
MAX_GROUP_CHARS = 64


@dataclass(frozen=True)
class ReleasePreferences:
    quality: str = DEFAULT_QUALITY
    groups: tuple[str, ...] = ()
    trusted_only: bool = False


def normalised(wanted: ReleasePreferences) -> ReleasePreferences:
    """The preferences as stored: groups trimmed, case-insensitive duplicates dropped (the
    first kept, as the order is the user's ranking); PREFERENCES_INVALID when they cannot be."""
    if wanted.quality not in QUALITIES:
        raise PreferencesInvalid(f"quality must be one of {', '.join(QUALITIES)}")
    groups: dict[str, str] = {}
    for raw in wanted.groups:
        group = raw.strip()
        if not group or len(group) > MAX_GROUP_CHARS:
            raise PreferencesInvalid(f"a group name is 1 to {MAX_GROUP_CHARS} characters")
        if any(unicodedata.category(c) in ("Cc", "Cf") for c in group):
            raise PreferencesInvalid("a group name cannot hold control characters")
        groups.setdefault(group.casefold(), group)
    if len(groups) > MAX_GROUPS:
        raise PreferencesInvalid(f"at most {MAX_GROUPS} preferred groups")
    return ReleasePreferences(wanted.quality, tuple(groups.values()), wanted.trusted_only)


class Preferences:
    def __init__(self, store: Store, clock: Clock = utc_now) -> None:
        self._store = store
        self._clock = clock

    async def of(self, user_id: int) -> ReleasePreferences:
        async with self._store.connection() as repo:
            row = await repo.preferences(user_id)
        if row is None:
            return ReleasePreferences()
        return ReleasePreferences(row.quality, tuple(row.groups), row.trusted_only)

    async def replace(self, user_id: int, wanted: ReleasePreferences) -> ReleasePreferences:
        stored = normalised(wanted)
        async with self._store.connection() as repo:
            await repo.save_preferences(
                user_id, stored.quality, list(stored.groups), stored.trusted_only, self._clock()
            )
        return stored
