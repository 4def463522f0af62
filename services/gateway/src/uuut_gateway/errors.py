"""The one table from service errors (gRPC status + ErrorInfo reason) to the REST contract.

Every error leaves the gateway as `{"detail": <sentence>, "code": <stable code>}` with the
contract's status; 401s carry `WWW-Authenticate: Bearer`, 429s `Retry-After`.
"""

from __future__ import annotations

from collections.abc import Awaitable
from dataclasses import dataclass
from typing import TypeVar

import grpc
from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from google.rpc import error_details_pb2, status_pb2
from starlette.exceptions import HTTPException as StarletteHTTPException

from uuut_kit.interceptors import STATUS_DETAILS_KEY
from uuut_kit.logging import get_logger

log = get_logger(__name__)
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class HttpError:
    status: int
    code: str


# By ErrorInfo reason: the specific cases of the contract.
BY_REASON: dict[str, HttpError] = {
    "USERNAME_INVALID": HttpError(422, "username_invalid"),
    "PASSWORD_INVALID": HttpError(422, "password_invalid"),
    "USERNAME_TAKEN": HttpError(409, "username_taken"),
    "SIGNUP_CLOSED": HttpError(403, "signup_closed"),
    "FORBIDDEN": HttpError(403, "forbidden"),
    "BAD_CREDENTIALS": HttpError(401, "invalid_credentials"),
    "ACCOUNT_DISABLED": HttpError(401, "account_disabled"),
    "OTP_REQUIRED": HttpError(401, "otp_required"),
    "OTP_INVALID": HttpError(401, "otp_invalid"),
    "TOKEN_INVALID": HttpError(401, "invalid_token"),
    "SESSION_REVOKED": HttpError(401, "invalid_token"),
    "UNAUTHENTICATED": HttpError(401, "invalid_token"),
    "LOGIN_THROTTLED": HttpError(429, "too_many_attempts"),
    "LAST_ADMIN": HttpError(409, "last_admin"),
    "USER_NOT_FOUND": HttpError(404, "not_found"),
    "TOTP_NOT_PENDING": HttpError(409, "totp_not_pending"),
    "TOTP_ALREADY_ENABLED": HttpError(409, "totp_already_enabled"),
    "TOTP_NOT_ENABLED": HttpError(409, "totp_not_enabled"),
    "ROLE_INVALID": HttpError(422, "role_invalid"),
    "PREFERENCES_INVALID": HttpError(422, "preferences_invalid"),
    "ANILIST_NOT_LINKED": HttpError(400, "anilist_not_linked"),
    "ANILIST_RELINK": HttpError(400, "anilist_relink"),
    "PROGRESS_OUT_OF_RANGE": HttpError(422, "progress_out_of_range"),
    "NO_RELEASE": HttpError(404, "no_release"),
    "NOT_AIRED": HttpError(404, "not_aired"),
    "BAD_SOURCE": HttpError(400, "bad_source"),
    "TORRENT_NOT_FOUND": HttpError(404, "not_found"),
    "UPSTREAM_RATE_LIMITED": HttpError(429, "upstream_rate_limited"),
    "UPSTREAM_ERROR": HttpError(502, "upstream_error"),
    "UPSTREAM_TIMEOUT": HttpError(504, "upstream_timeout"),
    "SERVICE_UNAVAILABLE": HttpError(503, "service_unavailable"),
}

# By gRPC status, for reasons not listed above and for transport failures without ErrorInfo.
BY_STATUS: dict[grpc.StatusCode, HttpError] = {
    grpc.StatusCode.INVALID_ARGUMENT: HttpError(400, "bad_request"),
    grpc.StatusCode.NOT_FOUND: HttpError(404, "not_found"),
    grpc.StatusCode.ALREADY_EXISTS: HttpError(409, "conflict"),
    grpc.StatusCode.FAILED_PRECONDITION: HttpError(409, "conflict"),
    grpc.StatusCode.UNAUTHENTICATED: HttpError(401, "invalid_token"),
    grpc.StatusCode.PERMISSION_DENIED: HttpError(403, "forbidden"),
    grpc.StatusCode.RESOURCE_EXHAUSTED: HttpError(429, "rate_limited"),
    grpc.StatusCode.UNAVAILABLE: HttpError(503, "service_unavailable"),
    grpc.StatusCode.DEADLINE_EXCEEDED: HttpError(504, "upstream_timeout"),
    grpc.StatusCode.CANCELLED: HttpError(503, "service_unavailable"),
}
INTERNAL = HttpError(500, "internal_error")


