"""Typed settings read from `UUUT_*` environment variables, built once at start."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class KitSettings(BaseSettings):
    """Settings every process of the stack understands."""

    model_config = SettingsConfigDict(env_prefix="UUUT_", extra="ignore", frozen=True)

    data_dir: Path = Path("./var")
    keys_dir: Path | None = Field(
        default=None,
        description="where the auth service publishes its JWKS (default data_dir/keys)",
    )
    log_level: Literal["debug", "info", "warning", "error"] = "info"
    log_format: Literal["json", "console"] = "json"
    otel_exporter: Literal["none", "console", "otlp"] = "none"
    otel_endpoint: str | None = None

    @model_validator(mode="after")
    def _default_keys_dir(self) -> KitSettings:
        if self.keys_dir is None:
            object.__setattr__(self, "keys_dir", self.data_dir / "keys")
        return self

    @property
    def jwks_path(self) -> Path:
        assert self.keys_dir is not None
        return self.keys_dir / "jwks.json"


class ServiceSettings(KitSettings):
    """Settings of a gRPC service: where it listens and its own database role."""

    grpc_host: str = "127.0.0.1"
    grpc_port: int = 0
    ops_port: int = 0
    service_database_url: str = Field(
        default="", description="the service's own role, provisioned by `uuutorrent up` or Compose"
    )
    shutdown_grace_s: float = 5.0
