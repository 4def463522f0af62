"""Where the client keeps its files, and the saved server profiles.

Everything lives in the user's config dir (platformdirs: `~/.config/uuutorrent` on Linux),
or in `UUUT_TUI_CONFIG_DIR` when set (tests, several identities side by side).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from platformdirs import user_config_dir

DEFAULT_SERVER = "http://127.0.0.1:8000"


def config_dir() -> Path:
    override = os.environ.get("UUUT_TUI_CONFIG_DIR")
    return Path(override) if override else Path(user_config_dir("uuutorrent", appauthor=False))


def write_private(path: Path, data: object) -> None:
    """Write JSON readable by the owner only (0600), atomically, in a 0700 directory."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    temporary = path.with_suffix(".tmp")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as file:
        json.dump(data, file, indent=2)
    os.chmod(temporary, 0o600)  # an older file may have had wider rights
    os.replace(temporary, path)


def read_json(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (FileNotFoundError, json.JSONDecodeError):
        return {}
    return data if isinstance(data, dict) else {}


def normalize_url(url: str) -> str:
    url = url.strip().rstrip("/")
    if "://" not in url:
        url = f"http://{url}"
    return url


def profile_name(url: str) -> str:
    """A default name for a server: its host and port."""
    return urlsplit(url).netloc or url


@dataclass
class Profiles:
    """Saved servers by name, and which one was used last."""

    path: Path
    servers: dict[str, str] = field(default_factory=dict)
    current: str | None = None

    @classmethod
    def load(cls, directory: Path | None = None) -> Profiles:
        path = (directory or config_dir()) / "servers.json"
        data = read_json(path)
        servers = {str(k): str(v) for k, v in dict(data.get("servers", {})).items()}
        current = data.get("current")
        return cls(path, servers, current if current in servers else None)

    def save(self) -> None:
        write_private(self.path, {"current": self.current, "servers": self.servers})

    def remember(self, url: str, name: str | None = None, current: bool = True) -> str:
        """Save `url` (under its existing name if already saved), by default as the current."""
        url = normalize_url(url)
        existing = next((n for n, u in self.servers.items() if u == url), None)
        chosen = name or existing or profile_name(url)
        if existing and name and existing != name:
            del self.servers[existing]
        self.servers[chosen] = url
        if current or self.current is None:
            self.current = chosen
        self.save()
        return chosen

    def forget(self, name: str) -> None:
        self.servers.pop(name, None)
        if self.current == name:
            self.current = None
        self.save()

    def current_url(self) -> str | None:
        return self.servers.get(self.current) if self.current else None


def choose_server(cli_server: str | None, profile: str | None, profiles: Profiles) -> str:
    """--server, else --profile, else UUUT_GATEWAY_URL, else the last used, else the default."""
    if cli_server:
        return normalize_url(cli_server)
    if profile and profile in profiles.servers:
        return profiles.servers[profile]
    env = os.environ.get("UUUT_GATEWAY_URL")
    if env:
        return normalize_url(env)
    return profiles.current_url() or DEFAULT_SERVER
