"""REST shape of a user's release preferences (API.md "/users/me/preferences")."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from uuut_gateway.schemas.search import Quality
from uuutorrent.auth.v1 import auth_pb2

QUALITY_TO_AUTH = {
    "480p": auth_pb2.QUALITY_480P,
    "720p": auth_pb2.QUALITY_720P,
    "1080p": auth_pb2.QUALITY_1080P,
    "2160p": auth_pb2.QUALITY_2160P,
}
QUALITY_FROM_AUTH: dict[int, Quality] = {v: k for k, v in QUALITY_TO_AUTH.items()}  # type: ignore[misc]

GroupName = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=64)]


class Preferences(BaseModel):
    """What the caller wants of the releases downloaded for them."""

    model_config = ConfigDict(extra="forbid")

    quality: Quality = Field(description="wanted resolution")
    groups: list[GroupName] = Field(max_length=20, description="preferred groups, best first")
    trusted_only: bool = Field(description="only releases Nyaa marks trusted")

    @classmethod
    def from_proto(cls, preferences: auth_pb2.Preferences) -> Preferences:
        return cls(
            # Never stored unset; 1080p is what auth means by it anyway.
            quality=QUALITY_FROM_AUTH.get(preferences.quality, "1080p"),
            groups=list(preferences.groups),
            trusted_only=preferences.trusted_only,
        )

    def to_proto(self) -> auth_pb2.Preferences:
        return auth_pb2.Preferences(
            quality=QUALITY_TO_AUTH[self.quality],
            groups=self.groups,
            trusted_only=self.trusted_only,
        )
