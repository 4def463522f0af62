"""The auth service's settings."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, model_validator

from uuut_auth.tokens import MAX_TOKEN_TTL_S
from uuut_kit.settings import ServiceSettings

SERVICE = "auth"


class AuthSettings(ServiceSettings):
    """Everything the auth service is told at start, from `UUUT_*` variables."""

    grpc_port: int = 50051
    ops_port: int = 50061

    signup: Literal["open", "closed"] = Field(
        default="open", description="whether anyone may create an account (UUUT_SIGNUP)"
    )
    bootstrap_admin_username: str | None = None
    bootstrap_admin_password: SecretStr | None = None

    # The contract caps access tokens at 15 minutes; shorter is allowed.
    access_token_ttl_s: int = Field(default=900, ge=30, le=MAX_TOKEN_TTL_S)
    refresh_token_ttl_s: int = Field(default=30 * 86400, ge=60)
    signing_key_max_age_days: float = Field(default=30, gt=0)

    bcrypt_cost: int = Field(default=12, ge=4, le=16)
    # Half the cores: a burst of logins queues here while the other half keeps serving
    # everything else (the p99 of other requests stays within 2x of idle).
    password_hash_workers: int = Field(
        default_factory=lambda: max(1, (os.cpu_count() or 2) // 2), ge=1, le=32
    )

    login_failure_limit: int = Field(default=10, ge=1)
    login_failure_window_s: int = Field(default=15 * 60, ge=1)

    maintenance_interval_s: float = Field(default=3600, gt=0)
    sessions_gauge_interval_s: float = Field(default=60, gt=0)

    @model_validator(mode="after")
    def _bootstrap_admin_complete(self) -> AuthSettings:
        if bool(self.bootstrap_admin_username) != bool(self.bootstrap_admin_password):
            raise ValueError(
                "set both UUUT_BOOTSTRAP_ADMIN_USERNAME and UUUT_BOOTSTRAP_ADMIN_PASSWORD, "
                "or neither"
            )
        return self

    @property
    def state_dir(self) -> Path:
        """Private state of the auth service; never shared with other services."""
        return self.data_dir / "auth"

    @property
    def signing_keys_dir(self) -> Path:
        return self.state_dir / "signing-keys"

    @property
    def totp_key_path(self) -> Path:
        """The XChaCha20-Poly1305 key TOTP seeds are sealed with (uuut_auth.secretbox)."""
        return self.state_dir / "totp-xchacha20.key"

    @property
    def legacy_totp_key_path(self) -> Path:
        """The AES-256-GCM key that sealed TOTP seeds before: while it is there, a child process
        re-seals them at start (uuut_auth.totp_upgrade), and deletes it once none needs it."""
        return self.state_dir / "totp-encryption.key"
