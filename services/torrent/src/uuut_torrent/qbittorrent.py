"""A qBittorrent WebAPI v2 client for 4.1 to 5.2, on httpx.

Written on httpx rather than qbittorrent-api: it is async (no thread per call), every call has
a deadline, and the version differences are ours to handle in one place: login answers 200
`Ok.`/`Fails.` up to 5.1 and 204/401 from 5.2 (cookie `SID` or `QBT_SID_<port>`, which the
cookie jar keeps whatever its name), `torrents/add` answers text up to 5.1 and JSON from 5.2,
and WebAPI 2.11 (5.0) renamed pause/resume to stop/start. Wrong credentials are never retried:
five failures get our address banned for an hour.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import httpx

from uuut_kit.errors import DependencyUnavailable, InvalidArgument, UpstreamError, UpstreamTimeout
from uuut_kit.logging import get_logger
from uuut_torrent import metrics

log = get_logger(__name__)

TAGS_API = (2, 3, 0)  # qBittorrent 4.2
STOP_START_API = (2, 11, 0)  # qBittorrent 5.0: pause/resume became stop/start
JSON_ADD_API = (2, 14, 0)  # qBittorrent 5.2: torrents/add answers JSON


class CredentialsRejected(UpstreamError):
    """qBittorrent refused our credentials (or banned us); we stop asking until restarted."""

    reason = "UPSTREAM_ERROR"


def parse_api_version(text: str) -> tuple[int, ...]:
    try:
        return tuple(int(part) for part in text.strip().split("."))
    except ValueError:
        raise UpstreamError(f"qBittorrent answered an odd WebAPI version: {text[:40]!r}") from None


@dataclass(frozen=True)
class AddResult:
    """What qBittorrent said to an add: accepted, or refused (a duplicate, usually)."""

    accepted: bool
    hashes: tuple[str, ...] = ()


class QbittorrentClient:
    """One logged-in session to one qBittorrent WebUI, re-established when it expires."""

    def __init__(
        self,
        url: str,
        username: str,
        password: str,
        *,
        timeout_s: float = 10.0,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.url = url.rstrip("/")
        self._username = username
        self._password = password
        # No Origin/Referer headers: qBittorrent's CSRF check then lets us through.
        self._http = httpx.AsyncClient(
            base_url=f"{self.url}/api/v2/", timeout=timeout_s, transport=transport
        )
        self._login_lock = asyncio.Lock()
        self._logged_in = False
        self._rejected: str | None = None
        self.api_version: tuple[int, ...] = ()

    async def close(self) -> None:
        await self._http.aclose()

    @property
    def credentials_rejected(self) -> bool:
        return self._rejected is not None

    @property
    def stop_start(self) -> bool:
        return self.api_version >= STOP_START_API

    # -- session ------------------------------------------------------------------------

    async def _login(self, stale: bool) -> None:
        async with self._login_lock:
            if self._rejected is not None:
                raise CredentialsRejected(self._rejected)
            if self._logged_in and not stale:
                return  # someone else logged in while we waited
            response = await self._send(
                "POST",
                "auth/login",
                data={"username": self._username, "password": self._password},
            )
            body = response.text.strip()
            if response.status_code == 403:
                self._refuse("qBittorrent has banned this address after failed logins")
            if response.status_code == 401 or (response.status_code == 200 and body == "Fails."):
                self._refuse("qBittorrent rejected the configured credentials")
            if response.status_code not in (200, 204) or (
                response.status_code == 200 and body != "Ok."
            ):
                raise UpstreamError(f"qBittorrent answered its login with {response.status_code}")
            self._logged_in = True
            version = await self._send("GET", "app/webapiVersion")
            if version.status_code != 200:
                raise UpstreamError(f"qBittorrent answered {version.status_code} for its version")
            self.api_version = parse_api_version(version.text)
            log.info("qbittorrent_logged_in", api_version=version.text.strip())

    def _refuse(self, message: str) -> None:
        self._rejected = (
            f"{message}: set UUUT_QBITTORRENT_USERNAME/UUUT_QBITTORRENT_PASSWORD and restart the"
            " torrent service (it will not try again, to avoid qBittorrent's IP ban)"
        )
        log.error("qbittorrent_login_refused", reason=message)
        raise CredentialsRejected(self._rejected)

    async def ensure_session(self) -> None:
        """Log in unless a session is open (readiness; version detection)."""
        if not self._logged_in:
            await self._login(stale=False)

    # -- transport ----------------------------------------------------------------------

    async def _send(self, method: str, endpoint: str, **kwargs: Any) -> httpx.Response:
        started = time.perf_counter()
        outcome = "error"
        try:
            response = await self._http.request(method, endpoint, **kwargs)
            outcome = str(response.status_code)
            return response
        except httpx.TimeoutException:
            outcome = "timeout"
            raise UpstreamTimeout("qBittorrent did not answer in time") from None
        except httpx.TransportError:
            outcome = "unreachable"
            raise DependencyUnavailable("qBittorrent is unavailable; try again shortly") from None
        finally:
            metrics.qbittorrent_requests.labels(endpoint, outcome).inc()
            metrics.qbittorrent_seconds.labels(endpoint).observe(time.perf_counter() - started)

    async def call(self, method: str, endpoint: str, **kwargs: Any) -> httpx.Response:
        """One API call with a session: logs in first, and once more if the session expired."""
        await self.ensure_session()
        response = await self._send(method, endpoint, **kwargs)
        if response.status_code == 403:  # not (any more) logged in
            self._logged_in = False
            await self._login(stale=True)
            response = await self._send(method, endpoint, **kwargs)
        if response.status_code == 403:
            raise UpstreamError("qBittorrent keeps refusing our session")
        return response

    async def _ok(self, method: str, endpoint: str, **kwargs: Any) -> httpx.Response:
        response = await self.call(method, endpoint, **kwargs)
        if response.status_code not in (200, 204):
            raise UpstreamError(f"qBittorrent answered {response.status_code} to {endpoint}")
        return response

    async def _json(self, endpoint: str, params: Mapping[str, Any] | None = None) -> Any:
        response = await self._ok("GET", endpoint, params=params)
        try:
            return response.json()
        except ValueError:
            raise UpstreamError(f"qBittorrent answered {endpoint} with invalid JSON") from None

    # -- API ----------------------------------------------------------------------------

    async def torrents(
        self, hashes: Sequence[str] | None = None, category: str | None = None
    ) -> list[dict[str, Any]]:
        """torrents/info: every torrent, or those with the given hashes (absent ones skipped)."""
        params: dict[str, str] = {}
        if hashes is not None:
            if not hashes:
                return []
            params["hashes"] = "|".join(hashes)
        if category is not None:
            params["category"] = category
        found = await self._json("torrents/info", params)
        if not isinstance(found, list):
            raise UpstreamError("qBittorrent answered torrents/info with something not a list")
        return found

    async def files(self, info_hash: str) -> list[dict[str, Any]]:
        response = await self.call("GET", "torrents/files", params={"hash": info_hash})
        if response.status_code in (404, 409):
            return []
        if response.status_code != 200:
            raise UpstreamError(f"qBittorrent answered {response.status_code} to torrents/files")
        return list(response.json())

    async def maindata(self, rid: int) -> dict[str, Any]:
        found = await self._json("sync/maindata", {"rid": rid})
        if not isinstance(found, dict):
            raise UpstreamError("qBittorrent answered sync/maindata with something not an object")
        return found

    async def add(
        self,
        *,
        torrent_file: bytes | None = None,
        magnet: str | None = None,
        category: str,
        tags: Sequence[str],
        paused: bool = False,
    ) -> AddResult:
        """torrents/add with either the bytes of a .torrent or a magnet URI."""
        await self.ensure_session()
        flag = "true" if paused else "false"
        data = {"category": category, "tags": ",".join(tags), "paused": flag, "stopped": flag}
        files = None
        if torrent_file is not None:
            files = {"torrents": ("upload.torrent", torrent_file, "application/x-bittorrent")}
        else:
            assert magnet is not None
            data["urls"] = magnet
        response = await self.call("POST", "torrents/add", data=data, files=files)
        if response.status_code == 415:
            raise InvalidArgument("qBittorrent says this is not a valid torrent file")
        if response.status_code == 409:  # 5.2: nothing added (already there, usually)
            return AddResult(accepted=False)
        if response.status_code not in (200, 202):
            raise UpstreamError(f"qBittorrent answered {response.status_code} to torrents/add")
        if response.headers.get("content-type", "").startswith("application/json"):
            body = response.json()
            accepted = body.get("success_count", 0) + body.get("pending_count", 0) > 0
            return AddResult(accepted, tuple(h.lower() for h in body.get("added_torrent_ids", ())))
        return AddResult(accepted=response.text.strip() == "Ok.")

    async def pause(self, hashes: Sequence[str]) -> None:
        await self.ensure_session()
        endpoint = "torrents/stop" if self.stop_start else "torrents/pause"
        await self._ok("POST", endpoint, data={"hashes": "|".join(hashes)})

    async def resume(self, hashes: Sequence[str]) -> None:
        await self.ensure_session()
        endpoint = "torrents/start" if self.stop_start else "torrents/resume"
        await self._ok("POST", endpoint, data={"hashes": "|".join(hashes)})

    async def delete(self, hashes: Sequence[str], delete_files: bool) -> None:
        data = {"hashes": "|".join(hashes), "deleteFiles": "true" if delete_files else "false"}
        await self._ok("POST", "torrents/delete", data=data)

    async def add_tags(self, hashes: Sequence[str], tags: Sequence[str]) -> None:
        await self._tags("torrents/addTags", hashes, tags)

    async def remove_tags(self, hashes: Sequence[str], tags: Sequence[str]) -> None:
        await self._tags("torrents/removeTags", hashes, tags)

    async def _tags(self, endpoint: str, hashes: Sequence[str], tags: Sequence[str]) -> None:
        await self.ensure_session()
        if self.api_version < TAGS_API:
            return  # qBittorrent 4.1 has no tags; ownership lives in our database anyway
        await self._ok("POST", endpoint, data={"hashes": "|".join(hashes), "tags": ",".join(tags)})

    async def ping(self) -> None:
        """A readiness check: qBittorrent answers, and accepts our session."""
        await self._ok("GET", "app/version")
