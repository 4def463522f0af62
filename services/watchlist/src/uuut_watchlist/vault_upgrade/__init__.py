"""Start-up step: AniList tokens still sealed with AES-256-GCM are re-sealed, in a child process.

The child (`python -m uuut_watchlist.vault_upgrade`, see __main__.py) loads `cryptography` to
open them; the service's own process never does (about 8 MB resident). It runs only while the
key ring holds an AES-256-GCM key, which a read of the ring's JSON tells.
"""

from __future__ import annotations

from pathlib import Path

from uuut_kit.db import run_child
from uuut_watchlist import keyring


async def upgrade_legacy_keys(url: str, schema: str, ring: Path) -> None:
    """Re-seal with XChaCha20-Poly1305 what the ring at `ring` sealed with AES-256-GCM, if
    anything; raises when that fails (the service must not start half upgraded)."""
    if keyring.holds_legacy_keys(ring):
        await run_upgrade(url, schema, ring)


async def run_upgrade(url: str, schema: str, ring: Path) -> None:
    """`python -m uuut_watchlist.vault_upgrade`, whatever the ring holds; raises when it fails."""
    if not await run_child(url, __name__, schema, str(ring)):
        raise RuntimeError(
            f"re-sealing the AniList tokens of key ring {ring} with XChaCha20-Poly1305 failed"
            " (see the log above); nothing was lost, and the next start tries again"
        )
