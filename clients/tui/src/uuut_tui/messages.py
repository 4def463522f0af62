"""Messages the screens and the app send each other."""

from __future__ import annotations

from textual.message import Message

from uuut_tui.models import Me


class LoggedIn(Message):
    """The user logged in (or a stored login still works): show the main screens."""

    def __init__(self, me: Me) -> None:
        super().__init__()
        self.me = me


class ServerChosen(Message):
    """The user picked another server: start over against it."""

    def __init__(self, url: str) -> None:
        super().__init__()
        self.url = url


class TorrentsChanged(Message):
    """The app's live view of the user's torrents changed (hash, or None for all)."""

    def __init__(self, info_hash: str | None) -> None:
        super().__init__()
        self.info_hash = info_hash
