"""Secrets sealed at rest: what is sealed opens for its context only; older AES-256-GCM values
open for the upgrades, and only they load `cryptography`."""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys

import pytest
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from uuut_kit import sealing

KEY = secrets.token_bytes(sealing.KEY_BYTES)


def test_a_sealed_secret_opens_for_its_context_only() -> None:
    sealed = sealing.seal(KEY, "JBSWY3DPEHPK3PXP", "totp:7")
    assert b"JBSWY3DP" not in sealed
    assert sealing.open_sealed(KEY, sealed, "totp:7") == "JBSWY3DPEHPK3PXP"
    with pytest.raises(sealing.Unreadable):
        sealing.open_sealed(KEY, sealed, "totp:8")  # copied to another user's row
    with pytest.raises(sealing.Unreadable):
        sealing.open_sealed(secrets.token_bytes(sealing.KEY_BYTES), sealed, "totp:7")


def test_the_same_secret_seals_differently_each_time() -> None:
    assert sealing.seal(KEY, "token", "user:1") != sealing.seal(KEY, "token", "user:1")


@pytest.mark.parametrize("damage", ["cut short", "tampered", "empty"])
def test_damaged_values_do_not_open(damage: str) -> None:
    sealed = bytearray(sealing.seal(KEY, "token", "user:1"))
    if damage == "cut short":
        sealed = sealed[:30]
    elif damage == "tampered":
        sealed[-1] ^= 1
    else:
        sealed = bytearray()
    with pytest.raises(sealing.Unreadable):
        sealing.open_sealed(KEY, bytes(sealed), "user:1")


def test_what_aes_gcm_sealed_before_opens_for_the_upgrades() -> None:
    nonce = secrets.token_bytes(12)
    legacy = nonce + AESGCM(KEY).encrypt(nonce, b"token", b"user:1")
    assert sealing.open_aes_gcm(KEY, legacy, "user:1") == "token"
    for wrong in [(KEY, legacy, "user:2"), (KEY, legacy[:8], "user:1")]:
        with pytest.raises(sealing.Unreadable):
            sealing.open_aes_gcm(*wrong)
    with pytest.raises(sealing.Unreadable):  # an XChaCha20-Poly1305 value is not one
        sealing.open_aes_gcm(KEY, sealing.seal(KEY, "token", "user:1"), "user:1")


def test_sealing_and_opening_leave_cryptography_unloaded() -> None:
    code = (
        "import json, sys\nfrom uuut_kit import sealing\n"
        "key = bytes(32)\n"
        "assert sealing.open_sealed(key, sealing.seal(key, 's', 'c'), 'c') == 's'\n"
        "print(json.dumps('cryptography' in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        env=dict(os.environ),
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(out.stdout.strip().splitlines()[-1]) is False
