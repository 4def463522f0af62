"""The episodes a torrent is recorded for: the one asked, and every one a batch holds."""

from __future__ import annotations

from collections.abc import Iterable

from uuut_kit.errors import InvalidArgument

# A year of a daily show is far below this; a longer list is a caller's bug, not a batch.
MAX_EPISODES = 2000


def batch_episodes(episode: int | None, episodes: Iterable[int]) -> tuple[int, ...]:
    """The batch's episodes ascending and once each; INVALID_ARGUMENT unless every one is
    positive, there are at most MAX_EPISODES, and the asked `episode` is among them."""
    given = list(episodes)
    if not given:
        return ()
    if len(given) > MAX_EPISODES:
        raise InvalidArgument(
            f"a torrent holds at most {MAX_EPISODES} episodes", reason="BAD_EPISODES"
        )
    if any(number < 1 for number in given):
        raise InvalidArgument("episode numbers start at 1", reason="BAD_EPISODES")
    unique = tuple(sorted(set(given)))
    if episode is not None and episode not in unique:
        raise InvalidArgument(
            "the asked episode must be one of the torrent's episodes", reason="BAD_EPISODES"
        )
    return unique
