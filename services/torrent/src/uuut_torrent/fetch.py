"""Downloading a user's .torrent URL without letting it reach into our own network.

Every hop (redirects are followed by hand) must be http(s) and resolve only to public
addresses, unless its host is the configured Nyaa host; the body is capped and the whole
download has one deadline.

The host is resolved once per hop and the connection goes to the address that was checked:
letting httpx resolve again would let a DNS server answer a public address to the check and
a private one to the download (DNS rebinding). The request keeps the name in its Host header
and, for https, in SNI and certificate verification.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import httpx

from uuut_kit.errors import InvalidArgument, UpstreamError, UpstreamTimeout
from uuut_kit.logging import get_logger

log = get_logger(__name__)

MAX_REDIRECTS = 5

Address = ipaddress.IPv4Address | ipaddress.IPv6Address


# IPv6 prefixes that carry an IPv4 address in their last 32 bits and reach it through a
# translator (NAT64, RFC 6052 and RFC 8215): 64:ff9b::7f00:1 is 127.0.0.1 behind one.
_NAT64 = (ipaddress.IPv6Network("64:ff9b::/96"), ipaddress.IPv6Network("64:ff9b:1::/48"))


def is_public(ip: Address) -> bool:
    """Global unicast: not loopback, link-local, private, shared, reserved or multicast,
    nor an IPv6 address that embeds an IPv4 address which is not (mapped, 6to4, NAT64)."""
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return is_public(ip.ipv4_mapped)
        embedded = ip.sixtofour
        if embedded is None and any(ip in prefix for prefix in _NAT64):
            embedded = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
        if embedded is not None and not is_public(embedded):
            return False
    return ip.is_global and not ip.is_multicast


class TorrentFetcher:
    def __init__(
        self,
        trusted_host: str | None,
        *,
        max_bytes: int,
        timeout_s: float,
        transport: httpx.AsyncBaseTransport | None = None,
        address_allowed: Callable[[Address], bool] = is_public,
    ) -> None:
        self._trusted_host = (trusted_host or "").lower() or None
        self._max_bytes = max_bytes
        self._timeout_s = timeout_s
        self._address_allowed = address_allowed
        self._http = httpx.AsyncClient(
            follow_redirects=False,
            timeout=timeout_s,
            transport=transport,
            headers={"User-Agent": "UUUTorrent"},
            # A proxy would resolve the name itself; a kept-alive connection, made for one
            # name, could carry a request for another name on the same address.
            trust_env=False,
            limits=httpx.Limits(max_keepalive_connections=0),
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
            target = _pinned(url, await self.check_url(url))
            try:
                async with self._http.stream(
                    "GET", target.url, headers=target.headers, extensions=target.extensions
                ) as response:
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

    async def check_url(self, url: str) -> Address | None:
        """Refuse non-http(s) URLs and hosts that resolve to non-public addresses; the
        address to connect to (None for the trusted host, whatever it resolves to)."""
        try:
            parts = urlsplit(url)
            port = parts.port  # raises on a port that is not a number in range
        except ValueError:  # also a redirect's Location: an unclosed "[", a bad IPv6 literal
            raise InvalidArgument("the URL cannot be read", reason="BAD_SOURCE") from None
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise InvalidArgument(
                "only http(s) URLs of .torrent files are accepted", reason="BAD_SOURCE"
            )
        host = parts.hostname.lower()
        if self._trusted_host is not None and host == self._trusted_host:
            return None
        addresses = await _resolve(host, port or (443 if parts.scheme == "https" else 80))
        # Every address must pass, not just the one we pick: the answer is the host's.
        if not addresses or not all(self._address_allowed(a) for a in addresses):
            log.info("torrent_url_refused", host=host)
            raise InvalidArgument(
                "this URL points at a loopback, link-local or private address",
                reason="BAD_SOURCE",
            )
        return addresses[0]


@dataclass(frozen=True)
class _Target:
    url: str
    headers: dict[str, str]
    extensions: dict[str, str]


def _pinned(url: str, address: Address | None) -> _Target:
    """The request for `url` sent to `address`: the URL's host replaced by the address, the
    name kept in the Host header and, for https, as the SNI name (which httpx also verifies
    the certificate against)."""
    if address is None:
        return _Target(url, {}, {})
    parts = urlsplit(url)
    literal = f"[{address}]" if address.version == 6 else str(address)
    netloc = literal if parts.port is None else f"{literal}:{parts.port}"
    host_header = parts.netloc.rsplit("@", 1)[-1]
    extensions = {"sni_hostname": parts.hostname or ""} if parts.scheme == "https" else {}
    return _Target(parts._replace(netloc=netloc).geturl(), {"Host": host_header}, extensions)


async def _resolve(host: str, port: int) -> list[Address]:
    try:
        return [ipaddress.ip_address(host)]
    except ValueError:
        pass
    loop = asyncio.get_running_loop()
    try:
        infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError, ValueError):
        # UnicodeError: a name IDNA cannot encode (a label over 63 characters, an empty one).
        raise InvalidArgument(f"the host {host!r} does not resolve", reason="BAD_SOURCE") from None
    # A scoped IPv6 address (fe80::1%eth0) is link-local either way: drop the scope.
    return [ipaddress.ip_address(str(info[4][0]).split("%", 1)[0]) for info in infos]
