"""Nyaa's RSS answer read into releases, every `nyaa:` field kept (EXTERNAL-APIS.md §1.3)."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import quote

import feedparser

# The trackers nyaa.si itself puts into its magnet links.
NYAA_TRACKERS = (
    "http://nyaa.tracker.wf:7777/announce",
    "udp://open.stealth.si:80/announce",
    "udp://tracker.opentrackr.org:1337/announce",
    "udp://exodus.desync.com:6969/announce",
    "udp://tracker.torrent.eu.org:451/announce",
)

_SIZE = re.compile(r"^\s*([\d.]+)\s*(Bytes|B|KiB|MiB|GiB|TiB|KB|MB|GB|TB)\s*$", re.I)
_UNITS = {
    "bytes": 1,
    "b": 1,
    "kib": 1024,
    "mib": 1024**2,
    "gib": 1024**3,
    "tib": 1024**4,
    "kb": 1000,
    "mb": 1000**2,
    "gb": 1000**3,
    "tb": 1000**4,
}
_HEX40 = re.compile(r"^[0-9a-f]{40}$")


class FeedError(ValueError):
    """The body is not a Nyaa RSS feed (an HTML error page, a Cloudflare challenge...)."""


@dataclass(frozen=True, slots=True)
class NyaaItem:
    """One release as Nyaa lists it; title, counts and flags verbatim."""

    title: str
    info_hash: str
    torrent_url: str
    view_url: str
    published_at: datetime
    seeders: int
    leechers: int
    downloads: int
    size_bytes: int
    size_text: str
    category_id: str
    category: str
    comments: int
    trusted: bool
    remake: bool

    @property
    def magnet(self) -> str:
        return magnet_uri(self.info_hash, self.title)


def magnet_uri(info_hash: str, name: str) -> str:
    """A magnet link as Nyaa builds it: the v1 hash, the name and its usual trackers."""
    trackers = "".join(f"&tr={quote(t, safe='')}" for t in NYAA_TRACKERS)
    return f"magnet:?xt=urn:btih:{info_hash}&dn={quote(name, safe='')}{trackers}"


def size_to_bytes(text: str) -> int:
    """'1.3 GiB' → 1395864371; 0 when Nyaa's size text is not understood."""
    match = _SIZE.match(text or "")
    if not match:
        return 0
    return int(float(match.group(1)) * _UNITS[match.group(2).lower()])


def _int(value: object) -> int:
    try:
        return max(0, int(str(value).strip()))
    except ValueError:
        return 0


def _published(entry: feedparser.FeedParserDict) -> datetime:
    parsed = entry.get("published_parsed")
    if parsed:
        return datetime.fromtimestamp(calendar.timegm(parsed), tz=UTC)
    return datetime.fromtimestamp(0, tz=UTC)


def parse_feed(body: bytes) -> list[NyaaItem]:
    """The releases of a Nyaa RSS body, in feed order (newest first); FeedError if not one."""
    head = body.lstrip()[:200].lower()
    if not (head.startswith(b"<rss") or head.startswith(b"<?xml")):
        raise FeedError("the answer is not an RSS feed")
    feed = feedparser.parse(body)
    if feed.get("version", "") == "" and not feed.entries:
        raise FeedError("the answer is not a readable RSS feed")
    items = []
    for entry in feed.entries:
        info_hash = str(entry.get("nyaa_infohash", "")).strip().lower()
        if not _HEX40.match(info_hash):
            continue  # without a v1 hash we cannot add it nor tell it apart
        size_text = str(entry.get("nyaa_size", "")).strip()
        items.append(
            NyaaItem(
                title=str(entry.get("title", "")),
                info_hash=info_hash,
                torrent_url=str(entry.get("link", "")),
                view_url=str(entry.get("id", "")),
                published_at=_published(entry),
                seeders=_int(entry.get("nyaa_seeders", 0)),
                leechers=_int(entry.get("nyaa_leechers", 0)),
                downloads=_int(entry.get("nyaa_downloads", 0)),
                size_bytes=size_to_bytes(size_text),
                size_text=size_text,
                category_id=str(entry.get("nyaa_categoryid", "")),
                category=str(entry.get("nyaa_category", "")),
                comments=_int(entry.get("nyaa_comments", 0)),
                trusted=str(entry.get("nyaa_trusted", "")).strip() == "Yes",
                remake=str(entry.get("nyaa_remake", "")).strip() == "Yes",
            )
        )
    return items
