"""Downloading a user's .torrent URL without letting it reach into our own network.

Every hop (redirects are followed by hand) must be http(s) and resolve only to public
addresses, unless its host is the configured Nyaa host; the body is capped and the whole
download has one deadline.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from urllib.parse import urljoin, urlsplit

import httpx

from uuut_kit.errors import InvalidArgument, UpstreamError, UpstreamTimeout
from uuut_kit.logging import get_logger

log = get_logger(__name__)

MAX_REDIRECTS = 5


class TorrentFetcher:
    def __init__(
        self,
        trusted_host: str | None,
        *,
        max_bytes: int,
        timeout_s: float,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self._trusted_host = (trusted_host or "").lower() or None
        self._max_bytes = max_bytes
        self._timeout_s = timeout_s
        self._http = httpx.AsyncClient(
            follow_redirects=False,
            timeout=timeout_s,
            transport=transport,
            headers={"User-Agent": "UUUTorrent"},
        )

    async def close(self) -> None:
        await self._http.aclose()

    async def fetch(self, url: str) -> bytes:
        """The bytes of the .torrent at `url`; INVALID_ARGUMENT for a URL we refuse."""
        try:
            async with asyncio.timeout(self._timeout_s):
                return await self._follow(url)
        except TimeoutError:
            raise UpstreamTimeout("the .torrent download did not finish in time") from None

    async def _follow(self, url: str) -> bytes:
        for _ in range(MAX_REDIRECTS + 1):
            await self.check_url(url)
            try:
                async with self._http.stream("GET", url) as response:
                    if response.is_redirect:
                        location = response.headers.get("location", "")
                        url = urljoin(url, location)
                        continue
                    if response.status_code != 200:
                        raise UpstreamError(
                            f"the .torrent URL answered HTTP {response.status_code}"
                        )
                    return await self._body(response)
            except httpx.TimeoutException:
                raise UpstreamTimeout("the .torrent download did not finish in time") from None
            except httpx.TransportError as exc:
                raise UpstreamError(
                    f"the .torrent URL could not be fetched ({type(exc).__name__})"
                ) from None
        raise UpstreamError("the .torrent URL redirects too many times")

    async def _body(self, response: httpx.Response) -> bytes:
        declared = response.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > self._max_bytes:
            raise InvalidArgument("the .torrent file is too large", reason="BAD_SOURCE")
        chunks, size = [], 0
        async for chunk in response.aiter_bytes():
            size += len(chunk)
            if size > self._max_bytes:
                raise InvalidArgument("the .torrent file is too large", reason="BAD_SOURCE")
            chunks.append(chunk)
        return b"".join(chunks)

    async def check_url(self, url: str) -> None:
        """Refuse non-http(s) URLs and hosts that resolve to non-public addresses."""
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise InvalidArgument(
                "only http(s) URLs of .torrent files are accepted", reason="BAD_SOURCE"
            )
        host = parts.hostname.lower()
        if self._trusted_host is not None and host == self._trusted_host:
            return
        for address in await _resolve(host, parts.port or (443 if parts.scheme == "https" else 80)):
            if not _public(address):
                log.info("torrent_url_refused", host=host)
                raise InvalidArgument(
                    "this URL points at a loopback, link-local or private address",
                    reason="BAD_SOURCE",
                )


async def _resolve(host: str, port: int) -> list[str]:
    try:
        return [str(ipaddress.ip_address(host))]
    except ValueError:
        pass
    loop = asyncio.get_running_loop()
    try:
        infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror:
        raise InvalidArgument(f"the host {host!r} does not resolve", reason="BAD_SOURCE") from None
    return [str(info[4][0]) for info in infos]


def _public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast
