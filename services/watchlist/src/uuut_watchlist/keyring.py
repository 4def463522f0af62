"""The token vault's key ring file: its keys, the cipher of each, and which one seals.

A JSON file, 0600 in a 0700 directory, in the service's data directory:

    {"current": "k3-5f1c09ab",
     "keys": {"k1-0e4d2a77": "<base64 key>",
              "k3-5f1c09ab": {"cipher": "xchacha20-poly1305", "key": "<base64 key>"}}}

A key written as a bare base64 string is AES-256-GCM: rings made before XChaCha20-Poly1305
hold only such keys. Every key written since names its cipher (`xchacha20-poly1305`, or
`aes-256-gcm` for a legacy key kept when the ring is rewritten). New keys are always
XChaCha20-Poly1305; `python -m uuut_watchlist.vault_upgrade` retires the AES-256-GCM ones.
"""

from __future__ import annotations

import base64
import fcntl
import json
import os
import secrets
from collections.abc import Collection, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from uuut_kit.files import private_directory, write_atomically
from uuut_kit.sealing import KEY_BYTES  # both ciphers take 256-bit keys

XCHACHA20_POLY1305 = "xchacha20-poly1305"
AES_256_GCM = "aes-256-gcm"


@dataclass(frozen=True, slots=True)
class RingKey:
    cipher: str
    secret: bytes


@dataclass(frozen=True, slots=True)
class KeyRing:
    current: str
    keys: Mapping[str, RingKey]

    def __post_init__(self) -> None:
        if self.current not in self.keys:
            raise ValueError("the current key is not in the key ring")
        for key_id, key in self.keys.items():
            if key.cipher not in (XCHACHA20_POLY1305, AES_256_GCM):
                raise ValueError(f"key {key_id!r} has an unknown cipher {key.cipher!r}")
            if len(key.secret) != KEY_BYTES:
                raise ValueError(f"key {key_id!r} is not {KEY_BYTES} bytes")

    @property
    def legacy_key_ids(self) -> frozenset[str]:
        """The AES-256-GCM keys, which this service's own process cannot use."""
        return frozenset(k for k, key in self.keys.items() if key.cipher == AES_256_GCM)

    def with_new_key(self) -> KeyRing:
        """This ring plus a new XChaCha20-Poly1305 key, made current."""
        key_id, key = _new_key(number=len(self.keys) + 1)
        return KeyRing(key_id, {**self.keys, key_id: key})

    def without(self, key_ids: Collection[str]) -> KeyRing:
        return KeyRing(self.current, {k: v for k, v in self.keys.items() if k not in key_ids})


def read(path: Path) -> KeyRing:
    ring = json.loads(path.read_text())
    return KeyRing(ring["current"], {k: _parse_key(v) for k, v in ring["keys"].items()})


def holds_legacy_keys(path: Path) -> bool:
    """Whether the ring at `path` exists and still holds an AES-256-GCM key."""
    return path.exists() and bool(read(path).legacy_key_ids)


def create(path: Path) -> KeyRing:
    """Make the ring at `path` with one key, unless it exists; the ring that is there."""
    private_directory(path.parent)
    # When two processes start at once the first to create the file wins and both use its ring.
    write_atomically(path, _as_json(_new_ring()), overwrite=False)
    return read(path)


def replace(path: Path, ring: KeyRing) -> None:
    """Write `ring` over the one at `path`, all or nothing, and durably: a new key must be on
    disk before any token sealed with it is."""
    write_atomically(path, _as_json(ring))


@contextmanager
def locked(path: Path) -> Iterator[None]:
    """Hold the ring at `path` for this process alone, for a read-change-write of it."""
    descriptor = os.open(path.with_name(f".{path.name}.lock"), os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)  # releases the lock


def _new_ring() -> KeyRing:
    key_id, key = _new_key(number=1)
    return KeyRing(key_id, {key_id: key})


def _new_key(*, number: int) -> tuple[str, RingKey]:
    # The random part keeps ids unique once retired keys have left the ring.
    key_id = f"k{number}-{secrets.token_hex(4)}"
    return key_id, RingKey(XCHACHA20_POLY1305, secrets.token_bytes(KEY_BYTES))


def _parse_key(entry: str | dict[str, str]) -> RingKey:
    if isinstance(entry, str):
        return RingKey(AES_256_GCM, base64.b64decode(entry))
    return RingKey(entry["cipher"], base64.b64decode(entry["key"]))


def _as_json(ring: KeyRing) -> str:
    keys = {
        key_id: {"cipher": key.cipher, "key": base64.b64encode(key.secret).decode()}
        for key_id, key in ring.keys.items()
    }
    return json.dumps({"current": ring.current, "keys": keys})
