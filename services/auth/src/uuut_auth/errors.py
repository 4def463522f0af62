"""The auth service's failures, each with the stable reason the gateway maps to HTTP."""

from __future__ import annotations

from uuut_kit.errors import (
    AlreadyExists,
    FailedPrecondition,
    InvalidArgument,
    NotFound,
    PermissionDenied,
    ResourceExhausted,
    Unauthenticated,
)


class UsernameInvalid(InvalidArgument):
    reason = "USERNAME_INVALID"


class PasswordInvalid(InvalidArgument):
    reason = "PASSWORD_INVALID"


class RoleInvalid(InvalidArgument):
    reason = "ROLE_INVALID"


class UsernameTaken(AlreadyExists):
    reason = "USERNAME_TAKEN"


class SignupClosed(PermissionDenied):
    reason = "SIGNUP_CLOSED"


class Forbidden(PermissionDenied):
    reason = "FORBIDDEN"


class BadCredentials(Unauthenticated):
    reason = "BAD_CREDENTIALS"

    def __init__(self) -> None:
        # One message whether the username exists or not.
        super().__init__("incorrect username or password")


class AccountDisabled(Unauthenticated):
    reason = "ACCOUNT_DISABLED"

    def __init__(self) -> None:
        super().__init__("this account is disabled")


class OtpRequired(Unauthenticated):
    reason = "OTP_REQUIRED"

    def __init__(self) -> None:
        super().__init__("a one-time code is required")


class OtpInvalid(Unauthenticated):
    reason = "OTP_INVALID"

    def __init__(self) -> None:
        super().__init__("the one-time code is wrong, expired or already used")


class TokenInvalid(Unauthenticated):
    reason = "TOKEN_INVALID"

    def __init__(self) -> None:
        super().__init__("the refresh token is invalid, expired, used or revoked")


class SessionRevoked(Unauthenticated):
    reason = "SESSION_REVOKED"

    def __init__(self) -> None:
        super().__init__("this login has been revoked")


class LoginThrottled(ResourceExhausted):
    reason = "LOGIN_THROTTLED"

    def __init__(self, retry_after_s: int) -> None:
        super().__init__(
            f"too many failed logins; try again in {retry_after_s} s", retry_after_s=retry_after_s
        )


class LastAdmin(FailedPrecondition):
    reason = "LAST_ADMIN"

    def __init__(self) -> None:
        super().__init__("the last active admin cannot be demoted, disabled or deleted")


class UserNotFound(NotFound):
    reason = "USER_NOT_FOUND"

    def __init__(self) -> None:
        super().__init__("no such user")


class TotpNotPending(FailedPrecondition):
    reason = "TOTP_NOT_PENDING"

    def __init__(self) -> None:
        super().__init__("set up TOTP first")


class TotpAlreadyEnabled(FailedPrecondition):
    reason = "TOTP_ALREADY_ENABLED"

    def __init__(self) -> None:
        super().__init__("TOTP is already enabled")


class TotpNotEnabled(FailedPrecondition):
    reason = "TOTP_NOT_ENABLED"

    def __init__(self) -> None:
        super().__init__("TOTP is not enabled")
