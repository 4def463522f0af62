"""The auth service's failures, each with the stable reason the gateway maps to HTTP."""

from __future__ import annotations

from typing import ClassVar

from uuut_kit.errors import (
    AlreadyExists,
    DomainError,
    FailedPrecondition,
    InvalidArgument,
    NotFound,
    PermissionDenied,
    ResourceExhausted,
    Unauthenticated,
)


class _FixedMessage(DomainError):
    """An error whose message is always the same."""

    text: ClassVar[str]

    def __init__(self) -> None:
        super().__init__(self.text)


class UsernameInvalid(InvalidArgument):
    reason = "USERNAME_INVALID"


class PasswordInvalid(InvalidArgument):
    reason = "PASSWORD_INVALID"


class RoleInvalid(InvalidArgument):
    reason = "ROLE_INVALID"


class PreferencesInvalid(InvalidArgument):
    reason = "PREFERENCES_INVALID"


class UsernameTaken(AlreadyExists):
    reason = "USERNAME_TAKEN"


class SignupClosed(PermissionDenied):
    reason = "SIGNUP_CLOSED"


class Forbidden(PermissionDenied):
    reason = "FORBIDDEN"


class BadCredentials(_FixedMessage, Unauthenticated):
    reason = "BAD_CREDENTIALS"
    text = "incorrect username or password"


class AccountDisabled(_FixedMessage, Unauthenticated):
    reason = "ACCOUNT_DISABLED"
    text = "this account is disabled"


class OtpRequired(_FixedMessage, Unauthenticated):
    reason = "OTP_REQUIRED"
    text = "a one-time code is required"


class OtpInvalid(_FixedMessage, Unauthenticated):
    reason = "OTP_INVALID"
    text = "the one-time code is wrong, expired or already used"


class TokenInvalid(_FixedMessage, Unauthenticated):
    reason = "TOKEN_INVALID"
    text = "the refresh token is invalid, expired, used or revoked"


class SessionRevoked(_FixedMessage, Unauthenticated):
    reason = "SESSION_REVOKED"
    text = "this login has been revoked"


class LoginThrottled(ResourceExhausted):
    reason = "LOGIN_THROTTLED"

    def __init__(self, retry_after_s: int) -> None:
        super().__init__(
            f"too many failed logins; try again in {retry_after_s} s", retry_after_s=retry_after_s
        )


class LastAdmin(_FixedMessage, FailedPrecondition):
    reason = "LAST_ADMIN"
    text = "the last active admin cannot be demoted, disabled or deleted"


class UserNotFound(_FixedMessage, NotFound):
    reason = "USER_NOT_FOUND"
    text = "no such user"


class TotpNotPending(_FixedMessage, FailedPrecondition):
    reason = "TOTP_NOT_PENDING"
    text = "set up TOTP first"


class TotpAlreadyEnabled(_FixedMessage, FailedPrecondition):
    reason = "TOTP_ALREADY_ENABLED"
    text = "TOTP is already enabled"


class TotpNotEnabled(_FixedMessage, FailedPrecondition):
    reason = "TOTP_NOT_ENABLED"
    text = "TOTP is not enabled"
