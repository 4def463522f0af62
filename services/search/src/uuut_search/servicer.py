"""gRPC adapter of the search service: proto in, domain call, proto out."""

from __future__ import annotations

from uuutorrent.search.v1 import search_pb2_grpc


class SearchServicer(search_pb2_grpc.SearchServiceServicer):
    """The RPCs arrive with the search issue."""
