"""RFC 6238 time-based one-time codes: 6 digits, 30-second steps, one step of drift allowed.

A code is identified by its time step; the caller stores the last accepted step per user and
refuses any step not after it, so a code (or an older one) cannot be used twice.
"""

from __future__ import annotations

import hmac
import time

import pyotp

ISSUER = "UUUTorrent"
STEP_S = 30
DIGITS = 6
DRIFT_STEPS = 1


def new_secret() -> str:
    """A fresh base32 secret (160 bits)."""
    return pyotp.random_base32(length=32)


def provisioning_url(secret: str, username: str) -> str:
    """The otpauth:// URL an authenticator app scans."""
    return pyotp.TOTP(secret, digits=DIGITS, interval=STEP_S).provisioning_uri(
        name=username, issuer_name=ISSUER
    )


def code_at(secret: str, at: float) -> str:
    return pyotp.TOTP(secret, digits=DIGITS, interval=STEP_S).at(int(at))


def matching_step(secret: str, code: str, now: float | None = None) -> int | None:
    """The time step `code` belongs to, if it is valid now (± one step), else None."""
    code = code.strip()
    if len(code) != DIGITS or not code.isdigit():
        return None
    generator = pyotp.TOTP(secret, digits=DIGITS, interval=STEP_S)
    current = int((time.time() if now is None else now) // STEP_S)
    found = None
    # Compare against every candidate so timing does not tell which step matched.
    for step in range(current - DRIFT_STEPS, current + DRIFT_STEPS + 1):
        if hmac.compare_digest(generator.generate_otp(step), code):
            found = step
    return found
