"""A tiny HTTP file server for tests: serves given bytes by path, and redirects."""

from __future__ import annotations

import asyncio
import ssl


class FileServer:
    def __init__(
        self, host: str = "127.0.0.1", port: int = 0, tls: ssl.SSLContext | None = None
    ) -> None:
        self.host = host
        self.port = port
        self.tls = tls
        self.files: dict[str, bytes] = {}
        self.redirects: dict[str, str] = {}
        self.requests: list[str] = []
        self.host_headers: list[str] = []
        self._server: asyncio.Server | None = None

    def url(self, path: str, host: str | None = None) -> str:
        scheme = "https" if self.tls else "http"
        return f"{scheme}://{host or self.host}:{self.port}{path}"

    async def __aenter__(self) -> FileServer:
        self._server = await asyncio.start_server(self._serve, self.host, self.port, ssl=self.tls)
        self.port = int(self._server.sockets[0].getsockname()[1])
        return self

    async def __aexit__(self, *_: object) -> None:
        assert self._server is not None
        self._server.close()
        await self._server.wait_closed()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            head = await reader.readuntil(b"\r\n\r\n")
            path = head.split(b" ")[1].decode()
            self.requests.append(path)
            for line in head.decode("latin-1").split("\r\n")[1:]:
                if line.lower().startswith("host:"):
                    self.host_headers.append(line.split(":", 1)[1].strip())
            if path in self.redirects:
                status, headers, body = "302 Found", f"Location: {self.redirects[path]}\r\n", b""
            elif path in self.files:
                status, body = "200 OK", self.files[path]
                headers = "Content-Type: application/x-bittorrent\r\n"
            else:
                status, headers, body = "404 Not Found", "", b"not found"
            writer.write(
                f"HTTP/1.1 {status}\r\n{headers}Content-Length: {len(body)}\r\n"
                "Connection: close\r\n\r\n".encode()
                + body
            )
            await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError, ssl.SSLError):
            pass
        finally:
            writer.close()
