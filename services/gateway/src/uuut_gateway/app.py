"""create_app(): the gateway's FastAPI application."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.routing import APIRoute

from uuut_gateway import openapi_document
from uuut_gateway.clients import ServiceClients
from uuut_gateway.config import GatewaySettings
from uuut_gateway.errors import install_error_handlers
from uuut_gateway.metrics import RequestMetrics
from uuut_gateway.middleware import BodyLimit, SecurityHeaders
from uuut_gateway.routes import (
    admin,
    anilist,
    auth,
    downloads,
    ops,
    preferences,
    search,
    torrents,
    users,
    watchlist,
)
from uuut_gateway.security import Authenticator

API_PREFIX = "/api/v1"
# A request is matched against the routers in this order: those clients poll come first.
API_MODULES = (torrents, watchlist, downloads, users, preferences, search, auth, anilist, admin)


def create_app(settings: GatewaySettings) -> FastAPI:
    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        clients = ServiceClients.connect(settings)
        app.state.clients = clients
        app.state.authenticator = Authenticator(settings, clients)
        yield
        await clients.close()

    app = FastAPI(
        title="UUUTorrent",
        version="1.0.0",
        summary="Your AniList watchlist, downloaded to your own server.",
        lifespan=lifespan,
    )
    # Served from the committed file: at -OO the routes have no docstrings to describe them.
    app.openapi = openapi_document.published  # type: ignore[method-assign]
    # Each router straight under the app: a nested router is one more walk per request.
    for module in API_MODULES:
        app.include_router(module.router, prefix=API_PREFIX)
    app.include_router(ops.router)
    install_error_handlers(app)
    app.add_middleware(
        RequestMetrics,
        templates={
            id(route): API_PREFIX + route.path
            for module in API_MODULES
            for route in module.router.routes
            if isinstance(route, APIRoute)
        },
    )
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["*"],
            allow_headers=["Authorization", "Content-Type"],
        )
    app.add_middleware(SecurityHeaders)
    app.add_middleware(BodyLimit, max_bytes=settings.max_body_bytes)
    return app
