"""/health, /ready and /metrics at the root, for probes and Prometheus."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

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


@router.get("/metrics", include_in_schema=False)
async def metrics() -> Response:
    return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)
