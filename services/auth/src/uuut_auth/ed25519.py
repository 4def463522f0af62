"""Ed25519 for the auth service on PyNaCl: private key files, EdDSA signatures, public JWKs.

The auth service's process never loads `cryptography` (about 8 MB resident): libsodium, through
PyNaCl, signs, as it already verifies in every process (`uuut_kit.ed25519`). The key files stay
exactly what `cryptography` (and OpenSSL) write, so keys made before, and their backups, work
as they are: an unencrypted PKCS#8 PEM, whose DER for an Ed25519 key without its public half
(RFC 8410) is always one fixed prefix followed by the 32-byte seed.
"""

from __future__ import annotations

import base64
import binascii
import json
from pathlib import Path
from typing import Any

from jwt.utils import base64url_encode
from nacl.signing import SigningKey, VerifyKey

from uuut_kit.ed25519 import Ed25519Verifier

SEED_BYTES = 32
# SEQUENCE { INTEGER 0, SEQUENCE { OID 1.3.101.112 (Ed25519) }, OCTET STRING { OCTET STRING
# (32 bytes) } }: everything of the DER but the seed that ends it.
_PKCS8_PREFIX = bytes.fromhex("302e020100300506032b657004220420")
_PEM_BEGIN = b"-----BEGIN PRIVATE KEY-----"
_PEM_END = b"-----END PRIVATE KEY-----"
_PEM_LINE = 64  # base64 characters a line, as PEM writers wrap


def pem_from_seed(seed: bytes) -> bytes:
    """The PEM PKCS#8 file of the key with this seed, byte for byte as `cryptography` writes it."""
    if len(seed) != SEED_BYTES:
        raise ValueError(f"an Ed25519 seed is {SEED_BYTES} bytes")
    body = base64.b64encode(_PKCS8_PREFIX + seed)
    lines = [body[i : i + _PEM_LINE] for i in range(0, len(body), _PEM_LINE)]
    return b"\n".join([_PEM_BEGIN, *lines, _PEM_END]) + b"\n"


def seed_from_pem(pem: bytes, path: Path) -> bytes:
    """The seed in the PEM PKCS#8 file read from `path`; ValueError naming `path` for anything
    but an unencrypted Ed25519 key (another algorithm, an encrypted key, a public half...)."""
    lines = [line.strip() for line in pem.strip().splitlines()]
    if len(lines) < 3 or lines[0] != _PEM_BEGIN or lines[-1] != _PEM_END:
        raise ValueError(f"{path} is not a PEM private key ({_PEM_BEGIN.decode()})")
    try:
        der = base64.b64decode(b"".join(lines[1:-1]), validate=True)
    except binascii.Error:
        raise ValueError(f"{path} is not a PEM private key: its body is not base64") from None
    if len(der) != len(_PKCS8_PREFIX) + SEED_BYTES or not der.startswith(_PKCS8_PREFIX):
        raise ValueError(f"{path} is not an unencrypted Ed25519 private key (PKCS#8)")
    return der[len(_PKCS8_PREFIX) :]


class Ed25519Signer(Ed25519Verifier):
    """The kit's `EdDSA` JWS algorithm, signing too: with a `nacl.signing.SigningKey`."""

    def prepare_key(self, key: Any) -> Any:
        if isinstance(key, SigningKey):
            return key
        return super().prepare_key(key)  # a VerifyKey, to check

    def sign(self, msg: bytes, key: SigningKey) -> bytes:
        # Ed25519 is deterministic: the same key and message give the same bytes as
        # `cryptography` gave, so tokens are what they were.
        return key.sign(msg).signature

    @staticmethod
    def to_jwk(key_obj: Any, as_dict: bool = False) -> Any:
        """The public JWK (RFC 8037) of a signing or verify key: `x`, `kty`, `crv`, in the order
        pyjwt's own EdDSA wrote them."""
        public = key_obj.verify_key if isinstance(key_obj, SigningKey) else key_obj
        if not isinstance(public, VerifyKey):
            raise TypeError("expected a nacl.signing.SigningKey or VerifyKey")
        jwk = {"x": base64url_encode(bytes(public)).decode(), "kty": "OKP", "crv": "Ed25519"}
        return jwk if as_dict else json.dumps(jwk)
