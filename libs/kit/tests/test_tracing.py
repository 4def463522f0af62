"""The caller's trace continues in the service: context travels in gRPC metadata."""

from __future__ import annotations

from pathlib import Path

from opentelemetry import trace
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from uuut_kit.channels import create_channel
from uuut_kit.server import GrpcService, ServiceRuntime
from uuut_kit.settings import ServiceSettings
from uuutorrent.auth.v1 import auth_pb2, auth_pb2_grpc


class Signups(auth_pb2_grpc.AuthServiceServicer):
    async def Signup(self, request, context):
        return auth_pb2.SignupResponse()


async def test_server_spans_join_the_callers_trace(tmp_path: Path) -> None:
    exporter = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    trace.set_tracer_provider(provider)

    runtime = ServiceRuntime(
        name="auth",
        settings=ServiceSettings(data_dir=tmp_path, shutdown_grace_s=0.5),
        services=[
            GrpcService(
                "uuutorrent.auth.v1.AuthService",
                lambda s: auth_pb2_grpc.add_AuthServiceServicer_to_server(Signups(), s),
            )
        ],
        verify_tokens=False,
    )
    await runtime.start()
    try:
        channel = create_channel(f"127.0.0.1:{runtime.grpc_port}")
        with trace.get_tracer("gateway").start_as_current_span("request") as parent:
            await auth_pb2_grpc.AuthServiceStub(channel).Signup(auth_pb2.SignupRequest())
        await channel.close()
    finally:
        await runtime.stop()

    server_span = next(s for s in exporter.get_finished_spans() if s.name.endswith("/Signup"))
    assert server_span.context.trace_id == parent.get_span_context().trace_id
    assert server_span.parent is not None
    assert server_span.parent.span_id == parent.get_span_context().span_id
