"""The fake Nyaa over HTTP, answering like nyaa.si (../shared/EXTERNAL-APIS.md §1).

- `/?page=rss&q=...` and `/rss`: the RSS of at most 75 releases, newest (highest id) first, as
  `application/xml` with no XML declaration and `-0000` dates; `q`/`term` searches with AND of
  words; `c`/`cats` category (`^\\d+_\\d+$` else 400), `f`/`filter` 0-3 (else 400: 1 = no
  remakes, 2 = trusted only), `s`/`o` validated (else 400) but the RSS always sorts by id desc;
  `u`/`user` an unknown uploader is 404; `m`/`magnets` puts magnet links in `<link>`;
- `/download/{id}.torrent` (also `/view/{id}/torrent`): a real v1 .torrent, 404 if unknown,
  announcing to `trackers`; `on_download` hears of each one served first (the sandbox's
  seeder starts seeding it there, so every .torrent the site lists can really be downloaded);
- over `burst` requests from one client within `window_s` seconds: 429 (no Retry-After, like
  the real site) until the window has passed;
- `fail_next` makes the next requests answer a given status and body (a Cloudflare page...).
"""

from __future__ import annotations

import re
import time
from collections import defaultdict, deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from urllib.parse import quote

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route

from uuut_sandbox.nyaa import rss
from uuut_sandbox.nyaa.search import matcher
from uuut_sandbox.nyaa.torrents import torrent_file
from uuut_sandbox.nyaa.world import Release

PER_PAGE = 75
SORT_KEYS = {"id", "size", "comments", "seeders", "leechers", "downloads"}
ORDERS = {"asc", "desc"}
FILTERS = {"0", "1", "2", "3"}
NYAA_TRACKERS = (
    "http://nyaa.tracker.wf:7777/announce",
    "udp://open.stealth.si:80/announce",
    "udp://tracker.opentrackr.org:1337/announce",
    "udp://exodus.desync.com:6969/announce",
    "udp://tracker.torrent.eu.org:451/announce",
)
_CATEGORY = re.compile(r"^\d+_\d+$")
_ERROR_PAGE = (
    "<!DOCTYPE html><html><head><title>{status}</title></head><body><h1>{status}</h1></body></html>"
)


@dataclass
class Fault:
    status: int
    body: str = "<html><head><title>Just a moment...</title></head><body>cf</body></html>"
    content_type: str = "text/html; charset=utf-8"


