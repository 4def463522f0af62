"""The search service's settings."""

from __future__ import annotations

from pydantic import Field, field_validator

from uuut_kit.settings import ServiceSettings
from uuut_search.nyaa import NyaaOptions

SERVICE = "search"


class SearchSettings(ServiceSettings):
    grpc_port: int = 50053
    ops_port: int = 50063
    nyaa_url: str = Field(
        default="https://nyaa.si", description="Nyaa base URL; the RSS is /?page=rss under it"
    )
    nyaa_category: str = Field(
        default="1_2", pattern=r"^\d+_\d+$", description="Nyaa category (1_2 = anime, English)"
    )
    nyaa_timeout_s: float = Field(default=10.0, gt=0, le=60)
    nyaa_max_in_flight: int = Field(default=2, ge=1, le=8)
    nyaa_min_interval_s: float = Field(default=0.5, ge=0, le=10)
    nyaa_cache_ttl_s: float = Field(default=300.0, ge=0)
    search_budget_s: float = Field(
        default=25.0, gt=0, le=120, description="deadline of all the searches for one request"
    )

    @field_validator("nyaa_url")
    @classmethod
    def _http_url(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError("UUUT_NYAA_URL must be an http(s) URL")
        return value.rstrip("/")

    def nyaa_options(self) -> NyaaOptions:
        return NyaaOptions(
            base_url=self.nyaa_url,
            category=self.nyaa_category,
            timeout_s=self.nyaa_timeout_s,
            max_in_flight=self.nyaa_max_in_flight,
            min_interval_s=self.nyaa_min_interval_s,
            cache_ttl_s=self.nyaa_cache_ttl_s,
        )
