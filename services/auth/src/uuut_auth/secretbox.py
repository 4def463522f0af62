"""Encryption at rest for small secrets (TOTP seeds): XChaCha20-Poly1305 (IETF) with a key file
of our own.

The key sits next to the signing keys (0600, generated on first start), not in the database,
so a database dump alone does not reveal anyone's second factor. A sealed secret is the random
24-byte nonce, then the ciphertext and its tag; the context (which user) is bound in as
associated data.

libsodium through PyNaCl, not `cryptography` (about 8 MB resident), and XChaCha20-Poly1305, not
AES-256-GCM: libsodium's AES-GCM needs the CPU's AES instructions, which some ARM boards (the
Raspberry Pi 4) lack. Seeds sealed with AES-256-GCM before, under another key file, are re-sealed
at start by a child process (`uuut_auth.totp_upgrade`); this process cannot open them.
"""

from __future__ import annotations

import secrets
from pathlib import Path

from nacl.bindings import (
    crypto_aead_xchacha20poly1305_ietf_ABYTES,
    crypto_aead_xchacha20poly1305_ietf_decrypt,
    crypto_aead_xchacha20poly1305_ietf_encrypt,
    crypto_aead_xchacha20poly1305_ietf_KEYBYTES,
    crypto_aead_xchacha20poly1305_ietf_NPUBBYTES,
)
from nacl.exceptions import CryptoError

from uuut_kit.files import sync_directory, write_atomically

KEY_BYTES = crypto_aead_xchacha20poly1305_ietf_KEYBYTES  # 32, as the AES-256-GCM key was
_NONCE_BYTES = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES  # 24: random nonces never collide
_TAG_BYTES = crypto_aead_xchacha20poly1305_ietf_ABYTES


class SealedSecretUnreadable(Exception):
    """Not sealed with this box's key for this context (another key or cipher, or tampered)."""


class SecretBox:
    def __init__(self, key: bytes) -> None:
        if len(key) != KEY_BYTES:
            raise ValueError(f"the key is not {KEY_BYTES} bytes")
        self._key = key

    @classmethod
    def from_key_file(cls, path: Path) -> SecretBox:
        """The box whose key is in `path`, generating the key on first use."""
        if not path.exists():
            _create_key_file(path)
        return cls(read_key_file(path))

    def seal(self, plaintext: str, context: str) -> bytes:
        """Encrypt; `context` (e.g. which user) must match when opening."""
        nonce = secrets.token_bytes(_NONCE_BYTES)
        ciphertext = crypto_aead_xchacha20poly1305_ietf_encrypt(
            plaintext.encode(), context.encode(), nonce, self._key
        )
        return nonce + ciphertext

    def open(self, sealed: bytes, context: str) -> str:
        """Decrypt what `seal` sealed for `context`; SealedSecretUnreadable for anything else."""
        if len(sealed) < _NONCE_BYTES + _TAG_BYTES:
            raise SealedSecretUnreadable("the sealed secret is cut short")
        nonce, ciphertext = sealed[:_NONCE_BYTES], sealed[_NONCE_BYTES:]
        try:
            plaintext = crypto_aead_xchacha20poly1305_ietf_decrypt(
                ciphertext, context.encode(), nonce, self._key
            )
        except CryptoError:
            raise SealedSecretUnreadable("the sealed secret does not open") from None
        return plaintext.decode()


def read_key_file(path: Path) -> bytes:
    """The 32-byte key in `path` (either cipher's)."""
    key = path.read_bytes()
    if len(key) != KEY_BYTES:
        raise ValueError(f"{path} does not hold a {KEY_BYTES}-byte key")
    return key


def delete_key_file(path: Path) -> None:
    """Delete the key at `path` for good (its directory's entry synced too)."""
    path.unlink(missing_ok=True)
    sync_directory(path.parent)


def _create_key_file(path: Path) -> None:
    """A new random key at `path`, unless one is there: on disk whole before anything is sealed
    with it, and when two processes start at once the first one's is the key both use."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    write_atomically(path, secrets.token_bytes(KEY_BYTES), overwrite=False)
