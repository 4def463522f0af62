"""Encryption at rest for small secrets (TOTP seeds): XChaCha20-Poly1305 (IETF) with a key file
of our own (uuut_kit.sealing: the format and why this cipher).

The key sits next to the signing keys (0600, generated on first start), not in the database,
so a database dump alone does not reveal anyone's second factor. The context (which user) is
bound in as associated data. Seeds sealed with AES-256-GCM before, under another key file, are
re-sealed at start by a child process (`uuut_auth.totp_upgrade`); this process cannot open them.
"""

from __future__ import annotations

import secrets
from pathlib import Path

from uuut_kit import sealing
from uuut_kit.files import sync_directory, write_atomically
from uuut_kit.sealing import KEY_BYTES


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
        return sealing.seal(self._key, plaintext, context)

    def open(self, sealed: bytes, context: str) -> str:
        """Decrypt what `seal` sealed for `context`; SealedSecretUnreadable for anything else."""
        try:
            return sealing.open_sealed(self._key, sealed, context)
        except sealing.Unreadable as exc:
            raise SealedSecretUnreadable(str(exc)) from None


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
