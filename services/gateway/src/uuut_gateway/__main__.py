"""`python -m uuut_gateway`: serve the REST API with uvicorn until SIGTERM."""

from __future__ import annotations

from uuut_kit import lean


def main() -> None:
    # Before the gateway's modules: what they import decides the process's memory.
    lean.skip_unused_imports()
    import_fastapi_leaving_openapi_models_unbuilt()
    import uvicorn

    from uuut_gateway.app import create_app
    from uuut_gateway.config import GatewaySettings
    from uuut_kit.logging import configure_logging
    from uuut_kit.tracing import configure_tracing

    settings = GatewaySettings()
    configure_logging("gateway", settings.log_level, settings.log_format)
    configure_tracing("gateway", settings.otel_exporter, settings.otel_endpoint)
    app = create_app(settings)
    lean.settle()  # the app is built: what start-up allocated and dropped goes back
    uvicorn.run(
        app,
        host=settings.bind,
        port=settings.gateway_port,
        log_config=None,
        access_log=False,
        proxy_headers=True,
        forwarded_allow_ips=settings.forwarded_allow_ips,
        timeout_graceful_shutdown=5,
        server_header=False,
        ws="none",  # no WebSocket route: the events stream is SSE; saves loading websockets
    )


def import_fastapi_leaving_openapi_models_unbuilt() -> None:
    """Import FastAPI with the validators of its OpenAPI models built on first use only.

    FastAPI declares some 60 pydantic models for OpenAPI documents, and pydantic builds a
    validator for each as it is declared. The gateway serves a document built ahead of time
    (openapi_document), so it never validates one. `defer_build` is pydantic's switch for
    building on first use; it is set on the configuration every model inherits, only while
    FastAPI's modules are imported, so the gateway's own models are built as usual. About 1.3 MB.
    """
    import pydantic

    inherited = pydantic.BaseModel.model_config
    inherited["defer_build"] = True
    try:
        import fastapi  # noqa: F401
    finally:
        del inherited["defer_build"]


if __name__ == "__main__":
    main()
