"""How qBittorrent shows who owns a torrent: our category and one tag per owner."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def owner_tag(user_id: int) -> str:
    """The qBittorrent tag that shows an owner in qBittorrent's own WebUI."""
    return f"uuut-user-{user_id}"


def tags_of(fields: Mapping[str, Any]) -> set[str]:
    """A torrent's tags (qBittorrent joins them with ", ")."""
    return {t.strip() for t in str(fields.get("tags", "")).split(",") if t.strip()}
