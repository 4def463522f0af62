"""Small secrets sealed at rest (TOTP seeds, AniList tokens): XChaCha20-Poly1305 (IETF).

A sealed value is its random 24-byte nonce, then the ciphertext and its tag. The `context` (whose
secret it is) is bound in as associated data: a value copied to another row does not open.

libsodium through PyNaCl, not `cryptography` (about 8 MB resident), and XChaCha20-Poly1305, not
AES-256-GCM: libsodium's AES-GCM needs the CPU's AES instructions, which some ARM boards (the
Raspberry Pi 4) lack. What an older version sealed with AES-256-GCM is opened by
`open_aes_gcm`, only in the short start-up children that re-seal it.
"""

from __future__ import annotations

import secrets

from nacl.bindings import (
    crypto_aead_xchacha20poly1305_ietf_ABYTES,
    crypto_aead_xchacha20poly1305_ietf_decrypt,
    crypto_aead_xchacha20poly1305_ietf_encrypt,
    crypto_aead_xchacha20poly1305_ietf_KEYBYTES,
    crypto_aead_xchacha20poly1305_ietf_NPUBBYTES,
)
from nacl.exceptions import CryptoError

KEY_BYTES = crypto_aead_xchacha20poly1305_ietf_KEYBYTES  # 32, as the AES-256-GCM keys were
_NONCE_BYTES = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES  # 24: random nonces never collide
_TAG_BYTES = crypto_aead_xchacha20poly1305_ietf_ABYTES
_AES_GCM_NONCE_BYTES = 12  # AES-256-GCM values were nonce + ciphertext + tag


class Unreadable(Exception):
    """Not sealed with this key for this context: another key or cipher, cut short, tampered."""


def seal(key: bytes, plaintext: str, context: str) -> bytes:
    nonce = secrets.token_bytes(_NONCE_BYTES)
    return nonce + crypto_aead_xchacha20poly1305_ietf_encrypt(
        plaintext.encode(), context.encode(), nonce, key
    )


def open_sealed(key: bytes, sealed: bytes, context: str) -> str:
    """What `seal` sealed with `key` for `context`; Unreadable for anything else."""
    if len(sealed) < _NONCE_BYTES + _TAG_BYTES:
        raise Unreadable("the sealed value is cut short")
    nonce, ciphertext = sealed[:_NONCE_BYTES], sealed[_NONCE_BYTES:]
    try:
        plaintext = crypto_aead_xchacha20poly1305_ietf_decrypt(
            ciphertext, context.encode(), nonce, key
        )
    except CryptoError:
        raise Unreadable("the sealed value does not open") from None
    return plaintext.decode()


def open_aes_gcm(key: bytes, sealed: bytes, context: str) -> str:
    """What an older version sealed with AES-256-GCM; Unreadable for anything else.

    Loads `cryptography`: for the start-up children that re-seal such values only.
    """
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    nonce, ciphertext = sealed[:_AES_GCM_NONCE_BYTES], sealed[_AES_GCM_NONCE_BYTES:]
    try:
        return AESGCM(key).decrypt(nonce, ciphertext, context.encode()).decode()
    except (InvalidTag, ValueError):  # ValueError: too short to hold a nonce, or not text
        raise Unreadable("the AES-256-GCM value does not open") from None
