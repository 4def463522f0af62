"""The service process leaves `cryptography` out (about 8 MB), even in a start that re-seals
tokens sealed with AES-256-GCM: only its short-lived child loads it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from .test_vault_upgrade import legacy_ring


def test_the_service_starts_and_runs_without_cryptography(
    tmp_path: Path, database_url: str
) -> None:
    legacy_ring(tmp_path / "watchlist" / "token-keys", "k1-legacy")
    script = f"""
import asyncio, json, sys
from uuut_kit import lean
lean.skip_unused_imports()
from uuut_watchlist.config import WatchlistSettings
from uuut_watchlist.server import build
from uuut_watchlist.vault import TokenVault

async def main():
    settings = WatchlistSettings(
        _env_file=None, data_dir={str(tmp_path)!r}, grpc_port=0, ops_port=0,
        shutdown_grace_s=1, service_database_url={database_url!r},
    )
    runtime = await build(settings)
    await runtime.start()
    await runtime.stop()
    vault = TokenVault.open(settings.token_keys)
    assert vault.open_sealed(vault.seal("jwt", "user:1"), "user:1") == "jwt"

asyncio.run(main())
print(json.dumps(sys.modules.get("cryptography") is not None))
"""
    out = subprocess.run(
        [sys.executable, "-c", script],
        env={**os.environ, "UUUT_LOG_LEVEL": "warning"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout.strip().splitlines()[-1]) is False
    assert "aes-256-gcm" not in (tmp_path / "watchlist" / "token-keys").read_text()  # upgraded
