"""/health and /ready at the root, for probes; /metrics is mounted by the app."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from uuut_kit.ops_http import run_checks

router = APIRouter(tags=["operations"])
SERVICES = ("auth", "watchlist", "search", "torrent")


@router.get("/health")
async def health() -> dict[str, str]:
    return {"status": "ok"}


@router.get("/ready", response_model=None)
async def ready(request: Request) -> JSONResponse:
    """200 when every service answers its gRPC health check, else 503 naming which do not."""
    clients = request.app.state.clients

    def probe(service: str):
        return lambda: clients.health(service)

    ok, checks = await run_checks({service: probe(service) for service in SERVICES})
    body = {"status": "ok" if ok else "unavailable", "checks": checks}
    return JSONResponse(body, status_code=200 if ok else 503)
