"""A tiny HTTP BitTorrent tracker (BEP 3 announce, BEP 23 compact peers) on asyncio streams."""

from __future__ import annotations

import asyncio
import ipaddress
import socket
import struct
import time
from dataclasses import dataclass, field
from urllib.parse import unquote_to_bytes

import libtorrent as lt

ANNOUNCE_INTERVAL_S = 5
PEER_TTL_S = 60


@dataclass
class _Swarm:
    # peer id → (ip, port, last seen)
    peers: dict[bytes, tuple[str, int, float]] = field(default_factory=dict)


class Tracker:
    """Answers `/announce` with every other peer of the swarm; IPv4 peers only."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0) -> None:
        self.host = host
        self.port = port
        self._swarms: dict[bytes, _Swarm] = {}
        self._server: asyncio.Server | None = None

    @property
    def announce_url(self) -> str:
        return f"http://{self.host}:{self.port}/announce"

    async def start(self) -> Tracker:
        self._server = await asyncio.start_server(self._serve, self.host, self.port)
        self.port = int(self._server.sockets[0].getsockname()[1])
        return self

    async def stop(self) -> None:
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()

    async def __aenter__(self) -> Tracker:
        return await self.start()

    async def __aexit__(self, *_: object) -> None:
        await self.stop()

    def peers(self, info_hash: str) -> list[tuple[str, int]]:
        """The peers known for a hex info hash."""
        swarm = self._swarms.get(bytes.fromhex(info_hash), _Swarm())
        return [(ip, port) for ip, port, _ in swarm.peers.values()]

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 5)
            target = head.split(b"\r\n", 1)[0].split(b" ")[1]
            path, _, query = target.partition(b"?")
            if path != b"/announce":
                body, status = b"not found", "404 Not Found"
            else:
                peer = writer.get_extra_info("peername")[0]
                body, status = self._announce(query, peer), "200 OK"
            writer.write(
                f"HTTP/1.1 {status}\r\nContent-Type: text/plain\r\n"
                f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n".encode()
                + body
            )
            await writer.drain()
        except (TimeoutError, asyncio.IncompleteReadError, ConnectionError, IndexError):
            pass
        finally:
            writer.close()

    def _announce(self, query: bytes, remote_ip: str) -> bytes:
        params: dict[bytes, bytes] = {}
        for pair in query.split(b"&"):
            key, _, value = pair.partition(b"=")
            params[unquote_to_bytes(key)] = unquote_to_bytes(value)
        info_hash, peer_id = params.get(b"info_hash", b""), params.get(b"peer_id", b"")
        try:
            port = int(params.get(b"port", b"0"))
        except ValueError:
            port = 0
        if len(info_hash) != 20 or not peer_id or not 0 < port < 65536:
            return lt.bencode({b"failure reason": b"bad announce"})
        swarm = self._swarms.setdefault(info_hash, _Swarm())
        now = time.monotonic()
        swarm.peers = {k: v for k, v in swarm.peers.items() if now - v[2] < PEER_TTL_S}
        if params.get(b"event") == b"stopped":
            swarm.peers.pop(peer_id, None)
        else:
            swarm.peers[peer_id] = (_ipv4(remote_ip), port, now)
        others = [
            socket.inet_aton(ip) + struct.pack(">H", p)
            for key, (ip, p, _) in swarm.peers.items()
            if key != peer_id
        ]
        return lt.bencode(
            {
                b"interval": ANNOUNCE_INTERVAL_S,
                b"min interval": 1,
                b"complete": len(swarm.peers),
                b"incomplete": 0,
                b"peers": b"".join(others),
            }
        )


def _ipv4(address: str) -> str:
    ip = ipaddress.ip_address(address)
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        return str(ip.ipv4_mapped)
    return str(ip)


__all__ = ["Tracker"]
