"""The .torrent fetcher connects to the address it checked, whatever DNS says next.

DNS is the only thing faked here (socket.getaddrinfo, which both our check and httpx would
use); the servers are real, on loopback addresses that the test's policy treats as the only
public one (127.0.0.1) or as private (any other).
"""

from __future__ import annotations

import datetime
import ipaddress
import socket
import ssl
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from uuut_kit.errors import InvalidArgument
from uuut_torrent.fetch import Address, TorrentFetcher

from .files import FileServer

GOOD = ipaddress.ip_address("127.0.0.1")


def only_good(address: Address) -> bool:
    return address == GOOD


class RebindingDns:
    """Answers each name from its list of addresses, one per lookup, then the last forever."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, answers: dict[str, list[str]]) -> None:
        self.answers = answers
        self.lookups: Counter[str] = Counter()
        real = socket.getaddrinfo

        def getaddrinfo(host, port, *args, **kwargs):  # type: ignore[no-untyped-def]
            name = host.decode() if isinstance(host, bytes) else host
            if name not in self.answers:
                return real(host, port, *args, **kwargs)
            seen = self.lookups[name]
            self.lookups[name] += 1
            address = self.answers[name][min(seen, len(self.answers[name]) - 1)]
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, int(port or 0)))]

        monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)


@pytest.fixture
async def good_and_evil() -> Iterator[tuple[FileServer, FileServer]]:
    """Two servers on one port: 127.0.0.1 (allowed) and 127.0.0.2 (private, as far as the
    policy goes), each serving different bytes at the same path."""
    async with FileServer("127.0.0.1") as good, FileServer("127.0.0.2", port=good.port) as evil:
        good.files["/x.torrent"] = b"good"
        evil.files["/x.torrent"] = b"evil"
        yield good, evil


async def test_the_download_goes_to_the_checked_address_when_dns_rebinds(
    monkeypatch: pytest.MonkeyPatch, good_and_evil
) -> None:
    good, evil = good_and_evil
    dns = RebindingDns(monkeypatch, {"rebind.test": ["127.0.0.1", "127.0.0.2"]})
    fetcher = TorrentFetcher(None, max_bytes=1024, timeout_s=5, address_allowed=only_good)
    try:
        body = await fetcher.fetch(f"http://rebind.test:{good.port}/x.torrent")
    finally:
        await fetcher.close()
    assert body == b"good"
    assert evil.requests == []
    assert dns.lookups["rebind.test"] == 1
    assert good.host_headers == [f"rebind.test:{good.port}"]


async def test_every_redirect_is_resolved_and_checked_again(
    monkeypatch: pytest.MonkeyPatch, good_and_evil
) -> None:
    good, evil = good_and_evil
    good.redirects["/start"] = f"http://later.test:{good.port}/x.torrent"
    dns = RebindingDns(
        monkeypatch, {"first.test": ["127.0.0.1"], "later.test": ["127.0.0.2", "127.0.0.1"]}
    )
    fetcher = TorrentFetcher(None, max_bytes=1024, timeout_s=5, address_allowed=only_good)
    try:
        with pytest.raises(InvalidArgument) as caught:
            await fetcher.fetch(f"http://first.test:{good.port}/start")
    finally:
        await fetcher.close()
    assert caught.value.reason == "BAD_SOURCE"
    assert good.requests == ["/start"] and evil.requests == []
    assert dns.lookups == Counter({"first.test": 1, "later.test": 1})


def _certificate(tmp_path: Path, name: str) -> tuple[ssl.SSLContext, ssl.SSLContext]:
    """A self-signed certificate for `name`: the server's context and a client trusting it."""
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(hours=1))
        .not_valid_after(now + datetime.timedelta(hours=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(name)]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = tmp_path / "cert.pem", tmp_path / "key.pem"
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    server = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server.load_cert_chain(cert_path, key_path)
    client = ssl.create_default_context(cafile=str(cert_path))
    return server, client


async def test_https_keeps_the_name_for_sni_and_certificate_checks(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    server_tls, client_tls = _certificate(tmp_path, "secure.test")
    RebindingDns(monkeypatch, {"secure.test": ["127.0.0.1", "127.0.0.2"]})
    async with FileServer("127.0.0.1", tls=server_tls) as server:
        server.files["/x.torrent"] = b"over tls"
        fetcher = TorrentFetcher(
            None,
            max_bytes=1024,
            timeout_s=5,
            transport=httpx.AsyncHTTPTransport(verify=client_tls),
            address_allowed=only_good,
        )
        try:
            # The certificate names secure.test, not 127.0.0.1: this only works if the TLS
            # handshake was made for the name while connecting to the address.
            assert await fetcher.fetch(f"https://secure.test:{server.port}/x.torrent") == (
                b"over tls"
            )
        finally:
            await fetcher.close()
    assert server.host_headers == [f"secure.test:{server.port}"]
