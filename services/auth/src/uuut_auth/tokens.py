"""Minting access tokens (signed JWTs) and refresh tokens (opaque, stored only as a hash).

Access tokens are signed with PyNaCl (`uuut_auth.ed25519`) through a JWS encoder of our own that
knows EdDSA alone: pyjwt's own EdDSA needs `cryptography`, which this process never loads. The
tokens are byte for byte what `jwt.encode` made with `cryptography` before.
"""

from __future__ import annotations

import hashlib
import json
import secrets
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import jwt

from uuut_auth.ed25519 import Ed25519Signer
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


def _signer() -> jwt.PyJWS:
    """A JWS encoder that knows EdDSA alone, signed by `Ed25519Signer`."""
    jws = jwt.PyJWS(algorithms=[])
    jws.register_algorithm(ALGORITHM, Ed25519Signer())
    return jws


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
        self._jws = _signer()

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
        # The payload as `jwt.encode` writes it: compact JSON, claims in this order.
        payload = json.dumps(claims, separators=(",", ":")).encode()
        # pyjwt's type hints know `cryptography`'s keys only; Ed25519Signer takes PyNaCl's.
        private_key: Any = key.private_key
        return self._jws.encode(payload, private_key, algorithm=ALGORITHM, headers={"kid": key.kid})
