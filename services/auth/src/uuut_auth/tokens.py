"""Minting access tokens (signed JWTs) and refresh tokens (opaque, stored only as a hash)."""

from __future__ import annotations

import hashlib
import secrets
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

import jwt

from uuut_auth.keys import KeyStore
from uuut_kit.tokens import ALGORITHM, AUDIENCE, ISSUER, service_audience

OPERATOR_SUBJECT = "operator"
# No token lives longer than this (the contract's 15 minutes), so a replaced key stays
# published this long, plus clock skew, and no longer.
MAX_TOKEN_TTL_S = 900


@dataclass(frozen=True)
class TokenPair:
    access_token: str
    refresh_token: str
    expires_in: int


def new_refresh_token() -> str:
    return secrets.token_urlsafe(32)


def hash_refresh_token(token: str) -> str:
    """What is stored: a leaked table hands out no usable token."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class TokenIssuer:
    """Signs access tokens with the current key of the key store."""

    def __init__(self, keys: KeyStore, access_ttl_s: int) -> None:
        self._keys = keys
        self.access_ttl_s = access_ttl_s

    def access_token(
        self, user_id: int, role: str, login_id: str, now: datetime | None = None
    ) -> str:
        return self._sign(
            subject=str(user_id),
            role=role,
            audience=AUDIENCE,
            ttl_s=self.access_ttl_s,
            now=now,
            extra={"sid": login_id},
        )

    def service_token(self, service: str, ttl_s: int, now: datetime | None = None) -> str:
        """An operator's admin token for one service's gRPC API, no longer than an access token."""
        if not 0 < ttl_s <= MAX_TOKEN_TTL_S:
            raise ValueError(f"ttl_s must be between 1 and {MAX_TOKEN_TTL_S} seconds")
        return self._sign(
            subject=OPERATOR_SUBJECT,
            role="admin",
            audience=service_audience(service),
            ttl_s=ttl_s,
            now=now,
            extra={},
        )

    def _sign(
        self,
        *,
        subject: str,
        role: str,
        audience: str,
        ttl_s: int,
        now: datetime | None,
        extra: dict[str, str],
    ) -> str:
        key = self._keys.current()
        issued = int((now or datetime.now(UTC)).timestamp())
        claims = {
            "iss": ISSUER,
            "aud": audience,
            "sub": subject,
            "role": role,
            "iat": issued,
            "exp": issued + ttl_s,
            "jti": uuid.uuid4().hex,
            **extra,
        }
        return jwt.encode(claims, key.private_key, algorithm=ALGORITHM, headers={"kid": key.kid})
