"""Start-up step: TOTP seeds still sealed with AES-256-GCM are re-sealed, in a child process.

The child (`python -m uuut_auth.totp_upgrade`, see __main__.py) loads `cryptography` to open
them; the service's own process never does (about 8 MB resident). It runs only while the
AES-256-GCM key file is there, which the child deletes once no seed needs it: installs made
since never have one.
"""

from __future__ import annotations

from pathlib import Path

from uuut_kit.db import run_child


async def upgrade_legacy_seeds(url: str, schema: str, legacy_key: Path, key: Path) -> None:
    """Re-seal with the XChaCha20-Poly1305 key at `key` what the AES-256-GCM key at
    `legacy_key` sealed, if that file is there; raises when that fails (the service must not
    start half upgraded)."""
    if holds_legacy_key(legacy_key):
        await run_upgrade(url, schema, legacy_key, key)


def holds_legacy_key(legacy_key: Path) -> bool:
    """Whether a seed may still be sealed with AES-256-GCM: its key file is there."""
    return legacy_key.exists()


async def run_upgrade(url: str, schema: str, legacy_key: Path, key: Path) -> None:
    """`python -m uuut_auth.totp_upgrade`, whatever is on disk; raises when it fails."""
    if not await run_child(url, __name__, schema, str(legacy_key), str(key)):
        raise RuntimeError(
            f"re-sealing the TOTP seeds sealed with {legacy_key} with XChaCha20-Poly1305 failed"
            " (see the log above); nothing was lost, and the next start tries again"
        )
