"""`python -m uuut_watchlist.vault_upgrade SCHEMA KEY_RING`: retire the ring's AES-256-GCM keys.

Run at the service's start while the key ring holds an AES-256-GCM key (the only cipher before
XChaCha20-Poly1305); the database URL comes in the environment. The only watchlist process
that loads `cryptography`. In order:

1. If the current key is AES-256-GCM, a new XChaCha20-Poly1305 key is added and made current,
   on disk before any token is sealed with it.
2. In one transaction, every row sealed with an AES-256-GCM key of the ring is opened and
   sealed again with the current key.
3. After the commit, the AES-256-GCM keys that no row refers to any more leave the ring.

Each step finds what the steps before it did, so a run cut short anywhere is finished by the
next start. The ring stays locked for the whole run: two processes starting at once take turns.

A row that does not open (its bytes were tampered with or damaged) is logged by user and key id,
never with its bytes, and left as it is, and so is its key: the key is the only way to read
that token again should the row be restored from a backup, and the service already asks that
user to link AniList again (ANILIST_RELINK). Until the user does (the new token is sealed with
the current key) or the row is deleted, each start runs this again, finds that row again and
changes nothing; then the key goes. Rows whose key is not in the ring at all are not touched.
"""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

import asyncpg

from uuut_kit import sealing
from uuut_kit.db import child_database_url, connect
from uuut_kit.logging import configure_logging, get_logger
from uuut_watchlist import keyring
from uuut_watchlist.keyring import KeyRing
from uuut_watchlist.vault import TokenVault, token_owner

log = get_logger("uuut_watchlist.vault_upgrade")  # not "__main__"


async def upgrade(url: str, schema: str, path: Path) -> None:
    with keyring.locked(path):
        ring = keyring.read(path)
        legacy = ring.legacy_key_ids
        if not legacy:
            return
        if ring.current in legacy:
            ring = ring.with_new_key()
            keyring.replace(path, ring)
            log.info("token_key_added", key_id=ring.current)
        database = await connect(url, schema)
        try:
            async with database.transaction() as connection:
                resealed = await _reseal(connection, ring)
            async with database.connection() as connection:
                still_used = await _key_ids_in_use(connection, legacy)
        finally:
            await database.close()
        retired = legacy - still_used
        if retired:
            keyring.replace(path, ring.without(retired))
        log.info(
            "aes_gcm_tokens_resealed",
            resealed=resealed,
            keys_retired=sorted(retired),
            keys_kept=sorted(still_used),
        )


async def _reseal(connection: asyncpg.Connection, ring: KeyRing) -> int:
    """Seal again with the current key every token of an AES-256-GCM key that opens; how many."""
    vault = TokenVault(ring)
    rows = await connection.fetch(
        "SELECT user_id, token_key_id, token_sealed FROM anilist_links"
        " WHERE token_key_id = ANY($1::text[]) FOR UPDATE",
        sorted(ring.legacy_key_ids),
    )
    resealed = []
    for row in rows:
        user_id, key_id, owner = row["user_id"], row["token_key_id"], token_owner(row["user_id"])
        try:
            token = sealing.open_aes_gcm(ring.keys[key_id].secret, row["token_sealed"], owner)
        except sealing.Unreadable:
            log.warning("anilist_token_unreadable_kept", user_id=user_id, key_id=key_id)
            continue
        sealed = vault.seal(token, owner)
        resealed.append((user_id, sealed.key_id, sealed.data))
    await connection.executemany(
        "UPDATE anilist_links SET token_key_id = $2, token_sealed = $3, updated_at = now()"
        " WHERE user_id = $1",
        resealed,
    )
    return len(resealed)


async def _key_ids_in_use(connection: asyncpg.Connection, key_ids: frozenset[str]) -> set[str]:
    rows = await connection.fetch(
        "SELECT DISTINCT token_key_id FROM anilist_links WHERE token_key_id = ANY($1::text[])",
        sorted(key_ids),
    )
    return {row["token_key_id"] for row in rows}


def main() -> None:
    schema, ring = sys.argv[1], Path(sys.argv[2])
    configure_logging(
        f"{schema}-vault-upgrade",
        os.environ.get("UUUT_LOG_LEVEL", "info"),
        os.environ.get("UUUT_LOG_FORMAT", "json"),
    )
    asyncio.run(upgrade(child_database_url(), schema, ring))


if __name__ == "__main__":
    main()
