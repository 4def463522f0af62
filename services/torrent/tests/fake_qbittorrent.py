"""A faithful fake of qBittorrent's WebAPI v2 for the versions we cannot run here (5.0-5.2).

Built from EXTERNAL-APIS.md §3: login 200 `Ok.`/`Fails.` and cookie `SID` up to 5.1, 204/401
and cookie `QBT_SID_<port>` from 5.2; ban after 5 failures (403); 403 when not logged in;
POST-only endpoints (405); stop/start from WebAPI 2.11 with pause/resume gone (404);
`paused*` vs `stopped*` states; torrents/add answers text up to 5.1 and JSON (200/202/409)
from 5.2; `deleteFiles` required; sync/maindata with incremental `rid`. Served over real
HTTP by uvicorn.
"""

from __future__ import annotations

import asyncio
import copy
import hashlib
import secrets
from typing import Any
from urllib.parse import parse_qs

import libtorrent as lt
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

API_VERSIONS = {"4.6.7": "2.9.3", "5.0.0": "2.11.2", "5.1.4": "2.11.4", "5.2.0": "2.15.1"}
POST_ONLY = {
    "auth/login", "auth/logout", "torrents/add", "torrents/delete", "torrents/pause",
    "torrents/resume", "torrents/stop", "torrents/start", "torrents/addTags",
    "torrents/removeTags",
}  # fmt: skip
MAX_FAILURES = 5


def _version(text: str) -> tuple[int, ...]:
    return tuple(int(p) for p in text.split("."))


