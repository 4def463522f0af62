"""Access tokens verify with the kit's verifier; operator tokens only for their service."""

from __future__ import annotations

import json
import time
from pathlib import Path

import jwt
import pytest

from uuut_auth.components import key_store
from uuut_auth.keys import KeyStore
from uuut_auth.tokens import TokenIssuer, hash_refresh_token, new_refresh_token
from uuut_kit.tokens import AUDIENCE, InvalidToken, TokenVerifier, service_audience

from .support import make_settings


@pytest.fixture
def store(tmp_path: Path) -> KeyStore:
    store = key_store(make_settings(tmp_path))
    store.rotate_if_due()
    return store


@pytest.fixture
def jwks(tmp_path: Path) -> Path:
    return make_settings(tmp_path).jwks_path


def test_an_access_token_has_every_claim_and_verifies(store: KeyStore, jwks: Path) -> None:
    token = TokenIssuer(store, access_ttl_s=900).access_token(42, "admin", "sid-1")
    header = jwt.get_unverified_header(token)
    assert (header["alg"], header["kid"]) == ("EdDSA", store.current().kid)
    claims = jwt.decode(token, options={"verify_signature": False})
    assert set(claims) == {"iss", "aud", "sub", "role", "sid", "iat", "exp", "jti"}
    assert (claims["iss"], claims["aud"], claims["sub"]) == ("uuutorrent-auth", AUDIENCE, "42")
    assert claims["exp"] - claims["iat"] == 900
    assert abs(claims["iat"] - time.time()) < 60
    caller = TokenVerifier(jwks).verify(token)
    assert (caller.user_id, caller.role, caller.session_id, caller.is_admin) == (
        42,
        "admin",
        "sid-1",
        True,
    )


def test_every_token_has_its_own_jti(store: KeyStore) -> None:
    issuer = TokenIssuer(store, access_ttl_s=900)
    ids = {
        jwt.decode(issuer.access_token(1, "user", "s"), options={"verify_signature": False})["jti"]
        for _ in range(5)
    }
    assert len(ids) == 5


def test_an_operator_token_is_only_for_its_service(store: KeyStore, jwks: Path) -> None:
    token = TokenIssuer(store, access_ttl_s=900).service_token("torrent", ttl_s=600)
    caller = TokenVerifier(jwks, audiences=(AUDIENCE, service_audience("torrent"))).verify(token)
    assert (caller.subject, caller.user_id, caller.is_admin) == ("operator", None, True)
    with pytest.raises(InvalidToken):
        TokenVerifier(jwks).verify(token)  # the gateway's audience
    with pytest.raises(InvalidToken):
        TokenVerifier(jwks, audiences=(AUDIENCE, service_audience("search"))).verify(token)


@pytest.mark.parametrize("ttl_s", [0, -5, 901])
def test_operator_tokens_are_short_lived(store: KeyStore, ttl_s: int) -> None:
    with pytest.raises(ValueError, match="ttl_s"):
        TokenIssuer(store, access_ttl_s=900).service_token("auth", ttl_s=ttl_s)


def test_refresh_tokens_are_random_and_stored_as_sha256() -> None:
    tokens = {new_refresh_token() for _ in range(50)}
    assert len(tokens) == 50
    token = tokens.pop()
    assert len(token) >= 43
    digest = hash_refresh_token(token)
    assert len(digest) == 64 and token not in digest
    assert digest == hash_refresh_token(token)


def test_the_jwks_holds_no_private_material(store: KeyStore, jwks: Path) -> None:
    for key in json.loads(jwks.read_text())["keys"]:
        assert set(key) == {"kty", "crv", "x", "kid", "alg", "use"}
