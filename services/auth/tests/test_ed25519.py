"""Signing keys on PyNaCl: the key files, the JWKS and the tokens are what `cryptography` made.

Installs and backups hold keys `cryptography` wrote, and every other process checks tokens with
the kit (PyNaCl): these tests hold the auth service's own Ed25519 code to `cryptography`'s.
"""

from __future__ import annotations

import base64
import json
import secrets
from datetime import UTC, datetime
from pathlib import Path

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ec import SECP256R1, generate_private_key
from cryptography.hazmat.primitives.asymmetric.ed448 import Ed448PrivateKey
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from jwt.algorithms import OKPAlgorithm

from uuut_auth.components import key_store
from uuut_auth.ed25519 import pem_from_seed, seed_from_pem
from uuut_auth.keys import KeyStore
from uuut_auth.tokens import TokenIssuer
from uuut_kit.tokens import AUDIENCE, ISSUER, TokenVerifier

from .support import make_settings

NOW = datetime.now(UTC)
KID = f"{NOW.strftime('%Y%m%dT%H%M%SZ')}-0badc0de"  # what the store names its keys
PEM = serialization.Encoding.PEM
PKCS8 = serialization.PrivateFormat.PKCS8


def cryptography_pem(key: object, encryption: object = None) -> bytes:
    """A private key file as `cryptography` writes it (as the auth service did before)."""
    return key.private_bytes(  # type: ignore[attr-defined, no-any-return]
        PEM, PKCS8, encryption or serialization.NoEncryption()
    )


@pytest.fixture
def old_key(tmp_path: Path) -> Ed25519PrivateKey:
    """A signing key that an install made before, on disk where the store looks."""
    key = Ed25519PrivateKey.generate()
    keys_dir = make_settings(tmp_path).signing_keys_dir
    keys_dir.mkdir(parents=True, mode=0o700)
    path = keys_dir / f"{KID}.pem"
    path.write_bytes(cryptography_pem(key))
    path.chmod(0o600)
    return key


@pytest.fixture
def store(tmp_path: Path, old_key: Ed25519PrivateKey) -> KeyStore:
    store = key_store(make_settings(tmp_path))
    assert store.rotate_if_due(NOW) is False  # the old key is current and kept
    return store


@pytest.mark.parametrize("seed", [bytes(32), bytes(range(32)), secrets.token_bytes(32)])
def test_a_key_file_is_byte_for_byte_what_cryptography_writes(tmp_path: Path, seed: bytes) -> None:
    written = cryptography_pem(Ed25519PrivateKey.from_private_bytes(seed))
    assert pem_from_seed(seed) == written
    assert seed_from_pem(written, tmp_path / "k.pem") == seed


def test_a_key_file_written_here_loads_in_cryptography() -> None:
    seed = secrets.token_bytes(32)
    loaded = serialization.load_pem_private_key(pem_from_seed(seed), password=None)
    assert isinstance(loaded, Ed25519PrivateKey)
    assert loaded.private_bytes_raw() == seed


def test_new_keys_are_written_as_cryptography_would(tmp_path: Path) -> None:
    store = key_store(make_settings(tmp_path))
    store.rotate_if_due(NOW)
    (path,) = make_settings(tmp_path).signing_keys_dir.glob("*.pem")
    loaded = serialization.load_pem_private_key(path.read_bytes(), password=None)
    assert isinstance(loaded, Ed25519PrivateKey)
    assert cryptography_pem(loaded) == path.read_bytes()


def pem_of(der: bytes) -> bytes:
    body = base64.encodebytes(der).replace(b"\n", b"")
    return b"-----BEGIN PRIVATE KEY-----\n" + body + b"\n-----END PRIVATE KEY-----\n"


def other_keys() -> dict[str, bytes]:
    ed25519 = Ed25519PrivateKey.generate()
    pem = cryptography_pem(ed25519)
    seed, public = ed25519.private_bytes_raw(), ed25519.public_key().public_bytes_raw()
    # RFC 8410's version 2, the public key after the seed: valid, but not what we write.
    v2 = bytes.fromhex("3051020101300506032b657004220420") + seed + bytes.fromhex("812100") + public
    return {
        "ed448": cryptography_pem(Ed448PrivateKey.generate()),
        "ec": cryptography_pem(generate_private_key(SECP256R1())),
        "encrypted": cryptography_pem(
            ed25519, serialization.BestAvailableEncryption(b"passphrase")
        ),
        "pkcs8 v2 with its public key": pem_of(v2),
        "openssh": ed25519.private_bytes(
            PEM, serialization.PrivateFormat.OpenSSH, serialization.NoEncryption()
        ),
        "public key": ed25519.public_key().public_bytes(
            PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        ),
        "not base64": pem.replace(b"MC4C", b"MC4*"),
        "cut short": pem.replace(b"MC4C", b""),
        "empty": b"",
    }


@pytest.mark.parametrize("content", other_keys().values(), ids=list(other_keys()))
def test_anything_but_an_ed25519_key_file_is_refused_by_name(
    tmp_path: Path, content: bytes
) -> None:
    keys_dir = make_settings(tmp_path).signing_keys_dir
    keys_dir.mkdir(parents=True)
    (keys_dir / f"{KID}.pem").write_bytes(content)
    with pytest.raises(ValueError, match=f"{KID}.pem is not"):
        key_store(make_settings(tmp_path)).rotate_if_due(NOW)


def test_the_jwks_of_an_existing_key_is_unchanged(
    tmp_path: Path, old_key: Ed25519PrivateKey, store: KeyStore
) -> None:
    # What the auth service published for this key file before, with pyjwt's own EdDSA.
    jwk = json.loads(OKPAlgorithm.to_jwk(old_key.public_key()))
    before = json.dumps({"keys": [{**jwk, "kid": KID, "alg": "EdDSA", "use": "sig"}]}, indent=2)
    assert store.jwks_path.read_text() == before
    assert list(json.loads(before)["keys"][0]) == ["x", "kty", "crv", "kid", "alg", "use"]


def test_tokens_are_byte_for_byte_what_pyjwt_and_cryptography_signed(
    old_key: Ed25519PrivateKey, store: KeyStore
) -> None:
    token = TokenIssuer(store, access_ttl_s=900).access_token(7, "user", "login-1")
    claims = jwt.decode(token, options={"verify_signature": False})
    assert jwt.encode(claims, old_key, algorithm="EdDSA", headers={"kid": KID}) == token
    assert jwt.get_unverified_header(token) == {"alg": "EdDSA", "kid": KID, "typ": "JWT"}


def test_tokens_verify_with_the_kit_and_with_pyjwt_and_cryptography(
    old_key: Ed25519PrivateKey, store: KeyStore
) -> None:
    issuer = TokenIssuer(store, access_ttl_s=900)
    token = issuer.access_token(7, "user", "login-1")
    assert TokenVerifier(store.jwks_path).verify(token).session_id == "login-1"
    claims = jwt.decode(
        token, old_key.public_key(), algorithms=["EdDSA"], audience=AUDIENCE, issuer=ISSUER
    )
    assert (claims["sub"], claims["sid"]) == ("7", "login-1")
    forged = token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB")
    with pytest.raises(jwt.InvalidSignatureError):
        jwt.decode(forged, old_key.public_key(), algorithms=["EdDSA"], audience=AUDIENCE)
