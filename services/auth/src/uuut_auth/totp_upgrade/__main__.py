"""`python -m uuut_auth.totp_upgrade SCHEMA LEGACY_KEY KEY`: re-seal TOTP seeds sealed with
AES-256-GCM, then delete that key.

Run at the service's start, after its migrations and before it serves, while the AES-256-GCM key
file LEGACY_KEY is there (`totp-encryption.key`, the only key before XChaCha20-Poly1305); the
database URL comes in the environment. The only auth process that loads `cryptography`, which
is why the auth package still depends on it. In order:

1. The XChaCha20-Poly1305 key file KEY is made unless it is there, on disk before any seed is
   sealed with it.
2. In one transaction, each sealed value of `users.totp_secret` and `users.totp_pending_secret`
   that does not open with KEY but opens with LEGACY_KEY is sealed again with KEY. A value that
   opens with KEY is already upgraded: under another key or cipher the tag never matches.
3. After the commit, if every sealed value opens with KEY, LEGACY_KEY is deleted.

Each step finds what the steps before it did, so a run cut short anywhere is finished by the
next start; two runs at once take turns on the rows' locks.

A value that opens with neither key (its bytes were damaged or tampered with) is logged by user
id and column, never with its bytes, and left as it is, and so is LEGACY_KEY: it is the only way
to read that seed again should the row be restored from a backup. Until the row changes (a new
TOTP setup replaces a pending seed; disabling TOTP or deleting the user clears an enabled one),
each start runs this again, finds that value again and changes nothing; then the key goes.
"""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

import asyncpg

from uuut_auth.second_factor import secret_context
from uuut_auth.secretbox import SealedSecretUnreadable, SecretBox, delete_key_file, read_key_file
from uuut_kit import sealing
from uuut_kit.db import child_database_url, connect
from uuut_kit.logging import configure_logging, get_logger

log = get_logger("uuut_auth.totp_upgrade")  # not "__main__"
_COLUMNS = ("totp_secret", "totp_pending_secret")  # every column holding a sealed seed
_SEALED_ROWS = (
    "SELECT id, totp_secret, totp_pending_secret FROM users"
    " WHERE totp_secret IS NOT NULL OR totp_pending_secret IS NOT NULL ORDER BY id"
)


async def upgrade(url: str, schema: str, legacy_path: Path, key_path: Path) -> None:
    try:
        legacy = read_key_file(legacy_path)
    except FileNotFoundError:
        return  # a run started at the same time finished first
    box = SecretBox.from_key_file(key_path)
    database = await connect(url, schema)
    try:
        async with database.transaction() as connection:
            resealed = await _reseal(connection, box, legacy)
        async with database.connection() as connection:
            unreadable = await _unreadable(connection, box)
    finally:
        await database.close()
    for user_id, column in unreadable:
        log.warning("totp_seed_unreadable_kept", user_id=user_id, column=column)
    if not unreadable:
        delete_key_file(legacy_path)
    log.info(
        "aes_gcm_totp_seeds_resealed",
        resealed=resealed,
        unreadable=len(unreadable),
        legacy_key_deleted=not unreadable,
    )


async def _reseal(connection: asyncpg.Connection, box: SecretBox, legacy: bytes) -> int:
    """Seal again with `box` every value that only `legacy` opens; how many."""
    updates, resealed = [], 0
    for row in await connection.fetch(f"{_SEALED_ROWS} FOR UPDATE"):
        context = secret_context(row["id"])
        values = [row[column] for column in _COLUMNS]
        upgraded = [_resealed(value, context, box, legacy) for value in values]
        if upgraded != values:
            updates.append((row["id"], *upgraded))
            resealed += sum(new != old for new, old in zip(upgraded, values, strict=True))
    await connection.executemany(
        "UPDATE users SET totp_secret = $2, totp_pending_secret = $3 WHERE id = $1", updates
    )
    return resealed


def _resealed(sealed: bytes | None, context: str, box: SecretBox, legacy: bytes) -> bytes | None:
    """`sealed` sealed with `box` if only the `legacy` key opens it; else `sealed` as it is."""
    if sealed is None or _opens(box, sealed, context):
        return sealed
    try:
        secret = sealing.open_aes_gcm(legacy, sealed, context)
    except sealing.Unreadable:
        return sealed
    return box.seal(secret, context)


async def _unreadable(connection: asyncpg.Connection, box: SecretBox) -> list[tuple[int, str]]:
    """(user id, column) of each sealed value that `box` does not open."""
    return [
        (row["id"], column)
        for row in await connection.fetch(_SEALED_ROWS)
        for column in _COLUMNS
        if row[column] is not None and not _opens(box, row[column], secret_context(row["id"]))
    ]


def _opens(box: SecretBox, sealed: bytes, context: str) -> bool:
    try:
        box.open(sealed, context)
    except (SealedSecretUnreadable, UnicodeDecodeError):
        return False
    return True


def main() -> None:
    schema, legacy_key, key = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
    configure_logging(
        f"{schema}-totp-upgrade",
        os.environ.get("UUUT_LOG_LEVEL", "info"),
        os.environ.get("UUUT_LOG_FORMAT", "json"),
    )
    asyncio.run(upgrade(child_database_url(), schema, legacy_key, key))


if __name__ == "__main__":
    main()
