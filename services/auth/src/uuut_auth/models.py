"""Tables of the auth schema: users, their logins, the refresh tokens of each login, and each
user's release preferences.

For Alembic (migrations/env.py) and the test that the migrations build these tables only: the
service itself never imports SQLAlchemy (about 20 MB resident); it reads rows.py's rows.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Identity,
    Index,
    LargeBinary,
    String,
    false,
    func,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class UserRow(Base):
    __tablename__ = "users"
    __table_args__ = (CheckConstraint("role IN ('user', 'admin')", name="users_role_check"),)

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    username: Mapped[str] = mapped_column(String(32))
    password_hash: Mapped[str] = mapped_column(String(100))
    role: Mapped[str] = mapped_column(String(16))
    disabled: Mapped[bool] = mapped_column(default=False, server_default=false())
    # Both TOTP secrets are sealed with uuut_auth.secretbox, never stored in clear.
    totp_secret: Mapped[bytes | None] = mapped_column(LargeBinary)
    totp_pending_secret: Mapped[bytes | None] = mapped_column(LargeBinary)
    totp_last_step: Mapped[int | None] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


# Usernames are ASCII (see passwords.USERNAME_PATTERN), so lower() is a full case fold.
Index("users_username_lower_key", func.lower(UserRow.username), unique=True)


class LoginRow(Base):
    """One login (a session): what an access token's `sid` names."""

    __tablename__ = "logins"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    last_used_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class RefreshTokenRow(Base):
    """A refresh token, known only by its SHA-256; kept after use to detect reuse."""

    __tablename__ = "refresh_tokens"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    login_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("logins.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class PreferencesRow(Base):
    """What a user wants of their releases; no row means the defaults."""

    __tablename__ = "preferences"
    __table_args__ = (
        CheckConstraint(
            "quality IN ('480p', '720p', '1080p', '2160p')", name="preferences_quality_check"
        ),
    )

    user_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    quality: Mapped[str] = mapped_column(String(8))
    groups: Mapped[list[str]] = mapped_column(ARRAY(String(64)))
    trusted_only: Mapped[bool] = mapped_column()
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