class FakeQbittorrent:
    def __init__(self, version: str = "5.2.0", username: str = "admin", password: str = "pw"):  # noqa: S107
        self.version = version
        self.api = _version(API_VERSIONS[version])
        self.username, self.password = username, password
        self.torrents: dict[str, dict[str, Any]] = {}
        self.files: dict[str, list[dict[str, Any]]] = {}
        self.sessions: set[str] = set()
        self.failures = 0
        self.login_attempts = 0
        self.calls: list[str] = []
        self._history: dict[int, dict[str, dict[str, Any]]] = {}
        self._rid = 0
        self.port = 0
        self._server: uvicorn.Server | None = None
        self._task: asyncio.Task[None] | None = None
        self.app = Starlette(
            routes=[Route("/api/v2/{endpoint:path}", self._handle, methods=["GET", "POST"])]
        )

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def stop_start(self) -> bool:
        return self.api >= (2, 11, 0)

    @property
    def cookie_name(self) -> str:
        return f"QBT_SID_{self.port}" if self.api >= (2, 14, 0) else "SID"

    def expire_sessions(self) -> None:
        self.sessions.clear()

    async def __aenter__(self) -> FakeQbittorrent:
        config = uvicorn.Config(self.app, host="127.0.0.1", port=0, log_level="warning")
        self._server = uvicorn.Server(config)
        self._task = asyncio.create_task(self._server.serve())
        while not self._server.started:  # noqa: ASYNC110 - uvicorn only exposes a flag
            await asyncio.sleep(0.01)
        self.port = self._server.servers[0].sockets[0].getsockname()[1]
        return self

    async def __aexit__(self, *_: object) -> None:
        assert self._server is not None and self._task is not None
        self._server.should_exit = True
        await self._task

    # -- request handling -------------------------------------------------------------

    async def _handle(self, request: Request) -> Response:
        endpoint = request.path_params["endpoint"]
        self.calls.append(endpoint)
        origin = request.headers.get("origin")
        if origin and origin.split("://", 1)[-1] != request.headers.get("host"):
            return PlainTextResponse("Unauthorized", 401)
        if endpoint in POST_ONLY and request.method != "POST":
            return PlainTextResponse("Method Not Allowed", 405)
        params = await self._params(request)
        if endpoint == "auth/login":
            return self._login(params)
        if request.cookies.get(self.cookie_name) not in self.sessions:
            return PlainTextResponse("Forbidden", 403)
        handler = self._endpoints().get(endpoint)
        if handler is None:
            body = "Endpoint does not exist" if self.api >= (2, 14, 0) else "Not Found"
            return PlainTextResponse(body, 404)
        return await handler(params)

    async def _params(self, request: Request) -> dict[str, Any]:
        params: dict[str, Any] = dict(request.query_params)
        if request.method == "POST":
            content_type = request.headers.get("content-type", "")
            if content_type.startswith("multipart/form-data"):
                form = await request.form()
                uploads = []
                for key, value in form.multi_items():
                    if hasattr(value, "read"):  # every file part, whatever its field name
                        uploads.append((value.filename, await value.read()))
                    else:
                        params[key] = value
                params["__files__"] = uploads
            else:
                body = (await request.body()).decode()
                params.update({k: v[-1] for k, v in parse_qs(body).items()})
        return params

    def _done(self) -> Response:
        return Response(status_code=204 if self.api >= (2, 14, 0) else 200)

    def _endpoints(self) -> dict[str, Any]:
        endpoints = {
            "app/version": self._app_version,
            "app/webapiVersion": self._api_version,
            "torrents/info": self._info,
            "torrents/files": self._files,
            "torrents/add": self._add,
            "torrents/delete": self._delete,
            "torrents/addTags": self._add_tags,
            "torrents/removeTags": self._remove_tags,
            "sync/maindata": self._maindata,
        }
        if self.stop_start:
            endpoints |= {"torrents/stop": self._stop, "torrents/start": self._start}
        else:
            endpoints |= {"torrents/pause": self._stop, "torrents/resume": self._start}
        return endpoints

    def _login(self, params: dict[str, Any]) -> Response:
        self.login_attempts += 1
        if self.failures >= MAX_FAILURES:
            return PlainTextResponse(
                "Your IP address has been banned after too many failed authentication attempts.",
                403,
            )
        if (params.get("username"), params.get("password")) != (self.username, self.password):
            self.failures += 1
            if self.api >= (2, 14, 0):
                return PlainTextResponse("Unauthorized", 401)
            return PlainTextResponse("Fails.")
        self.failures = 0
        sid = secrets.token_urlsafe(24)
        self.sessions.add(sid)
        response = self._done() if self.api >= (2, 14, 0) else PlainTextResponse("Ok.")
        response.set_cookie(self.cookie_name, sid, httponly=True, samesite="strict")
        return response

    async def _app_version(self, _: dict[str, Any]) -> Response:
        return PlainTextResponse(f"v{self.version}")

    async def _api_version(self, _: dict[str, Any]) -> Response:
        return PlainTextResponse(API_VERSIONS[self.version])

    def _selected(self, params: dict[str, Any]) -> list[str]:
        value = params.get("hashes", "")
        if value == "all":
            return list(self.torrents)
        return [h.lower() for h in value.split("|") if h.lower() in self.torrents]

    async def _info(self, params: dict[str, Any]) -> Response:
        wanted = self._selected(params) if "hashes" in params else list(self.torrents)
        category = params.get("category")
        found = [
            {"hash": h, **self.torrents[h]}
            for h in wanted
            if category is None or self.torrents[h]["category"] == category
        ]
        return JSONResponse(found)

    async def _files(self, params: dict[str, Any]) -> Response:
        info_hash = params.get("hash", "").lower()
        if info_hash not in self.torrents:
            return PlainTextResponse("Not Found", 404)
        return JSONResponse(self.files[info_hash])

    async def _add(self, params: dict[str, Any]) -> Response:
        added, failed = [], 0
        stopped = params.get("stopped" if self.stop_start else "paused") == "true"
        tags = [t for t in params.get("tags", "").split(",") if t]
        for filename, data in params.get("__files__", []):
            try:
                decoded = lt.bdecode(data)
                info = decoded[b"info"]
            except Exception:
                return PlainTextResponse(f"Error: '{filename}' is not a valid torrent file.", 415)
            info_hash = hashlib.sha1(lt.bencode(info)).hexdigest()  # noqa: S324
            name, size = info[b"name"].decode(), int(info.get(b"length", 0))
            if self._create(info_hash, name, size, stopped, params, tags):
                added.append(info_hash)
            else:
                failed += 1
        for url in filter(None, params.get("urls", "").split("\n")):
            btih = parse_qs(url.split("?", 1)[-1]).get("xt", [""])[0].rsplit(":", 1)[-1].lower()
            if self._create(btih, btih, 0, stopped, params, tags):
                added.append(btih)
            else:
                failed += 1
        self._changed()
        if self.api >= (2, 14, 0):
            body = {
                "success_count": len(added),
                "failure_count": failed,
                "pending_count": 0,
                "added_torrent_ids": added,
            }
            return JSONResponse(body, 200 if added else 409)
        return PlainTextResponse("Ok." if added else "Fails.")

    def _create(
        self,
        info_hash: str,
        name: str,
        size: int,
        stopped: bool,
        params: dict[str, Any],
        tags: list[str],
    ) -> bool:
        if info_hash in self.torrents:
            return False
        prefix = "stopped" if self.stop_start else "paused"
        self.torrents[info_hash] = {
            "name": name,
            "state": f"{prefix}DL" if stopped else "downloading",
            "progress": 0.0,
            "size": size,
            "completed": 0,
            "dlspeed": 0,
            "upspeed": 0,
            "eta": 8640000,
            "num_seeds": 0,
            "num_leechs": 0,
            "added_on": 1_700_000_000,
            "completion_on": -1,
            "category": params.get("category", ""),
            "tags": ", ".join(tags),
            "save_path": "/downloads",
            "content_path": f"/downloads/{name}",
        }
        self.files[info_hash] = [{"name": name, "size": size, "progress": 0.0}]
        return True

    async def _delete(self, params: dict[str, Any]) -> Response:
        if "hashes" not in params or "deleteFiles" not in params:
            return PlainTextResponse("Missing required parameters: hashes, deleteFiles", 400)
        for info_hash in self._selected(params):
            del self.torrents[info_hash]
        self._changed()
        return self._done()

    async def _stop(self, params: dict[str, Any]) -> Response:
        prefix = "stopped" if self.stop_start else "paused"
        for info_hash in self._selected(params):
            torrent = self.torrents[info_hash]
            torrent["state"] = f"{prefix}{'UP' if torrent['progress'] >= 1 else 'DL'}"
        self._changed()
        return self._done()

    async def _start(self, params: dict[str, Any]) -> Response:
        for info_hash in self._selected(params):
            torrent = self.torrents[info_hash]
            torrent["state"] = "stalledUP" if torrent["progress"] >= 1 else "stalledDL"
        self._changed()
        return self._done()

    async def _add_tags(self, params: dict[str, Any]) -> Response:
        for info_hash in self._selected(params):
            have = [t for t in self.torrents[info_hash]["tags"].split(", ") if t]
            extra = [t for t in params.get("tags", "").split(",") if t and t not in have]
            self.torrents[info_hash]["tags"] = ", ".join(sorted(have + extra))
        self._changed()
        return self._done()

    async def _remove_tags(self, params: dict[str, Any]) -> Response:
        gone = set(params.get("tags", "").split(","))
        for info_hash in self._selected(params):
            have = [t for t in self.torrents[info_hash]["tags"].split(", ") if t]
            self.torrents[info_hash]["tags"] = ", ".join(t for t in have if t not in gone)
        self._changed()
        return self._done()

    def _changed(self) -> None:
        self._rid += 1
        self._history[self._rid] = copy.deepcopy(self.torrents)

    async def _maindata(self, params: dict[str, Any]) -> Response:
        rid = int(params.get("rid", 0))
        if self._rid not in self._history:
            self._changed()
        now = self.torrents
        before = self._history.get(rid)
        if rid == 0 or before is None:
            return JSONResponse({"rid": self._rid, "full_update": True, "torrents": now})
        delta = {}
        for info_hash, fields in now.items():
            old = before.get(info_hash, {})
            changed = {k: v for k, v in fields.items() if old.get(k) != v}
            if changed:
                delta[info_hash] = changed
        body: dict[str, Any] = {"rid": self._rid}
        if delta:
            body["torrents"] = delta
        removed = [h for h in before if h not in now]
        if removed:
            body["torrents_removed"] = removed
        return JSONResponse(body)

    def finish(self, info_hash: str) -> None:
        """Pretend the download finished (seeding)."""
        torrent = self.torrents[info_hash]
        torrent.update(
            progress=1.0, completed=torrent["size"], state="stalledUP", completion_on=1_700_000_100
        )
        self._changed()
