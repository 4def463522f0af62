"""What the auth domain hands out: users as others may see them, session status, TOTP setup."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from uuut_auth.rows import UserRow

ROLE_USER = "user"
ROLE_ADMIN = "admin"
ROLES = frozenset({ROLE_USER, ROLE_ADMIN})

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class UserInfo:
    """A user without anything secret: no password hash, no TOTP seed."""

    id: int
    username: str
    role: str
    disabled: bool
    totp_enabled: bool
    created_at: datetime

    @classmethod
    def of(cls, row: UserRow) -> UserInfo:
        return cls(
            id=row.id,
            username=row.username,
            role=row.role,
            disabled=row.disabled,
            totp_enabled=row.totp_secret is not None,
            created_at=row.created_at,
        )


@dataclass(frozen=True)
class SessionStatus:
    """Whether a login may go on, the role now, and its user (None: deleted, or an operator)."""

    active: bool
    role: str | None
    user: UserInfo | None


@dataclass(frozen=True)
class TotpSetup:
    secret: str
    otpauth_url: str
