"""AniList tokens encrypted at rest: XChaCha20-Poly1305 (IETF) with keys of the watchlist's own.

The key ring (keyring.py: its file format) is a JSON file in the service's data directory, never
in the database nor the shared keys directory, so a database dump alone reveals no token. Each
sealed token records the id of the key that sealed it; `rotate` adds a new current key while
the old ones still open what they sealed (the service re-seals those when it reads them).
The user id is bound in as associated data (uuut_kit.sealing: the format and why this cipher).
Tokens sealed with AES-256-GCM before are re-sealed at start by a child process
(vault_upgrade); this process cannot open them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from uuut_kit import sealing
from uuut_watchlist import keyring
from uuut_watchlist.keyring import XCHACHA20_POLY1305, KeyRing


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
        key = self._keys[self.current_key_id]
        return Sealed(self.current_key_id, sealing.seal(key, token, owner))

    def open_sealed(self, sealed: Sealed, owner: str) -> str:
        if sealed.key_id in self._legacy_key_ids:
            raise SealedTokenUnreadable(
                f"sealed with AES-256-GCM key {sealed.key_id!r}, and the start-up upgrade could"
                " not open it to re-seal it (see its log)"
            )
        key = self._keys.get(sealed.key_id)
        if key is None:
            raise SealedTokenUnreadable(f"no key {sealed.key_id!r} in the key ring")
        try:
            return sealing.open_sealed(key, sealed.data, owner)
        except sealing.Unreadable as exc:
            raise SealedTokenUnreadable(str(exc)) from None
