"""`python -m uuut_gateway`: serve the REST API with uvicorn until SIGTERM."""

from __future__ import annotations

import uvicorn

from uuut_gateway.app import create_app
from uuut_gateway.config import GatewaySettings
from uuut_kit.logging import configure_logging
from uuut_kit.tracing import configure_tracing


def main() -> None:
    settings = GatewaySettings()
    configure_logging("gateway", settings.log_level, settings.log_format)
    configure_tracing("gateway", settings.otel_exporter, settings.otel_endpoint)
    uvicorn.run(
        create_app(settings),
        host=settings.bind,
        port=settings.gateway_port,
        log_config=None,
        access_log=False,
        proxy_headers=True,
        forwarded_allow_ips=settings.forwarded_allow_ips,
        timeout_graceful_shutdown=5,
        server_header=False,
    )


if __name__ == "__main__":
    main()
