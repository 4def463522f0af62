"""Helpers the auth tests share: settings on a temp dir, a clock tests can move."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from uuut_auth.config import AuthSettings
from uuut_kit.tokens import Caller, TokenVerifier

PASSWORD = "correct horse battery"


class FakeClock:
    """Wall-clock time that tests can move forward."""

    def __init__(self) -> None:
        self.offset = timedelta()

    def __call__(self) -> datetime:
        return datetime.now(UTC) + self.offset

    def advance(self, seconds: float) -> None:
        self.offset += timedelta(seconds=seconds)


def make_settings(data_dir: Path, **overrides: object) -> AuthSettings:
    values: dict[str, object] = {
        "data_dir": data_dir,
        "grpc_port": 0,
        "ops_port": 0,
        "shutdown_grace_s": 1,
        "bcrypt_cost": 4,  # cost 12 is the production default; 4 keeps the suite fast
        "signup": "open",
    }
    values.update(overrides)
    return AuthSettings(_env_file=None, **values)  # type: ignore[call-arg]


def caller_of(settings: AuthSettings, access_token: str) -> Caller:
    """The caller the kit's interceptor would see for this token."""
    return TokenVerifier(settings.jwks_path).verify(access_token)
