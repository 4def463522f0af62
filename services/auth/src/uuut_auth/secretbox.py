"""Encryption at rest for small secrets (TOTP seeds): AES-256-GCM with a key file of our own.

The key sits next to the signing keys (0600, generated on first start), not in the database,
so a database dump alone does not reveal anyone's second factor.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

_NONCE_BYTES = 12
_KEY_BYTES = 32


class SecretBox:
    def __init__(self, key: bytes) -> None:
        self._aead = AESGCM(key)

    @classmethod
    def from_key_file(cls, path: Path) -> SecretBox:
        """The box whose key is in `path`, generating the key on first use."""
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            try:
                descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            except FileExistsError:
                pass  # another process made it first; read theirs
            else:
                with os.fdopen(descriptor, "wb") as file:
                    file.write(secrets.token_bytes(_KEY_BYTES))
                    file.flush()
                    os.fsync(file.fileno())
        key = path.read_bytes()
        if len(key) != _KEY_BYTES:
            raise ValueError(f"{path} does not hold a {_KEY_BYTES}-byte key")
        return cls(key)

    def seal(self, plaintext: str, context: str) -> bytes:
        """Encrypt; `context` (e.g. which user) must match when opening."""
        nonce = secrets.token_bytes(_NONCE_BYTES)
        return nonce + self._aead.encrypt(nonce, plaintext.encode(), context.encode())

    def open(self, sealed: bytes, context: str) -> str:
        nonce, ciphertext = sealed[:_NONCE_BYTES], sealed[_NONCE_BYTES:]
        return self._aead.decrypt(nonce, ciphertext, context.encode()).decode()
