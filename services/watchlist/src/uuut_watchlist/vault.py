"""AniList tokens encrypted at rest: XChaCha20-Poly1305 (IETF) with keys of the watchlist's own.

The key ring (keyring.py: its file format) is a JSON file in the service's data directory, never
in the database nor the shared keys directory, so a database dump alone reveals no token. Each
sealed token records the id of the key that sealed it; `rotate` adds a new current key while
the old ones still open what they sealed (the service re-seals those when it reads them).
The user id is bound in as associated data: a sealed token copied to another row won't open.

libsodium through PyNaCl, not `cryptography` (about 8 MB resident), and XChaCha20-Poly1305, not
AES-256-GCM: libsodium's AES-GCM needs the CPU's AES instructions, which some ARM boards (the
Raspberry Pi 4) lack. Tokens sealed with AES-256-GCM before are re-sealed at start by a child
process (vault_upgrade); this process cannot open them.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from pathlib import Path

from nacl.bindings import (
    crypto_aead_xchacha20poly1305_ietf_ABYTES,
    crypto_aead_xchacha20poly1305_ietf_decrypt,
    crypto_aead_xchacha20poly1305_ietf_encrypt,
    crypto_aead_xchacha20poly1305_ietf_NPUBBYTES,
)
from nacl.exceptions import CryptoError

from uuut_watchlist import keyring
from uuut_watchlist.keyring import XCHACHA20_POLY1305, KeyRing

_NONCE_BYTES = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES  # 24: random nonces never collide
_TAG_BYTES = crypto_aead_xchacha20poly1305_ietf_ABYTES


class SealedTokenUnreadable(Exception):
    """The key that sealed a token is gone, or the sealed bytes were tampered with."""


@dataclass(frozen=True, slots=True)
class Sealed:
    key_id: str
    data: bytes  # nonce + ciphertext + tag


def token_owner(user_id: int) -> str:
    """The associated data a user's AniList token is sealed with."""
    return f"uuutorrent.watchlist:user:{user_id}"


class TokenVault:
    def __init__(self, ring: KeyRing) -> None:
        if ring.keys[ring.current].cipher != XCHACHA20_POLY1305:
            raise ValueError(
                f"the current key {ring.current!r} is AES-256-GCM: start the service, or run"
                " `python -m uuut_watchlist.vault_upgrade`, to replace it"
            )
        self._keys = {
            key_id: key.secret
            for key_id, key in ring.keys.items()
            if key.cipher == XCHACHA20_POLY1305
        }
        self._legacy_key_ids = ring.legacy_key_ids
        self.current_key_id = ring.current

    @classmethod
    def open(cls, path: Path) -> TokenVault:
        """The vault of the key ring at `path`, creating the ring with one key if absent."""
        return cls(keyring.read(path) if path.exists() else keyring.create(path))

    @classmethod
    def rotate(cls, path: Path) -> str:
        """Add a new key to the ring at `path` and make it current; returns its id."""
        with keyring.locked(path):
            ring = keyring.read(path).with_new_key()
            keyring.replace(path, ring)
        return ring.current

    def seal(self, token: str, owner: str) -> Sealed:
        """Encrypt `token` for `owner` (e.g. "user:7") with the current key."""
        nonce = secrets.token_bytes(_NONCE_BYTES)
        key = self._keys[self.current_key_id]
        ciphertext = crypto_aead_xchacha20poly1305_ietf_encrypt(
            token.encode(), owner.encode(), nonce, key
        )
        return Sealed(self.current_key_id, nonce + ciphertext)

    def open_sealed(self, sealed: Sealed, owner: str) -> str:
        if sealed.key_id in self._legacy_key_ids:
            raise SealedTokenUnreadable(
                f"sealed with AES-256-GCM key {sealed.key_id!r}, and the start-up upgrade could"
                " not open it to re-seal it (see its log)"
            )
        key = self._keys.get(sealed.key_id)
        if key is None:
            raise SealedTokenUnreadable(f"no key {sealed.key_id!r} in the key ring")
        if len(sealed.data) < _NONCE_BYTES + _TAG_BYTES:
            raise SealedTokenUnreadable("the sealed token is cut short")
        nonce, ciphertext = sealed.data[:_NONCE_BYTES], sealed.data[_NONCE_BYTES:]
        try:
            plaintext = crypto_aead_xchacha20poly1305_ietf_decrypt(
                ciphertext, owner.encode(), nonce, key
            )
        except CryptoError:
            raise SealedTokenUnreadable("the sealed token does not open") from None
        return plaintext.decode()
