"""EdDSA (Ed25519) signature checks for pyjwt, on PyNaCl.

pyjwt's own EdDSA stands on `cryptography`, which keeps about 10 MB resident in every process
that loads it. Only the auth service signs tokens; every other process only checks them, and
libsodium (through PyNaCl) does that for under 1 MB. This algorithm verifies and never signs.
"""

from __future__ import annotations

import json
from typing import Any

from jwt.algorithms import Algorithm
from jwt.exceptions import InvalidKeyError
from jwt.utils import base64url_decode
from nacl.exceptions import BadSignatureError
from nacl.exceptions import ValueError as NaclValueError
from nacl.signing import VerifyKey

_PUBLIC_KEY_BYTES = 32


class Ed25519Verifier(Algorithm):
    """The `EdDSA` JWS algorithm (RFC 8037) over Ed25519, for checking signatures only."""

    def prepare_key(self, key: Any) -> VerifyKey:
        if not isinstance(key, VerifyKey):
            raise InvalidKeyError("expected an Ed25519 public key (nacl.signing.VerifyKey)")
        return key

    def sign(self, msg: bytes, key: Any) -> bytes:
        raise NotImplementedError("tokens are signed by the auth service, not here")

    def verify(self, msg: bytes, key: VerifyKey, sig: bytes) -> bool:
        try:
            key.verify(msg, sig)
        except (BadSignatureError, NaclValueError):  # forged, or not 64 bytes long
            return False
        return True

    @staticmethod
    def to_jwk(key_obj: Any, as_dict: bool = False) -> Any:
        raise NotImplementedError("the auth service publishes the keys")

    @staticmethod
    def from_jwk(jwk: str | dict[str, Any]) -> VerifyKey:
        """The public key of an `OKP` / `Ed25519` JWK."""
        document = json.loads(jwk) if isinstance(jwk, str) else jwk
        if document.get("kty") != "OKP" or document.get("crv") != "Ed25519":
            raise InvalidKeyError("not an Ed25519 (OKP) key")
        x = document.get("x")
        if not isinstance(x, str):
            raise InvalidKeyError("the key has no public part ('x')")
        try:
            public = base64url_decode(x)
        except ValueError as exc:
            raise InvalidKeyError("the key's 'x' is not base64url") from exc
        if len(public) != _PUBLIC_KEY_BYTES:
            raise InvalidKeyError(f"an Ed25519 public key is {_PUBLIC_KEY_BYTES} bytes")
        return VerifyKey(public)