class ApiError(Exception):
    """An error the gateway itself decides, in the contract's terms."""

    def __init__(
        self, status: int, code: str, detail: str, headers: dict[str, str] | None = None
    ) -> None:
        super().__init__(detail)
        self.status, self.code, self.detail = status, code, detail
        self.headers = headers or {}


def error_info(error: grpc.aio.AioRpcError) -> error_details_pb2.ErrorInfo | None:
    for key, value in error.trailing_metadata() or ():
        if key == STATUS_DETAILS_KEY:
            status = status_pb2.Status.FromString(value)
            for detail in status.details:
                info = error_details_pb2.ErrorInfo()
                if detail.Unpack(info):
                    return info
    return None


def from_rpc_error(error: grpc.aio.AioRpcError, service: str) -> ApiError:
    """Translate a failed call to `service` into the contract's error."""
    info = error_info(error)
    mapped = (info and BY_REASON.get(info.reason)) or BY_STATUS.get(error.code(), INTERNAL)
    if info is not None:
        detail = error.details() or mapped.code
    elif mapped.status == 503:
        detail = f"the {service} service is unavailable, try again shortly"
    elif mapped.status == 504:
        detail = f"the {service} service did not answer in time"
    else:
        detail = "internal error"
    if mapped is INTERNAL:
        log.error("unmapped_rpc_error", service=service, grpc_code=error.code().name)
    headers = {}
    if mapped.status == 401:
        headers["WWW-Authenticate"] = "Bearer"
    if info is not None and "retry_after_s" in info.metadata:
        headers["Retry-After"] = info.metadata["retry_after_s"]
    return ApiError(mapped.status, mapped.code, detail, headers)


async def call(service: str, rpc: Awaitable[T]) -> T:
    """Await a call to a service, turning its failure into the contract's error."""
    try:
        return await rpc
    except grpc.aio.AioRpcError as error:
        raise from_rpc_error(error, service) from None


def unauthorized(detail: str, code: str = "invalid_token") -> ApiError:
    return ApiError(401, code, detail, {"WWW-Authenticate": "Bearer"})


def _json(error: ApiError) -> JSONResponse:
    return JSONResponse(
        {"detail": error.detail, "code": error.code}, error.status, headers=error.headers
    )


_HTTP_CODES = {
    401: "invalid_token",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "body_too_large",
}


def install_error_handlers(app: FastAPI) -> None:
    async def api_error(_: Request, error: Exception) -> JSONResponse:
        assert isinstance(error, ApiError)
        return _json(error)

    async def http_error(_: Request, error: Exception) -> JSONResponse:
        assert isinstance(error, StarletteHTTPException)
        code = _HTTP_CODES.get(error.status_code, "error")
        headers = dict(error.headers or {})
        if error.status_code == 401:
            headers.setdefault("WWW-Authenticate", "Bearer")
        return _json(ApiError(error.status_code, code, str(error.detail), headers))

    async def validation_error(_: Request, error: Exception) -> JSONResponse:
        assert isinstance(error, RequestValidationError)
        # FastAPI's list form is part of the contract for schema errors.
        # Never echo the input back: it may be a password.
        errors = [{k: v for k, v in e.items() if k != "input"} for e in error.errors()]
        return JSONResponse({"detail": jsonable_encoder(errors), "code": "validation_error"}, 422)

    app.add_exception_handler(ApiError, api_error)
    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(RequestValidationError, validation_error)
