"""Signing keys: generated once, private 0600 outside the shared dir, rotated, retired."""

from __future__ import annotations

import json
import stat
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from uuut_auth.components import key_store
from uuut_auth.keys import KeyStore, NoSigningKey
from uuut_auth.tokens import TokenIssuer
from uuut_kit.tokens import InvalidToken, TokenVerifier

from .support import make_settings

START = datetime(2026, 1, 1, tzinfo=UTC)


@pytest.fixture
def store(tmp_path: Path) -> KeyStore:
    return key_store(make_settings(tmp_path, signing_key_max_age_days=30))


def published_kids(store: KeyStore) -> list[str]:
    return [key["kid"] for key in json.loads(store.jwks_path.read_text())["keys"]]


def test_first_start_generates_a_private_key_and_publishes_the_public_one(
    tmp_path: Path, store: KeyStore
) -> None:
    assert store.rotate_if_due(START) is True
    private_files = list((tmp_path / "auth" / "signing-keys").glob("*.pem"))
    assert len(private_files) == 1
    assert stat.S_IMODE(private_files[0].stat().st_mode) == 0o600
    assert stat.S_IMODE(private_files[0].parent.stat().st_mode) == 0o700
    # Nothing private in the shared keys dir: only the JWKS.
    shared = tmp_path / "keys"
    assert sorted(p.name for p in shared.iterdir()) == ["jwks.json"]
    jwk = json.loads((shared / "jwks.json").read_text())["keys"][0]
    assert (jwk["kty"], jwk["crv"], jwk["alg"], jwk["use"]) == ("OKP", "Ed25519", "EdDSA", "sig")
    assert "d" not in jwk
    assert jwk["kid"] == store.current().kid


def test_a_restart_keeps_the_key(tmp_path: Path, store: KeyStore) -> None:
    store.rotate_if_due(START)
    again = key_store(make_settings(tmp_path))
    assert again.rotate_if_due(START + timedelta(days=1)) is False
    assert again.current().kid == store.current().kid


def test_rotation_keeps_old_tokens_valid_and_publishes_both_kids(
    tmp_path: Path, store: KeyStore
) -> None:
    settings = make_settings(tmp_path)
    issuer = TokenIssuer(store, access_ttl_s=900)
    verifier = TokenVerifier(settings.jwks_path)
    store.rotate_if_due(START)
    old_kid = store.current().kid
    old_token = issuer.access_token(7, "user", "login-1")

    assert store.rotate_if_due(START + timedelta(days=31)) is True
    new_kid = store.current().kid
    assert new_kid != old_kid
    assert published_kids(store) == [old_kid, new_kid]
    new_token = issuer.access_token(7, "user", "login-2")
    assert verifier.verify(old_token).session_id == "login-1"
    assert verifier.verify(new_token).session_id == "login-2"


def test_a_replaced_key_is_retired_once_its_tokens_have_expired(
    tmp_path: Path, store: KeyStore
) -> None:
    store.rotate_if_due(START)
    old_kid = store.current().kid
    replaced_at = START + timedelta(days=31)
    store.rotate_if_due(replaced_at)
    store.rotate_if_due(replaced_at + timedelta(minutes=10))
    assert old_kid in published_kids(store)  # tokens signed just before may live 15 min
    store.rotate_if_due(replaced_at + timedelta(minutes=17))
    assert published_kids(store) == [store.current().kid]
    private = [p.stem for p in (tmp_path / "auth" / "signing-keys").glob("*.pem")]
    assert private == [store.current().kid]


def test_a_token_of_a_retired_key_is_refused(tmp_path: Path, store: KeyStore) -> None:
    store.rotate_if_due(START)
    token = TokenIssuer(store, 900).access_token(7, "user", "s")
    store.rotate_if_due(START + timedelta(days=31))
    store.rotate_if_due(START + timedelta(days=32))
    with pytest.raises(InvalidToken, match="unknown key"):
        TokenVerifier(make_settings(tmp_path).jwks_path).verify(token)


def test_loose_permissions_on_a_private_key_are_tightened(tmp_path: Path, store: KeyStore) -> None:
    store.rotate_if_due(START)
    (private,) = (tmp_path / "auth" / "signing-keys").glob("*.pem")
    private.chmod(0o644)
    key_store(make_settings(tmp_path)).rotate_if_due(START)
    assert stat.S_IMODE(private.stat().st_mode) == 0o600


def test_the_jwks_is_replaced_atomically(tmp_path: Path, store: KeyStore) -> None:
    store.rotate_if_due(START)
    before = store.jwks_path.stat().st_ino
    store.rotate_if_due(START + timedelta(days=31))
    assert store.jwks_path.stat().st_ino != before  # a new file renamed over the old one
    assert not list(store.jwks_path.parent.glob(".jwks-*"))


def test_no_key_before_the_first_start(store: KeyStore) -> None:
    with pytest.raises(NoSigningKey):
        store.current()
