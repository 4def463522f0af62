"""Access-token verification against the JWKS the auth service publishes.

Every process verifies tokens locally (no call to the auth service): the algorithm is pinned
to EdDSA, and `kid`, `iss`, `aud`, `exp`, `iat`, `sub`, `role` and `jti` are all required.
Signatures are checked with PyNaCl (`uuut_kit.ed25519`), so a process that only verifies
never loads `cryptography`.
"""

from __future__ import annotations

import json
import os
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jwt

from uuut_kit.ed25519 import Ed25519Verifier

ALGORITHM = "EdDSA"
ISSUER = "uuutorrent-auth"
AUDIENCE = "uuutorrent"
ROLES = frozenset({"user", "admin"})
# Tokens already verified, by their full text (signature included): a client sends the same
# token with every request for up to 15 minutes, and an Ed25519 check costs more than the
# rest of a cheap request. Bounded; an entry is dropped when its token expires or its key goes.
_VERIFIED_CACHE_SIZE = 4096
_REQUIRED_CLAIMS = ["iss", "aud", "sub", "iat", "exp", "jti"]


def _signature_checker() -> jwt.PyJWS:
    """A JWS decoder that knows EdDSA alone, checked by `Ed25519Verifier`."""
    jws = jwt.PyJWS(algorithms=[])
    jws.register_algorithm(ALGORITHM, Ed25519Verifier())
    return jws


def service_audience(service: str) -> str:
    """The audience of an operator's token for one service's gRPC API."""
    return f"{AUDIENCE}:{service}"


class InvalidToken(Exception):
    """The token is missing, malformed, expired, or not signed by our key."""


@dataclass(frozen=True, slots=True)
class Caller:
    """Who is asking, as the verified token says."""

    subject: str
    role: str
    session_id: str
    token_id: str
    expires_at: int
    token: str

    @property
    def user_id(self) -> int | None:
        """The user's id, or None for an operator's service token."""
        return int(self.subject) if self.subject.isdigit() else None

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"


class TokenVerifier:
    """Verifies access tokens with the public keys in a JWKS file, reloaded when it changes."""

    def __init__(self, jwks_path: Path, audiences: tuple[str, ...] = (AUDIENCE,)) -> None:
        self._path = jwks_path
        self._audiences = list(audiences)
        self._keys: dict[str, Any] = {}
        self._stamp: tuple[int, int] | None = None
        self._lock = threading.Lock()
        self._verified: OrderedDict[str, tuple[Caller, str]] = OrderedDict()
        self._signatures = _signature_checker()

    def _reload_if_changed(self) -> None:
        try:
            stat = os.stat(self._path)
        except FileNotFoundError:
            return
        stamp = (stat.st_mtime_ns, stat.st_size)
        if stamp == self._stamp:
            return
        with self._lock:
            document = json.loads(self._path.read_text())
            keys = {}
            for jwk in document.get("keys", []):
                if jwk.get("kty") == "OKP" and jwk.get("crv") == "Ed25519" and "kid" in jwk:
                    keys[jwk["kid"]] = Ed25519Verifier.from_jwk(jwk)
            self._keys, self._stamp = keys, stamp

    def verify(self, token: str) -> Caller:
        self._reload_if_changed()
        remembered = self._verified.get(token)
        if remembered is not None:
            caller, kid = remembered
            if caller.expires_at <= time.time():
                self._verified.pop(token, None)
                raise InvalidToken("token expired")
            if kid not in self._keys:
                self._verified.pop(token, None)
                raise InvalidToken("token signed by an unknown key")
            return caller
        caller, kid = self._verify_signed(token)
        self._verified[token] = (caller, kid)
        if len(self._verified) > _VERIFIED_CACHE_SIZE:
            self._verified.popitem(last=False)
        return caller

    def _verify_signed(self, token: str) -> tuple[Caller, str]:
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError as exc:
            raise InvalidToken("malformed token") from exc
        if header.get("alg") != ALGORITHM:
            raise InvalidToken("unexpected token algorithm")
        kid = header.get("kid")
        if not isinstance(kid, str):
            raise InvalidToken("token has no key id")
        key = self._keys.get(kid)
        if key is None:
            raise InvalidToken("token signed by an unknown key")
        try:
            self._signatures.decode_complete(token, key=key, algorithms=[ALGORITHM])
            # The signature is good: now the claims, which pyjwt checks as documented when
            # each check is asked for by name.
            claims = jwt.decode(
                token,
                audience=self._audiences,
                issuer=ISSUER,
                options={
                    "verify_signature": False,
                    "verify_aud": True,
                    "verify_iss": True,
                    "verify_exp": True,
                    "verify_iat": True,
                    "verify_nbf": True,
                    "verify_sub": True,
                    "verify_jti": True,
                    "require": _REQUIRED_CLAIMS,
                },
            )
        except jwt.ExpiredSignatureError as exc:
            raise InvalidToken("token expired") from exc
        except jwt.PyJWTError as exc:
            raise InvalidToken("token rejected") from exc
        role = claims.get("role")
        if role not in ROLES:
            raise InvalidToken("token has no valid role")
        caller = Caller(
            subject=str(claims["sub"]),
            role=role,
            session_id=str(claims.get("sid", "")),
            token_id=str(claims["jti"]),
            expires_at=int(claims["exp"]),
            token=token,
        )
        return caller, kid
