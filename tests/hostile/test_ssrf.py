"""SSRF through a user's `.torrent` URL: POST /api/v1/torrents must refuse (400 `bad_source`)
every URL that reaches our own network, however it is spelled, and never connect to it.

The stack's Nyaa is the sandbox on 127.0.0.1, so that one host name is trusted (by design: the
contract trusts the configured Nyaa host whatever its address). Every other spelling of loopback
is not, and a canary listening on loopback must never hear from the torrent service.
"""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator

import httpx
import pytest

from .conftest import Callers
from .sandboxed import bearer


class _Canary(http.server.BaseHTTPRequestHandler):
    heard: list[str] = []
    redirect_to: dict[str, str] = {}

    def do_GET(self) -> None:
        if self.path in self.redirect_to:
            self.send_response(302)
            self.send_header("Location", self.redirect_to[self.path])
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self.heard.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "application/x-bittorrent")
        body = b"d4:infod4:name1:x6:lengthi1e12:piece lengthi16384e6:pieces20:" + b"0" * 20 + b"ee"
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *_: object) -> None:
        pass


@pytest.fixture(scope="module")
def canary() -> Iterator[int]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Canary)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield int(server.server_address[1])
    server.shutdown()
    server.server_close()


LOOPBACK_SPELLINGS = [
    "localhost",
    "LOCALHOST",
    "localhost.",
    "127.0.0.2",
    "127.1",
    "0.0.0.0",  # noqa: S104 - an address to refuse, not to bind
    "0",
    "2130706433",  # decimal
    "0x7f000001",  # hexadecimal
    "0177.0.0.1",  # octal
    "017700000001",
    "[::1]",
    "[0:0:0:0:0:0:0:1]",
    "[::ffff:127.0.0.1]",
    "[::ffff:7f00:1]",
    "[::]",
]
PRIVATE_URLS = [
    "http://169.254.169.254/latest/meta-data/",  # cloud metadata (link-local)
    "http://[fe80::1]/x.torrent",
    "http://[fe80::1%25eth0]/x.torrent",
    "http://10.0.0.1/x.torrent",
    "http://172.16.0.1/x.torrent",
    "http://192.168.1.1/x.torrent",
    "http://100.64.0.1/x.torrent",  # carrier-grade NAT
    "http://[fc00::1]/x.torrent",
    "http://[fd12:3456::1]/x.torrent",
    "http://224.0.0.1/x.torrent",
    "http://[::ffff:10.0.0.1]/x.torrent",
    "http://[64:ff9b::7f00:1]/x.torrent",  # NAT64 of 127.0.0.1
    "http://[2002:7f00:1::1]/x.torrent",  # 6to4 of 127.0.0.1
    "http://user:secret@localhost/x.torrent",
    "https://localhost/x.torrent",
]
NOT_SOURCES = [
    "file:///etc/passwd",
    "ftp://127.0.0.1/x.torrent",
    "gopher://localhost:70/_x",
    "javascript:alert(1)",
    "data:application/x-bittorrent;base64,ZA==",
    "//localhost/x.torrent",
    "http:///x.torrent",
    "http://[::1/x.torrent",
    "http://[not-an-address]/x.torrent",
    "http://example.com:99999/x.torrent",
    "http://example.com:port/x.torrent",
    "http://" + "a" * 64 + ".example/x.torrent",
    "http://exa\x00mple.com/x.torrent",
    "http://\u2024\u2024/x.torrent",
    "magnet:?xt=urn:btih:" + "a" * 39,
    "magnet:?xt=urn:btih:" + "g" * 40,
    "magnet:?xt=urn:btih:" + "1" * 32,
    "magnet:?xt=urn:sha1:" + "a" * 40,
    "magnet:",
    " ",
]


def _add(http: httpx.Client, callers: Callers, source: str) -> httpx.Response:
    return http.post(
        "/api/v1/torrents", json={"source": source}, headers=bearer(callers.user_token)
    )


def _refused(reply: httpx.Response) -> None:
    assert reply.status_code == 400, reply.text
    assert reply.json()["code"] == "bad_source", reply.text


@pytest.mark.parametrize("host", LOOPBACK_SPELLINGS)
def test_loopback_in_any_spelling_is_refused(
    http: httpx.Client, callers: Callers, canary: int, host: str
) -> None:
    _Canary.heard.clear()
    _refused(_add(http, callers, f"http://{host}:{canary}/x.torrent"))
    assert _Canary.heard == []


@pytest.mark.parametrize("url", PRIVATE_URLS)
def test_private_link_local_and_special_addresses_are_refused(
    http: httpx.Client, callers: Callers, url: str
) -> None:
    _refused(_add(http, callers, url))


@pytest.mark.parametrize("source", NOT_SOURCES, ids=repr)
def test_what_is_not_a_magnet_nor_an_http_url_is_refused(
    http: httpx.Client, callers: Callers, source: str
) -> None:
    _refused(_add(http, callers, source))


@pytest.mark.parametrize("target", ["localhost", "[::1]", "169.254.169.254", "2130706433"])
def test_a_redirect_into_our_network_is_refused(
    http: httpx.Client, callers: Callers, canary: int, target: str
) -> None:
    """The first hop is the trusted Nyaa host (127.0.0.1); where it redirects is checked."""
    _Canary.heard.clear()
    _Canary.redirect_to["/go.torrent"] = f"http://{target}:{canary}/x.torrent"
    _refused(_add(http, callers, f"http://127.0.0.1:{canary}/go.torrent"))
    assert _Canary.heard == []
