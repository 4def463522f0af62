"""Rows of the auth schema as the repository reads them: one field per column, by name.

The tables themselves are described by models.py (for Alembic only); these are plain values,
so a change is written with an explicit statement, never by setting a field.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True)
class UserRow:
    id: int
    username: str
    password_hash: str
    role: str
    disabled: bool
    # Both TOTP secrets are sealed with uuut_auth.secretbox, never stored in clear.
    totp_secret: bytes | None
    totp_pending_secret: bytes | None
    totp_last_step: int | None
    created_at: datetime


@dataclass(frozen=True, slots=True)
class LoginRow:
    """One login (a session): what an access token's `sid` names."""

    id: uuid.UUID
    user_id: int
    created_at: datetime
    last_used_at: datetime
    revoked_at: datetime | None


@dataclass(frozen=True, slots=True)
class RefreshTokenRow:
    """A refresh token, known only by its SHA-256; kept after use to detect reuse."""

    token_hash: str
    login_id: uuid.UUID
    created_at: datetime
    expires_at: datetime
    used_at: datetime | None


@dataclass(frozen=True, slots=True)
class PreferencesRow:
    user_id: int
    quality: str
    groups: list[str]
    trusted_only: bool
    updated_at: datetime
