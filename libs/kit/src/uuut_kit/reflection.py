"""gRPC server reflection, loaded on its first call.

grpc_reflection's module loads `descriptor_pb2` (the whole of descriptor.proto in Python, about
3.5 MB resident) when imported; reflection is for operators' tools (grpcurl), called rarely or
never. This handler answers the same service and method, and imports grpc_reflection only when
a tool first asks. What it answers is grpc_reflection's own servicer's answer.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import grpc

SERVICE_NAME = "grpc.reflection.v1alpha.ServerReflection"
_METHOD = f"/{SERVICE_NAME}/ServerReflectionInfo"


class LazyReflection(grpc.GenericRpcHandler):
    """grpc_reflection's `enable_server_reflection(service_names, server)`, deferred."""

    def __init__(self, service_names: Sequence[str]) -> None:
        self._service_names = tuple(service_names)
        self._handler: grpc.RpcMethodHandler | None = None

    def service(self, handler_call_details: grpc.HandlerCallDetails) -> Any:
        if handler_call_details.method != _METHOD:
            return None
        if self._handler is None:
            from grpc_reflection.v1alpha import _async, reflection_pb2

            servicer = _async.ReflectionServicer(self._service_names)
            self._handler = grpc.stream_stream_rpc_method_handler(
                servicer.ServerReflectionInfo,
                request_deserializer=reflection_pb2.ServerReflectionRequest.FromString,
                response_serializer=reflection_pb2.ServerReflectionResponse.SerializeToString,
            )
        return self._handler


def enable_lazy_reflection(service_names: Sequence[str], server: grpc.aio.Server) -> None:
    server.add_generic_rpc_handlers((LazyReflection(service_names),))
