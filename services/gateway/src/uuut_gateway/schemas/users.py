"""REST shapes of users and logins (the contract, not the protos)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, Field, StringConstraints

from uuutorrent.auth.v1 import auth_pb2

Role = Literal["user", "admin"]
ROLE_TO_PROTO: dict[Role, auth_pb2.Role] = {
    "user": auth_pb2.ROLE_USER,
    "admin": auth_pb2.ROLE_ADMIN,
}
ROLE_FROM_PROTO: dict[auth_pb2.Role, Role] = {
    auth_pb2.ROLE_USER: "user",
    auth_pb2.ROLE_ADMIN: "admin",
}


def _password_bytes(value: str) -> str:
    # bcrypt reads at most 72 bytes: longer passwords would be silently truncated.
    if not 8 <= len(value.encode("utf-8")) <= 72:
        raise ValueError("the password must be 8 to 72 bytes in UTF-8")
    return value


Username = Annotated[
    str, StringConstraints(min_length=3, max_length=32, pattern=r"^[A-Za-z0-9_.-]+$")
]
Password = Annotated[str, AfterValidator(_password_bytes)]


class Credentials(BaseModel):
    username: Username
    password: Password


class NewUser(Credentials):
    role: Role = "user"


class UserOut(BaseModel):
    id: int
    username: str
    role: Role

    @classmethod
    def from_proto(cls, user: auth_pb2.User) -> UserOut:
        return cls(id=user.id, username=user.username, role=ROLE_FROM_PROTO[user.role])


class AniListAccount(BaseModel):
    user_id: int
    username: str


class Me(UserOut):
    totp_enabled: bool
    anilist: AniListAccount | None = None


class AdminUserOut(UserOut):
    disabled: bool
    created_at: datetime

    @classmethod
    def from_proto(cls, user: auth_pb2.User) -> AdminUserOut:
        return cls(
            id=user.id,
            username=user.username,
            role=ROLE_FROM_PROTO[user.role],
            disabled=user.disabled,
            created_at=user.created_at.ToDatetime(tzinfo=UTC),
        )


class UserList(BaseModel):
    users: list[AdminUserOut]


class UserChange(BaseModel):
    role: Role | None = None
    disabled: bool | None = None
    password: Password | None = None


class PasswordChange(BaseModel):
    current_password: str = Field(min_length=1, max_length=1024)
    new_password: Password


class TokenOut(BaseModel):
    access_token: str
    refresh_token: str
    token_type: Literal["bearer"] = "bearer"  # noqa: S105 (the OAuth2 token type)
    expires_in: int

    @classmethod
    def from_proto(cls, tokens: auth_pb2.TokenPair) -> TokenOut:
        return cls(
            access_token=tokens.access_token,
            refresh_token=tokens.refresh_token,
            expires_in=tokens.expires_in,
        )


class RefreshIn(BaseModel):
    refresh_token: str = Field(min_length=1, max_length=512)


class TotpSetupOut(BaseModel):
    secret: str
    otpauth_url: str


class TotpCode(BaseModel):
    code: str = Field(pattern=r"^\d{6}$")
