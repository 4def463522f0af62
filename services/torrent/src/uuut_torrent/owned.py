"""Each user's ownerships kept in memory, so listing a user's torrents reads no database.

This process is the only writer of the ownership table, and every write of a user's
ownerships ends with `changed(user_id)` (or `changed_all()`) once its transaction is over,
whether it committed or not. A user's entry is read from the database once, then kept until
such a change. A read that was under way while a change ended is answered but not kept, so
what is kept never predates a finished write: a user's next list shows their add or delete.
"""

from __future__ import annotations

import contextlib
from collections.abc import Awaitable, Callable, Iterator

from uuut_torrent.views import Ownership

Load = Callable[[int], Awaitable[list[Ownership]]]


class OwnedCache:
    def __init__(self, load: Load) -> None:
        self._load = load
        self._owned: dict[int, tuple[Ownership, ...]] = {}
        # Bumped by every change: a load kept only if none ended while it ran.
        self._versions: dict[int, int] = {}
        self._epoch = 0

    def _version(self, user_id: int) -> tuple[int, int]:
        return self._epoch, self._versions.get(user_id, 0)

    async def of_user(self, user_id: int) -> tuple[Ownership, ...]:
        """The user's ownerships, newest first; the same objects while nothing changed."""
        kept = self._owned.get(user_id)
        if kept is not None:
            return kept
        version = self._version(user_id)
        loaded = tuple(await self._load(user_id))
        if self._version(user_id) == version:
            self._owned[user_id] = loaded
        return loaded

    @contextlib.contextmanager
    def changing(self, user_id: int) -> Iterator[None]:
        """Around a write of this user's ownerships: `changed` when it ends, however."""
        try:
            yield
        finally:
            self.changed(user_id)

    def changed(self, user_id: int) -> None:
        """A write of this user's ownerships ended (committed, rolled back or failed)."""
        self._versions[user_id] = self._versions.get(user_id, 0) + 1
        self._owned.pop(user_id, None)

    def changed_all(self) -> None:
        """A write of any number of users' ownerships ended."""
        self._epoch += 1
        self._owned.clear()
