"""OpenTelemetry: trace context carried through gRPC metadata; export off unless configured."""

from __future__ import annotations

from collections.abc import Mapping, MutableMapping

from opentelemetry import propagate, trace
from opentelemetry.context import Context


def configure_tracing(service: str, exporter: str, endpoint: str | None = None) -> None:
    """Install a tracer provider with the chosen exporter; 'none' keeps the no-op API."""
    if exporter == "none":
        return
    from opentelemetry.sdk.resources import Resource
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import (
        BatchSpanProcessor,
        ConsoleSpanExporter,
        SpanExporter,
    )

    span_exporter: SpanExporter
    if exporter == "console":
        span_exporter = ConsoleSpanExporter()
    else:
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

        span_exporter = OTLPSpanExporter(endpoint=endpoint) if endpoint else OTLPSpanExporter()
    provider = TracerProvider(resource=Resource.create({"service.name": f"uuutorrent-{service}"}))
    provider.add_span_processor(BatchSpanProcessor(span_exporter))
    trace.set_tracer_provider(provider)


def inject_into(carrier: MutableMapping[str, str]) -> None:
    """Write the current trace context (traceparent) into outgoing metadata."""
    propagate.inject(carrier)


def extract_from(carrier: Mapping[str, str]) -> Context:
    return propagate.extract(carrier)


def tracer(name: str) -> trace.Tracer:
    return trace.get_tracer(name)
