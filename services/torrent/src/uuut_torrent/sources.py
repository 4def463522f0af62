"""What a user may add: a magnet with a btih, or an http(s) URL of a .torrent file."""

from __future__ import annotations

import base64
import hashlib
import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

from uuut_kit.errors import InvalidArgument

_HEX40 = re.compile(r"[0-9a-fA-F]{40}")
_BASE32 = re.compile(r"[A-Za-z2-7]{32}")
MAX_SOURCE_CHARS = 8192


@dataclass(frozen=True)
class Magnet:
    uri: str
    info_hash: str  # 40 lowercase hex


@dataclass(frozen=True)
class TorrentUrl:
    url: str


Source = Magnet | TorrentUrl


def parse_source(source: str) -> Source:
    """Classify a user's `source`; anything else is INVALID_ARGUMENT (the contract's 400)."""
    source = source.strip()
    if not source:
        raise InvalidArgument("source is empty", reason="BAD_SOURCE")
    if len(source) > MAX_SOURCE_CHARS:
        raise InvalidArgument("source is too long", reason="BAD_SOURCE")
    scheme = source.split(":", 1)[0].lower()
    if scheme == "magnet":
        return Magnet(uri=source, info_hash=magnet_info_hash(source))
    if scheme in ("http", "https"):
        try:
            parts = urlsplit(source)
            _ = parts.port  # raises on a port that is not a number in range
        except ValueError:  # an unclosed "[" or a bad IPv6 literal, a bad port
            raise InvalidArgument("the URL cannot be read", reason="BAD_SOURCE") from None
        if not parts.hostname:
            raise InvalidArgument("the URL has no host", reason="BAD_SOURCE")
        return TorrentUrl(url=source)
    raise InvalidArgument(
        "source must be a magnet URI or an http(s) URL of a .torrent file", reason="BAD_SOURCE"
    )


def magnet_info_hash(uri: str) -> str:
    """The v1 info hash of a magnet's `xt=urn:btih:` (40 hex or 32 base32), lowercase hex."""
    query = uri[len("magnet:") :].lstrip("?")
    for topic in parse_qs(query).get("xt", []):
        if topic.lower().startswith("urn:btih:"):
            value = topic[len("urn:btih:") :]
            if _HEX40.fullmatch(value):
                return value.lower()
            if _BASE32.fullmatch(value):
                return base64.b32decode(value.upper()).hex()
    raise InvalidArgument(
        "the magnet needs an xt=urn:btih: of 40 hex or 32 base32 characters", reason="BAD_SOURCE"
    )


def torrent_info_hash(data: bytes) -> str:
    """The hash qBittorrent files a .torrent under: SHA-1 of the bencoded info dictionary
    (for a v2-only torrent, SHA-256 truncated to 20 bytes, as qBittorrent does)."""
    try:
        start, end, info = _info_span(data)
    except (ValueError, IndexError, TypeError):
        raise InvalidArgument("this is not a valid .torrent file", reason="BAD_SOURCE") from None
    raw = data[start:end]
    if b"pieces" not in info and info.get(b"meta version") == 2:
        return hashlib.sha256(raw).hexdigest()[:40]
    return hashlib.sha1(raw).hexdigest()  # noqa: S324 - BitTorrent v1 is defined on SHA-1


def _info_span(data: bytes) -> tuple[int, int, dict[bytes, object]]:
    if data[:1] != b"d":
        raise ValueError("not a dictionary")
    position = 1
    while data[position : position + 1] != b"e":
        key, position = _decode(data, position)
        if not isinstance(key, bytes):
            raise ValueError("dictionary key is not a string")
        start = position
        value, position = _decode(data, position)
        if key == b"info":
            if not isinstance(value, dict):
                raise ValueError("info is not a dictionary")
            return start, position, value
    raise ValueError("no info dictionary")


def _decode(data: bytes, position: int, depth: int = 0) -> tuple[object, int]:
    """Minimal bencode decoder: (value, next position); raises ValueError on malformed input."""
    if depth > 64:
        raise ValueError("nested too deeply")
    lead = data[position : position + 1]
    if lead == b"i":
        end = data.index(b"e", position)
        return int(data[position + 1 : end]), end + 1
    if lead in (b"l", b"d"):
        position += 1
        items: list[object] = []
        while data[position : position + 1] != b"e":
            if position >= len(data):
                raise ValueError("unterminated container")
            item, position = _decode(data, position, depth + 1)
            items.append(item)
        if lead == b"l":
            return items, position + 1
        if len(items) % 2:
            raise ValueError("odd dictionary")
        return dict(zip(items[::2], items[1::2], strict=True)), position + 1  # type: ignore[arg-type]
    if lead.isdigit():
        colon = data.index(b":", position)
        length = int(data[position:colon])
        end = colon + 1 + length
        if end > len(data):
            raise ValueError("string runs past the end")
        return data[colon + 1 : end], end
    raise ValueError(f"unexpected byte at {position}")


__all__ = ["Magnet", "Source", "TorrentUrl", "parse_source", "torrent_info_hash"]
