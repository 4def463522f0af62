"""The one HTTP client of the gateway (../shared/API.md): typed errors by contract `code`.

Every call refreshes the access token when it is about to expire or was refused, stores the
rotated pair at once, and turns transport failures into `ServerUnreachable`.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any, cast
from urllib.parse import quote

import httpx

from uuut_tui.models import (
    AdminUser,
    Candidate,
    CatchUp,
    Download,
    Me,
    OwnedTorrent,
    Preferences,
    Torrent,
    TorrentDetails,
    WatchlistEntry,
)
from uuut_tui.session import Session, Tokens

API = "/api/v1"
# A search may wait for Nyaa's limiter (the gateway allows it 30 s); a download searches too.
TIMEOUT = httpx.Timeout(10.0, read=45.0)
# Catching up a whole list may take the gateway up to two minutes (one search per episode).
CATCH_UP_TIMEOUT = httpx.Timeout(10.0, read=130.0)
# The event stream pings every 15 s: three missed pings mean the connection is gone.
STREAM_TIMEOUT = httpx.Timeout(10.0, read=50.0)


class ApiError(Exception):
    """An error answer of the gateway: its status, its stable `code` and its sentence."""

    def __init__(self, status: int, code: str, detail: str, retry_after: int | None = None) -> None:
        super().__init__(detail)
        self.status, self.code, self.detail, self.retry_after = status, code, detail, retry_after

    def __str__(self) -> str:
        return self.detail


class ServerUnreachable(ApiError):
    """No answer at all: connection refused, DNS, TLS or a timeout."""

    def __init__(self, server: str, reason: str) -> None:
        super().__init__(0, "unreachable", f"cannot reach {server}: {reason}")


class LoginRequired(ApiError):
    """The login is over (expired, revoked, disabled): log in again."""


def _detail(body: Any, fallback: str) -> str:
    detail = body.get("detail") if isinstance(body, dict) else None
    if isinstance(detail, list):  # FastAPI's validation list
        return "; ".join(str(item.get("msg", item)) for item in detail if isinstance(item, dict))
    return str(detail) if detail else fallback


def error_from(response: httpx.Response) -> ApiError:
    try:
        body = response.json()
    except ValueError:
        body = None
    code = body.get("code") if isinstance(body, dict) else None
    retry_after = response.headers.get("Retry-After")
    return ApiError(
        response.status_code,
        str(code or f"http_{response.status_code}"),
        _detail(body, response.reason_phrase or f"HTTP {response.status_code}"),
        int(retry_after) if retry_after and retry_after.isdigit() else None,
    )


class Api:
    """The gateway at `session.server`, as the logged-in user of `session`."""

    def __init__(self, session: Session, transport: httpx.AsyncBaseTransport | None = None) -> None:
        self.session = session
        self.server = session.server
        self._http = httpx.AsyncClient(
            base_url=session.server, timeout=TIMEOUT, transport=transport
        )

    async def aclose(self) -> None:
        await self._http.aclose()

    # -- plumbing ---------------------------------------------------------------------------

    async def _send(self, request: httpx.Request, stream: bool = False) -> httpx.Response:
        try:
            return await self._http.send(request, stream=stream)
        except httpx.TransportError as error:
            raise ServerUnreachable(self.server, str(error) or type(error).__name__) from None

    def _authorized(self, request: httpx.Request) -> str:
        tokens = self.session.tokens
        if tokens is None:
            raise LoginRequired(401, "invalid_token", "please log in")
        request.headers["Authorization"] = f"Bearer {tokens.access_token}"
        return tokens.access_token

    async def refresh(self, stale_access_token: str | None = None) -> None:
        """Trade the refresh token for a new pair, once even when many calls need it."""
        async with self.session.refresh_lock:
            tokens = self.session.tokens
            if tokens is None:
                raise LoginRequired(401, "invalid_token", "please log in")
            if stale_access_token is not None and tokens.access_token != stale_access_token:
                return  # another call refreshed while this one waited
            if stale_access_token is None and not self.session.expiring():
                return
            response = await self._send(
                self._http.build_request(
                    "POST", f"{API}/auth/refresh", json={"refresh_token": tokens.refresh_token}
                )
            )
            if response.status_code == 200:
                self.session.replace(Tokens.from_response(response.json(), tokens.username))
                return
            error = error_from(response)
            if response.status_code == 401:
                self.session.clear()
                raise LoginRequired(401, error.code, "your login has ended: please log in again")
            raise error

    async def _call(self, method: str, path: str, *, auth: bool = True, **kwargs: Any) -> Any:
        request = self._http.build_request(method, f"{API}{path}", **kwargs)
        if auth:
            if self.session.expiring():
                await self.refresh()
            used = self._authorized(request)
        response = await self._send(request)
        if auth and response.status_code == 401:
            error = error_from(response)
            if error.code != "invalid_token":
                if error.code == "account_disabled":
                    self.session.clear()
                    raise LoginRequired(401, error.code, error.detail)
                raise error
            await self.refresh(stale_access_token=used)
            self._authorized(request)
            response = await self._send(request)
            if response.status_code == 401:
                self.session.clear()
                error = error_from(response)
                raise LoginRequired(401, error.code, error.detail)
        if response.status_code >= 400:
            raise error_from(response)
        if response.status_code == 204 or not response.content:
            return None
        return response.json()

    async def health(self) -> None:
        """Whether the gateway answers at all (raises ServerUnreachable when not)."""
        await self._send(self._http.build_request("GET", "/health"))

    # -- auth and account -------------------------------------------------------------------

    async def login(self, username: str, password: str, otp: str = "") -> None:
        form = {"username": username, "password": password, "grant_type": "password"}
        if otp:
            form["otp"] = otp
        body = await self._call("POST", "/auth/token", auth=False, data=form)
        self.session.replace(Tokens.from_response(body, username))

    async def signup(self, username: str, password: str) -> None:
        await self._call(
            "POST", "/auth/signup", auth=False, json={"username": username, "password": password}
        )

    async def logout(self) -> None:
        try:
            if self.session.tokens is not None:
                await self._call("POST", "/auth/logout")
        except ApiError:
            pass  # logged out locally whatever the server says
        finally:
            self.session.clear()

    async def me(self) -> Me:
        return cast(Me, await self._call("GET", "/users/me"))

    async def change_password(self, current: str, new: str) -> None:
        await self._call(
            "POST", "/users/me/password", json={"current_password": current, "new_password": new}
        )

    async def totp_setup(self) -> dict[str, str]:
        return cast(dict[str, str], await self._call("POST", "/auth/totp/setup"))

    async def totp_enable(self, code: str) -> None:
        await self._call("POST", "/auth/totp/enable", json={"code": code})

    async def totp_disable(self, code: str) -> None:
        await self._call("POST", "/auth/totp/disable", json={"code": code})

    async def preferences(self) -> Preferences:
        return cast(Preferences, await self._call("GET", "/users/me/preferences"))

    async def save_preferences(self, preferences: Preferences) -> Preferences:
        return cast(Preferences, await self._call("PUT", "/users/me/preferences", json=preferences))

    # -- AniList and the watchlist ----------------------------------------------------------

    async def link_anilist(self, access_token: str) -> dict[str, Any]:
        body = await self._call("POST", "/auth/anilist/link", json={"access_token": access_token})
        return cast(dict[str, Any], body)

    async def unlink_anilist(self) -> None:
        await self._call("DELETE", "/auth/anilist/link")

    async def authorize_url(self) -> str | None:
        """AniList's page to approve this server; None when the server has no client id."""
        try:
            body = await self._call("GET", "/auth/anilist/authorize-url")
        except ApiError as error:
            if error.status == 404:
                return None
            raise
        return str(body["url"])

    async def watchlist(self) -> list[WatchlistEntry]:
        body = await self._call("GET", "/watchlist")
        return cast(list[WatchlistEntry], body["entries"])

    async def set_progress(self, media_id: int, progress: int) -> WatchlistEntry:
        body = await self._call(
            "POST", "/watchlist/progress", json={"media_id": media_id, "progress": progress}
        )
        return cast(WatchlistEntry, body)

    async def download(
        self, media_id: int, episode: int | None = None, quality: str | None = None
    ) -> Download:
        payload: dict[str, Any] = {"media_id": media_id}
        if episode is not None:
            payload["episode"] = episode
        if quality:
            payload["quality"] = quality
        return cast(Download, await self._call("POST", "/watchlist/download", json=payload))

    async def catch_up(self, media_id: int | None = None) -> CatchUp:
        payload = {} if media_id is None else {"media_id": media_id}
        return cast(
            CatchUp,
            await self._call("POST", "/watchlist/catch-up", json=payload, timeout=CATCH_UP_TIMEOUT),
        )

    # -- search and torrents ----------------------------------------------------------------

    async def search(
        self, q: str, episode: int | None = None, quality: str | None = None
    ) -> list[Candidate]:
        params: dict[str, Any] = {"q": q}
        if episode is not None:
            params["episode"] = episode
        if quality:
            params["quality"] = quality
        body = await self._call("GET", "/search", params=params)
        return cast(list[Candidate], body["candidates"])

    async def add_torrent(self, source: str) -> Torrent:
        return cast(Torrent, await self._call("POST", "/torrents", json={"source": source}))

    async def torrents(self) -> list[Torrent]:
        return cast(list[Torrent], (await self._call("GET", "/torrents"))["torrents"])

    async def all_torrents(self) -> list[OwnedTorrent]:
        return cast(list[OwnedTorrent], (await self._call("GET", "/torrents/all"))["torrents"])

    async def torrent(self, info_hash: str) -> TorrentDetails:
        return cast(TorrentDetails, await self._call("GET", f"/torrents/{quote(info_hash)}"))

    async def pause(self, info_hash: str) -> None:
        await self._call("POST", f"/torrents/{quote(info_hash)}/pause")

    async def resume(self, info_hash: str) -> None:
        await self._call("POST", f"/torrents/{quote(info_hash)}/resume")

    async def delete(self, info_hash: str, delete_files: bool) -> None:
        await self._call(
            "DELETE",
            f"/torrents/{quote(info_hash)}",
            params={"delete_files": "true" if delete_files else "false"},
        )

    async def torrent_events(self) -> AsyncIterator[tuple[str, dict[str, Any]]]:
        """The SSE stream: ("torrent", <torrent>) / ("removed", {"hash"}) until it ends."""
        if self.session.expiring():
            await self.refresh()
        request = self._http.build_request("GET", f"{API}/torrents/events", timeout=STREAM_TIMEOUT)
        used = self._authorized(request)
        response = await self._send(request, stream=True)
        try:
            if response.status_code == 401:
                await response.aread()
                await self.refresh(stale_access_token=used)
                return
            if response.status_code >= 400:
                await response.aread()
                raise error_from(response)
            event, data = "message", list[str]()
            async for line in response.aiter_lines():
                if not line:
                    if data:
                        payload = json.loads("\n".join(data))
                        if event == "error":
                            raise ApiError(
                                503, payload.get("code", "error"), payload.get("detail", "")
                            )
                        yield event, payload
                    event, data = "message", list[str]()
                elif line.startswith(":"):
                    continue
                elif line.startswith("event:"):
                    event = line[6:].strip()
                elif line.startswith("data:"):
                    data.append(line[5:].removeprefix(" "))
        except httpx.TransportError as error:
            raise ServerUnreachable(self.server, str(error) or type(error).__name__) from None
        finally:
            await response.aclose()

    # -- administration ---------------------------------------------------------------------

    async def users(self) -> list[AdminUser]:
        return cast(list[AdminUser], (await self._call("GET", "/admin/users"))["users"])

    async def create_user(self, username: str, password: str, role: str) -> AdminUser:
        body = await self._call(
            "POST", "/admin/users", json={"username": username, "password": password, "role": role}
        )
        return cast(AdminUser, body)

    async def update_user(self, user_id: int, **change: Any) -> AdminUser:
        return cast(AdminUser, await self._call("PATCH", f"/admin/users/{user_id}", json=change))

    async def delete_user(self, user_id: int) -> None:
        await self._call("DELETE", f"/admin/users/{user_id}")
