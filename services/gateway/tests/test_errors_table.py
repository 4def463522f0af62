"""Service errors map to the contract's statuses and codes in one table."""

from __future__ import annotations

import grpc
import pytest

from uuut_gateway.errors import from_rpc_error
from uuut_kit.errors import DomainError, ResourceExhausted, UpstreamError
from uuut_kit.interceptors import error_trailers


def rpc_error(code: grpc.StatusCode, trailers=(), details: str = "") -> grpc.aio.AioRpcError:
    return grpc.aio.AioRpcError(
        code, grpc.aio.Metadata(), grpc.aio.Metadata(*trailers), details=details
    )


def domain(error: DomainError) -> grpc.aio.AioRpcError:
    return rpc_error(error.status, error_trailers(error, "uuutorrent.test"), error.message)


@pytest.mark.parametrize(
    ("reason", "status", "code"),
    [
        ("BAD_CREDENTIALS", 401, "invalid_credentials"),
        ("ACCOUNT_DISABLED", 401, "account_disabled"),
        ("OTP_REQUIRED", 401, "otp_required"),
        ("USERNAME_TAKEN", 409, "username_taken"),
        ("LAST_ADMIN", 409, "last_admin"),
        ("PASSWORD_INVALID", 422, "password_invalid"),
        ("ANILIST_RELINK", 400, "anilist_relink"),
        ("NOT_AIRED", 404, "not_aired"),
    ],
)
def test_reasons_map_to_the_contract(reason: str, status: int, code: str) -> None:
    error = from_rpc_error(domain(DomainError("words for people", reason=reason)), "auth")
    assert (error.status, error.code, error.detail) == (status, code, "words for people")


def test_401_carries_the_bearer_challenge() -> None:
    error = from_rpc_error(domain(DomainError("no", reason="BAD_CREDENTIALS")), "auth")
    assert error.headers["WWW-Authenticate"] == "Bearer"


def test_throttling_carries_retry_after() -> None:
    throttled = ResourceExhausted("slow down", retry_after_s=42, reason="LOGIN_THROTTLED")
    error = from_rpc_error(domain(throttled), "auth")
    assert (error.status, error.headers["Retry-After"]) == (429, "42")


def test_upstream_failures_are_502_naming_the_upstream() -> None:
    error = from_rpc_error(domain(UpstreamError("AniList answered 500")), "watchlist")
    assert (error.status, error.code, error.detail) == (
        502,
        "upstream_error",
        "AniList answered 500",
    )


@pytest.mark.parametrize(
    ("code", "status", "contract_code"),
    [
        (grpc.StatusCode.UNAVAILABLE, 503, "service_unavailable"),
        (grpc.StatusCode.DEADLINE_EXCEEDED, 504, "upstream_timeout"),
        (grpc.StatusCode.INTERNAL, 500, "internal_error"),
    ],
)
def test_transport_failures_name_the_service(code, status: int, contract_code: str) -> None:
    error = from_rpc_error(rpc_error(code, details="connection refused 10.0.0.3"), "search")
    assert (error.status, error.code) == (status, contract_code)
    assert "10.0.0.3" not in error.detail
