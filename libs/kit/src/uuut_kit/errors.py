"""The error model: domain exceptions carry a gRPC status, a stable reason and metadata.

Services raise these from domain code; the server interceptor turns them into a gRPC status
with one `google.rpc.ErrorInfo` detail; the gateway maps (status, reason) to HTTP in one table.
"""

from __future__ import annotations

import grpc


class DomainError(Exception):
    """An expected failure a caller can act on."""

    status: grpc.StatusCode = grpc.StatusCode.UNKNOWN
    reason: str = "UNKNOWN"

    def __init__(
        self, message: str, *, reason: str | None = None, metadata: dict[str, str] | None = None
    ) -> None:
        super().__init__(message)
        self.message = message
        if reason is not None:
            self.reason = reason
        self.metadata = dict(metadata or {})


class InvalidArgument(DomainError):
    status = grpc.StatusCode.INVALID_ARGUMENT
    reason = "INVALID_ARGUMENT"


class NotFound(DomainError):
    status = grpc.StatusCode.NOT_FOUND
    reason = "NOT_FOUND"


class AlreadyExists(DomainError):
    status = grpc.StatusCode.ALREADY_EXISTS
    reason = "ALREADY_EXISTS"


class FailedPrecondition(DomainError):
    status = grpc.StatusCode.FAILED_PRECONDITION
    reason = "FAILED_PRECONDITION"


class Unauthenticated(DomainError):
    status = grpc.StatusCode.UNAUTHENTICATED
    reason = "UNAUTHENTICATED"


class PermissionDenied(DomainError):
    status = grpc.StatusCode.PERMISSION_DENIED
    reason = "FORBIDDEN"


class ResourceExhausted(DomainError):
    """Throttled; `retry_after_s` tells the caller when to come back."""

    status = grpc.StatusCode.RESOURCE_EXHAUSTED
    reason = "RATE_LIMITED"

    def __init__(self, message: str, *, retry_after_s: int, reason: str | None = None) -> None:
        super().__init__(message, reason=reason, metadata={"retry_after_s": str(retry_after_s)})
        self.retry_after_s = retry_after_s


class UpstreamError(DomainError):
    """AniList, Nyaa or qBittorrent answered badly; the message names which.

    UNKNOWN ("an error from another address space"), not UNAVAILABLE: clients retry UNAVAILABLE
    automatically, and an upstream's bad answer is not ours to retry blindly.
    """

    status = grpc.StatusCode.UNKNOWN
    reason = "UPSTREAM_ERROR"


class UpstreamTimeout(DomainError):
    status = grpc.StatusCode.DEADLINE_EXCEEDED
    reason = "UPSTREAM_TIMEOUT"


class DependencyUnavailable(DomainError):
    """One of our own dependencies (database, qBittorrent) cannot be reached."""

    status = grpc.StatusCode.UNAVAILABLE
    reason = "SERVICE_UNAVAILABLE"
