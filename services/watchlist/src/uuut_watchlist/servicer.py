"""gRPC adapter of the watchlist service: proto in, domain call, proto out."""

from __future__ import annotations

from uuutorrent.watchlist.v1 import watchlist_pb2_grpc


class WatchlistServicer(watchlist_pb2_grpc.WatchlistServiceServicer):
    """The RPCs arrive with the watchlist issue."""
