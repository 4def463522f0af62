"""AniList tokens at rest: sealed per user, key ring of our own, keys that rotate."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from uuut_watchlist.vault import Sealed, SealedTokenUnreadable, TokenVault


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
