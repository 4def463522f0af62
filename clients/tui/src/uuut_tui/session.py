"""The login kept between runs: tokens per server, in a 0600 file in the user's config dir.

Refresh tokens rotate and a reused one revokes the whole login, so every new pair is saved at
once and refreshes are serialized by one lock.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from uuut_tui.config import config_dir, read_json, write_private

# Refresh a little before the access token expires rather than after a 401.
REFRESH_MARGIN_S = 30.0


@dataclass(frozen=True)
class Tokens:
    access_token: str
    refresh_token: str
    expires_at: float
    username: str = ""

    @classmethod
    def from_response(cls, body: dict, username: str = "") -> Tokens:
        return cls(
            access_token=str(body["access_token"]),
            refresh_token=str(body["refresh_token"]),
            expires_at=time.time() + float(body.get("expires_in", 900)),
            username=username,
        )


class TokenStore:
    """sessions.json: {server URL: tokens}."""

    def __init__(self, directory: Path | None = None) -> None:
        self.path = (directory or config_dir()) / "sessions.json"

    def load(self, server: str) -> Tokens | None:
        entry = read_json(self.path).get(server)
        if not isinstance(entry, dict):
            return None
        try:
            return Tokens(**entry)
        except TypeError:
            return None

    def save(self, server: str, tokens: Tokens | None) -> None:
        data = read_json(self.path)
        if tokens is None:
            data.pop(server, None)
        else:
            data[server] = asdict(tokens)
        write_private(self.path, data)


class Session:
    """The current login on one server; the API client reads and replaces its tokens."""

    def __init__(self, server: str, store: TokenStore) -> None:
        self.server = server
        self.store = store
        self.tokens = store.load(server)
        # Kept after the login ends, to fill in the login screen.
        self.last_username = self.tokens.username if self.tokens else ""
        self.refresh_lock = asyncio.Lock()

    @property
    def logged_in(self) -> bool:
        return self.tokens is not None

    @property
    def username(self) -> str:
        return self.tokens.username if self.tokens else ""

    def expiring(self) -> bool:
        return self.tokens is not None and self.tokens.expires_at - time.time() < REFRESH_MARGIN_S

    def replace(self, tokens: Tokens) -> None:
        self.tokens = tokens
        self.last_username = tokens.username or self.last_username
        self.store.save(self.server, tokens)

    def clear(self) -> None:
        self.tokens = None
        self.store.save(self.server, None)
