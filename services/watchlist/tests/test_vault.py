"""AniList tokens at rest: sealed per user, key ring of our own, keys that rotate."""

from __future__ import annotations

import base64
import json
import secrets
from pathlib import Path

import pytest
from nacl.bindings import crypto_aead_xchacha20poly1305_ietf_decrypt

from uuut_watchlist import keyring
from uuut_watchlist.keyring import AES_256_GCM, XCHACHA20_POLY1305
from uuut_watchlist.vault import Sealed, SealedTokenUnreadable, TokenVault

LEGACY_KEY = base64.b64encode(bytes(32)).decode()


def test_the_key_ring_is_made_once_and_private(tmp_path: Path) -> None:
    path = tmp_path / "watchlist" / "token-keys"
    vault = TokenVault.open(path)
    assert path.stat().st_mode & 0o777 == 0o600
    assert path.parent.stat().st_mode & 0o777 == 0o700
    again = TokenVault.open(path)
    assert again.current_key_id == vault.current_key_id
    sealed = vault.seal("jwt-of-ann", "user:1")
    assert again.open_sealed(sealed, "user:1") == "jwt-of-ann"
    assert [p.name for p in path.parent.iterdir()] == ["token-keys"]  # no leftovers


def test_a_sealed_token_opens_only_for_its_owner(tmp_path: Path) -> None:
    vault = TokenVault.open(tmp_path / "keys")
    sealed = vault.seal("jwt-of-ann", "user:1")
    assert b"jwt-of-ann" not in sealed.data
    assert vault.seal("jwt-of-ann", "user:1").data != sealed.data  # fresh nonce
    with pytest.raises(SealedTokenUnreadable):
        vault.open_sealed(sealed, "user:2")
    tampered = Sealed(sealed.key_id, sealed.data[:-1] + bytes([sealed.data[-1] ^ 1]))
    with pytest.raises(SealedTokenUnreadable):
        vault.open_sealed(tampered, "user:1")
    with pytest.raises(SealedTokenUnreadable):
        vault.open_sealed(Sealed(sealed.key_id, sealed.data[:30]), "user:1")


def test_rotation_keeps_old_tokens_readable(tmp_path: Path) -> None:
    path = tmp_path / "keys"
    old = TokenVault.open(path)
    sealed = old.seal("jwt", "user:1")
    new_id = TokenVault.rotate(path)
    rotated = TokenVault.open(path)
    assert rotated.current_key_id == new_id != old.current_key_id
    assert rotated.open_sealed(sealed, "user:1") == "jwt"
    assert rotated.seal("jwt", "user:1").key_id == new_id
    assert path.stat().st_mode & 0o777 == 0o600
    assert len(json.loads(path.read_text())["keys"]) == 2


def test_a_token_sealed_with_a_lost_key_is_unreadable(tmp_path: Path) -> None:
    sealed = TokenVault.open(tmp_path / "one").seal("jwt", "user:1")
    with pytest.raises(SealedTokenUnreadable):
        TokenVault.open(tmp_path / "other").open_sealed(sealed, "user:1")


def test_tokens_are_xchacha20_poly1305_with_the_nonce_in_front(tmp_path: Path) -> None:
    path = tmp_path / "keys"
    sealed = TokenVault.open(path).seal("jwt-of-ann", "user:1")
    entry = json.loads(path.read_text())["keys"][sealed.key_id]
    assert entry["cipher"] == XCHACHA20_POLY1305
    assert len(sealed.data) == 24 + len("jwt-of-ann") + 16
    nonce, ciphertext = sealed.data[:24], sealed.data[24:]
    key = base64.b64decode(entry["key"])
    assert crypto_aead_xchacha20poly1305_ietf_decrypt(ciphertext, b"user:1", nonce, key) == (
        b"jwt-of-ann"
    )


def test_a_bare_key_in_the_ring_is_aes_gcm_and_new_keys_are_not(tmp_path: Path) -> None:
    path = tmp_path / "keys"
    path.write_text(json.dumps({"current": "k1-old", "keys": {"k1-old": LEGACY_KEY}}))
    assert keyring.holds_legacy_keys(path)
    assert keyring.read(path).keys["k1-old"].cipher == AES_256_GCM
    with pytest.raises(ValueError, match="AES-256-GCM"):
        TokenVault.open(path)  # this process cannot seal with it

    new_id = TokenVault.rotate(path)
    ring = json.loads(path.read_text())
    assert ring["keys"]["k1-old"] == {"cipher": AES_256_GCM, "key": LEGACY_KEY}
    assert ring["keys"][new_id]["cipher"] == XCHACHA20_POLY1305
    vault = TokenVault.open(path)
    assert vault.open_sealed(vault.seal("jwt", "user:1"), "user:1") == "jwt"
    with pytest.raises(SealedTokenUnreadable):  # what the start-up upgrade could not re-seal
        vault.open_sealed(Sealed("k1-old", secrets.token_bytes(40)), "user:1")


def test_a_ring_made_since_holds_no_legacy_key(tmp_path: Path) -> None:
    assert not keyring.holds_legacy_keys(tmp_path / "absent")
    TokenVault.open(tmp_path / "keys")
    assert not keyring.holds_legacy_keys(tmp_path / "keys")


@pytest.mark.parametrize(
    "entry",
    [{"cipher": "rot13", "key": LEGACY_KEY}, {"cipher": XCHACHA20_POLY1305, "key": "c2hvcnQ="}],
)
def test_a_ring_with_a_key_it_cannot_use_is_refused(tmp_path: Path, entry: dict) -> None:
    path = tmp_path / "keys"
    path.write_text(json.dumps({"current": "k1", "keys": {"k1": entry}}))
    with pytest.raises(ValueError):
        TokenVault.open(path)
