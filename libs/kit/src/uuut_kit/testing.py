"""Test helpers: a throwaway Ed25519 signing key and its JWKS, to mint tokens in tests."""

from __future__ import annotations

import json
import time
import uuid
from pathlib import Path
from typing import Any

import jwt
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from jwt.algorithms import OKPAlgorithm


class SigningKey:
    def __init__(self, kid: str = "test-key") -> None:
        self.kid = kid
        self.private = Ed25519PrivateKey.generate()

    def jwk(self) -> dict[str, Any]:
        jwk = json.loads(OKPAlgorithm.to_jwk(self.private.public_key()))
        return {**jwk, "kid": self.kid, "alg": "EdDSA", "use": "sig"}

    def publish(self, path: Path, *others: SigningKey) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps({"keys": [self.jwk(), *(k.jwk() for k in others)]}))

    def claims(self, **overrides: Any) -> dict[str, Any]:
        now = int(time.time())
        claims = {
            "iss": "uuutorrent-auth",
            "aud": "uuutorrent",
            "sub": "7",
            "role": "user",
            "sid": "s1",
            "iat": now,
            "exp": now + 600,
            "jti": uuid.uuid4().hex,
        }
        claims.update(overrides)
        return {k: v for k, v in claims.items() if v is not None}

    def sign(self, **overrides: Any) -> str:
        return jwt.encode(
            self.claims(**overrides), self.private, algorithm="EdDSA", headers={"kid": self.kid}
        )
