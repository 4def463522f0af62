"""gRPC adapter of the torrent service: proto in, domain call, proto out."""

from __future__ import annotations

from uuutorrent.torrent.v1 import torrent_pb2_grpc


class TorrentServicer(torrent_pb2_grpc.TorrentServiceServicer):
    """The RPCs arrive with the torrent issue."""