@dataclass
class FakeNyaa:
    """The fake site; `app` is its ASGI application."""

    releases: Sequence[Release]
    trackers: tuple[str, ...] = NYAA_TRACKERS
    burst: int = 30
    window_s: float = 10.0
    uploaders: frozenset[str] = frozenset()
    on_download: Callable[[Release, bytes], None] | None = None
    requests: list[str] = field(default_factory=list)
    _faults: deque[Fault] = field(default_factory=deque)
    _recent: dict[str, deque[float]] = field(default_factory=lambda: defaultdict(deque))

    def __post_init__(self) -> None:
        self._newest_first = sorted(self.releases, key=lambda r: r.id, reverse=True)
        self._by_id = {r.id: r for r in self.releases}
        self.app = Starlette(
            routes=[
                Route("/", self._home),
                Route("/rss", self._rss),
                Route("/download/{id:int}.torrent", self._download),
                Route("/view/{id:int}/torrent", self._download),
                Route("/view/{id:int}", self._view),
            ]
        )

    def fail_next(self, status: int, times: int = 1, **kwargs: str) -> None:
        """The next `times` requests answer `status` (with an HTML body by default)."""
        self._faults.extend(Fault(status, **kwargs) for _ in range(times))

    def _throttled(self, request: Request) -> bool:
        client = request.client.host if request.client else "?"
        now = time.monotonic()
        recent = self._recent[client]
        while recent and now - recent[0] > self.window_s:
            recent.popleft()
        recent.append(now)
        return len(recent) > self.burst

    def _gate(self, request: Request) -> Response | None:
        self.requests.append(str(request.url))
        if self._faults:
            fault = self._faults.popleft()
            return Response(fault.body, fault.status, media_type=fault.content_type)
        if self._throttled(request):
            return HTMLResponse(_ERROR_PAGE.format(status="429 Too Many Requests"), 429)
        return None

    async def _home(self, request: Request) -> Response:
        if request.query_params.get("page") == "rss":
            return await self._rss(request)
        blocked = self._gate(request)
        return blocked or HTMLResponse("<html><body><h1>Nyaa</h1></body></html>")

    async def _rss(self, request: Request) -> Response:
        blocked = self._gate(request)
        if blocked:
            return blocked
        params = request.query_params

        def first(*names: str, default: str = "") -> str:
            return next((params[n] for n in names if n in params), default)

        term = first("q", "term").strip()
        category = first("c", "cats", default="0_0")
        quality = first("f", "filter", default="0")
        sort, order = first("s", default="id"), first("o", default="desc")
        user = first("u", "user")
        if (
            not _CATEGORY.match(category)
            or quality not in FILTERS
            or sort not in SORT_KEYS
            or order not in ORDERS
        ):
            return HTMLResponse(_ERROR_PAGE.format(status="400 Bad Request"), 400)
        if user and user.lower() not in self.uploaders:
            return HTMLResponse(_ERROR_PAGE.format(status="404 Not Found"), 404)
        wanted = matcher(term) if term else None
        found = []
        for release in self._newest_first:  # RSS always sorts by id, newest first
            if not _in_category(release.category_id, category):
                continue
            if (quality == "1" and release.remake) or (quality == "2" and not release.trusted):
                continue
            if wanted is not None and not wanted(release.title):
                continue
            found.append(release)
            if len(found) == PER_PAGE:
                break
        magnets = "m" in params or "magnets" in params
        base = str(request.base_url).rstrip("/")
        body = rss.render(
            found,
            base=base,
            term=term or None,
            magnets=magnets,
            magnet_of={r.id: self.magnet(r) for r in found} if magnets else {},
        )
        return Response(
            body, media_type="application/xml", headers={"Cache-Control": "max-age=300"}
        )

    async def _download(self, request: Request) -> Response:
        blocked = self._gate(request)
        if blocked:
            return blocked
        release = self._by_id.get(request.path_params["id"])
        if release is None:
            return HTMLResponse(_ERROR_PAGE.format(status="404 Not Found"), 404)
        data = self.torrent(release)
        if self.on_download is not None:
            self.on_download(release, data)
        name = f"{release.file_name}.torrent"
        ascii_name = name.encode("ascii", "replace").decode().replace('"', "")
        return Response(
            data,
            media_type="application/x-bittorrent",
            headers={
                "Content-Disposition": (
                    f"inline; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name)}"
                )
            },
        )

    async def _view(self, request: Request) -> Response:
        blocked = self._gate(request)
        release = self._by_id.get(request.path_params["id"])
        if blocked or release is None:
            return blocked or HTMLResponse(_ERROR_PAGE.format(status="404 Not Found"), 404)
        return HTMLResponse(f"<html><body><h3>{rss._esc(release.title)}</h3></body></html>")

    def torrent(self, release: Release) -> bytes:
        return torrent_file(
            release.file_name, release.content_size, self.trackers, release.published
        )

    def magnet(self, release: Release) -> str:
        trackers = "".join(f"&tr={quote(t, safe='')}" for t in self.trackers)
        return f"magnet:?xt=urn:btih:{release.info_hash}&dn={quote(release.title)}{trackers}"


def _in_category(category_id: str, wanted: str) -> bool:
    if wanted == "0_0":
        return True
    main, sub = wanted.split("_")
    if sub == "0":
        return category_id.split("_")[0] == main
    return category_id == wanted
