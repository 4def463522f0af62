"""Access tokens are accepted only when signed by a published key, with every claim right."""

from __future__ import annotations

import base64
import json
import time
from pathlib import Path

import jwt
import pytest
from cryptography.hazmat.primitives import serialization

from uuut_kit.ed25519 import Ed25519Verifier
from uuut_kit.testing import SigningKey
from uuut_kit.tokens import InvalidToken, TokenVerifier


@pytest.fixture
def key(tmp_path: Path) -> SigningKey:
    key = SigningKey()
    key.publish(tmp_path / "jwks.json")
    return key


@pytest.fixture
def verifier(tmp_path: Path) -> TokenVerifier:
    return TokenVerifier(tmp_path / "jwks.json")


def b64(data: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


def test_a_good_token_names_the_caller(key: SigningKey, verifier: TokenVerifier) -> None:
    caller = verifier.verify(key.sign(sub="42", role="admin", sid="abc"))
    assert (caller.user_id, caller.role, caller.session_id, caller.is_admin) == (
        42,
        "admin",
        "abc",
        True,
    )


@pytest.mark.parametrize(
    "overrides",
    [
        {"exp": int(time.time()) - 5},
        {"aud": "someone-else"},
        {"iss": "evil"},
        {"role": "root"},
        {"role": None},
        {"jti": None},
        {"sub": None},
    ],
    ids=["expired", "wrong-aud", "wrong-iss", "unknown-role", "no-role", "no-jti", "no-sub"],
)
def test_bad_claims_are_refused(key: SigningKey, verifier: TokenVerifier, overrides: dict) -> None:
    with pytest.raises(InvalidToken):
        verifier.verify(key.sign(**overrides))


def test_a_token_signed_by_another_key_is_refused(key: SigningKey, verifier: TokenVerifier) -> None:
    impostor = SigningKey(kid=key.kid)
    with pytest.raises(InvalidToken):
        verifier.verify(impostor.sign())


def test_alg_none_is_refused(key: SigningKey, verifier: TokenVerifier) -> None:
    token = f"{b64({'alg': 'none', 'kid': key.kid})}.{b64(key.claims())}."
    with pytest.raises(InvalidToken):
        verifier.verify(token)


def test_hs256_signed_with_the_public_key_is_refused(
    key: SigningKey, verifier: TokenVerifier
) -> None:
    public_pem = key.private.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    header = b64({"alg": "HS256", "kid": key.kid, "typ": "JWT"})
    signing_input = f"{header}.{b64(key.claims())}".encode()
    signature = jwt.algorithms.HMACAlgorithm(jwt.algorithms.HMACAlgorithm.SHA256).sign(
        signing_input, public_pem
    )
    token = signing_input.decode() + "." + base64.urlsafe_b64encode(signature).rstrip(b"=").decode()
    with pytest.raises(InvalidToken):
        verifier.verify(token)


def test_a_tampered_payload_is_refused(key: SigningKey, verifier: TokenVerifier) -> None:
    header, _, signature = key.sign(role="user").split(".")
    forged = b64(key.claims(role="admin"))
    with pytest.raises(InvalidToken):
        verifier.verify(f"{header}.{forged}.{signature}")


def test_rotation_keeps_old_keys_valid_and_picks_up_new_ones(tmp_path: Path) -> None:
    old, new = SigningKey("old"), SigningKey("new")
    old.publish(tmp_path / "jwks.json")
    verifier = TokenVerifier(tmp_path / "jwks.json")
    old_token = old.sign()
    assert verifier.verify(old_token)
    with pytest.raises(InvalidToken):
        verifier.verify(new.sign())
    new.publish(tmp_path / "jwks.json", old)
    assert verifier.verify(new.sign()) and verifier.verify(old_token)


@pytest.mark.parametrize("garbage", ["", "abc", "a.b.c", "Bearer x"])
def test_garbage_is_refused(verifier: TokenVerifier, garbage: str) -> None:
    with pytest.raises(InvalidToken):
        verifier.verify(garbage)


def test_an_operator_token_opens_only_its_own_service(key: SigningKey, tmp_path: Path) -> None:
    from uuut_kit.tokens import AUDIENCE, service_audience

    auth = TokenVerifier(tmp_path / "jwks.json", audiences=(AUDIENCE, service_audience("auth")))
    watchlist = TokenVerifier(
        tmp_path / "jwks.json", audiences=(AUDIENCE, service_audience("watchlist"))
    )
    token = key.sign(sub="operator", role="admin", aud=service_audience("auth"))
    assert auth.verify(token).is_admin
    with pytest.raises(InvalidToken):
        watchlist.verify(token)
    with pytest.raises(InvalidToken):
        verifier_for_gateway = TokenVerifier(tmp_path / "jwks.json")
        verifier_for_gateway.verify(token)


def test_a_remembered_token_is_refused_once_it_expires(
    key: SigningKey, verifier: TokenVerifier, monkeypatch: pytest.MonkeyPatch
) -> None:
    token = key.sign(exp=int(time.time()) + 60)
    assert verifier.verify(token).user_id == 7
    later = time.time() + 61
    monkeypatch.setattr(time, "time", lambda: later)
    with pytest.raises(InvalidToken, match="expired"):
        verifier.verify(token)


def test_a_remembered_token_is_refused_once_its_key_is_withdrawn(tmp_path: Path) -> None:
    withdrawn, kept = SigningKey("withdrawn"), SigningKey("kept")
    withdrawn.publish(tmp_path / "jwks.json", kept)
    verifier = TokenVerifier(tmp_path / "jwks.json")
    token = withdrawn.sign()
    assert verifier.verify(token)
    kept.publish(tmp_path / "jwks.json")
    with pytest.raises(InvalidToken, match="unknown key"):
        verifier.verify(token)


def test_a_truncated_signature_is_refused(key: SigningKey, verifier: TokenVerifier) -> None:
    token = key.sign()
    with pytest.raises(InvalidToken):
        verifier.verify(token[:-8])


def test_a_key_that_is_not_ed25519_is_not_trusted(key: SigningKey, tmp_path: Path) -> None:
    jwk = key.jwk()
    (tmp_path / "jwks.json").write_text(json.dumps({"keys": [{**jwk, "crv": "X25519"}]}))
    with pytest.raises(InvalidToken, match="unknown key"):
        TokenVerifier(tmp_path / "jwks.json").verify(key.sign())


@pytest.mark.parametrize(
    "jwk",
    [
        {"kty": "RSA", "crv": "Ed25519", "x": "AAAA"},
        {"kty": "OKP", "crv": "Ed25519"},
        {"kty": "OKP", "crv": "Ed25519", "x": "c2hvcnQ"},
        {"kty": "OKP", "crv": "Ed25519", "x": "not base64url!"},
    ],
    ids=["not-okp", "no-x", "short-x", "garbled-x"],
)
def test_a_malformed_public_key_is_refused(jwk: dict) -> None:
    with pytest.raises(jwt.InvalidKeyError):
        Ed25519Verifier.from_jwk(jwk)


def test_the_verifier_signs_nothing(key: SigningKey) -> None:
    public = Ed25519Verifier.from_jwk(key.jwk())
    with pytest.raises(NotImplementedError):
        Ed25519Verifier().sign(b"message", public)
