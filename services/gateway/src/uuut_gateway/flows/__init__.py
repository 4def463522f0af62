"""The product's main job, composed from the services: download an episode, catch up a list.

Domain-like code: no HTTP framework here. The flows talk to the services through one port
(`ports.Services`, implemented over gRPC in `grpc_services`) and fail with `FlowError`, which
already speaks the contract's status and code.
"""

from uuut_gateway.flows.catch_up import CaughtUp, Missed, Queued, catch_up
from uuut_gateway.flows.download import Downloaded, DownloadWanted, download
from uuut_gateway.flows.errors import FlowError
from uuut_gateway.flows.ports import Services

__all__ = [
    "CaughtUp",
    "DownloadWanted",
    "Downloaded",
    "FlowError",
    "Missed",
    "Queued",
    "Services",
    "catch_up",
    "download",
]
