"""AniList tokens encrypted at rest: AES-256-GCM with keys of the watchlist service's own.

The key ring is a JSON file in the service's data directory (0600, made on first start), never
in the database nor the shared keys directory, so a database dump alone reveals no token. Each
sealed token records the id of the key that sealed it; `rotate` adds a new current key while
the old ones still open what they sealed (the service re-seals those when it reads them).
The user id is bound in as associated data: a sealed token copied to another row won't open.
"""

from __future__ import annotations

import base64
import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

_NONCE_BYTES = 12
_KEY_BYTES = 32


class SealedTokenUnreadable(Exception):
    """The key that sealed a token is gone, or the sealed bytes were tampered with."""


@dataclass(frozen=True, slots=True)
class Sealed:
    key_id: str
    data: bytes  # nonce + ciphertext + tag


class TokenVault:
    def __init__(self, keys: dict[str, bytes], current: str) -> None:
        if current not in keys:
            raise ValueError("the current key is not in the key ring")
        for key_id, key in keys.items():
            if len(key) != _KEY_BYTES:
                raise ValueError(f"key {key_id!r} is not {_KEY_BYTES} bytes")
        self._keys = {key_id: AESGCM(key) for key_id, key in keys.items()}
        self.current_key_id = current

    @classmethod
    def open(cls, path: Path) -> TokenVault:
        """The vault of the key ring at `path`, creating the ring with one key if absent."""
        if not path.exists():
            _write_new_ring(path, _ring_with_new_key({"keys": {}}))
        return cls._from_ring(json.loads(path.read_text()))

    @classmethod
    def rotate(cls, path: Path) -> str:
        """Add a new key to the ring at `path` and make it current; returns its id."""
        ring = _ring_with_new_key(json.loads(path.read_text()))
        temporary = path.with_suffix(".tmp")
        _write_private(temporary, ring, exclusive=False)
        os.replace(temporary, path)
        return str(ring["current"])

    @classmethod
    def _from_ring(cls, ring: dict) -> TokenVault:
        keys = {key_id: base64.b64decode(value) for key_id, value in ring["keys"].items()}
        return cls(keys, ring["current"])

    def seal(self, token: str, owner: str) -> Sealed:
        """Encrypt `token` for `owner` (e.g. "user:7") with the current key."""
        nonce = secrets.token_bytes(_NONCE_BYTES)
        aead = self._keys[self.current_key_id]
        return Sealed(
            self.current_key_id, nonce + aead.encrypt(nonce, token.encode(), owner.encode())
        )

    def open_sealed(self, sealed: Sealed, owner: str) -> str:
        aead = self._keys.get(sealed.key_id)
        if aead is None:
            raise SealedTokenUnreadable(f"no key {sealed.key_id!r} in the key ring")
        nonce, ciphertext = sealed.data[:_NONCE_BYTES], sealed.data[_NONCE_BYTES:]
        try:
            return aead.decrypt(nonce, ciphertext, owner.encode()).decode()
        except InvalidTag:
            raise SealedTokenUnreadable("the sealed token does not open") from None


def _ring_with_new_key(ring: dict) -> dict:
    key_id = f"k{len(ring['keys']) + 1}-{secrets.token_hex(4)}"
    keys = {**ring["keys"], key_id: base64.b64encode(AESGCM.generate_key(bit_length=256)).decode()}
    return {"current": key_id, "keys": keys}


def _write_new_ring(path: Path, ring: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    # Written whole under another name, then linked into place: a reader never sees half a
    # ring, and when two processes start at once the first link wins and both use that ring.
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}")
    _write_private(temporary, ring, exclusive=True)
    try:
        os.link(temporary, path)
    except FileExistsError:
        pass
    finally:
        temporary.unlink()


def _write_private(path: Path, ring: dict, *, exclusive: bool) -> None:
    flags = os.O_WRONLY | os.O_CREAT | (os.O_EXCL if exclusive else os.O_TRUNC)
    descriptor = os.open(path, flags, 0o600)
    with os.fdopen(descriptor, "w") as file:
        json.dump(ring, file)
        file.flush()
        os.fsync(file.fileno())
