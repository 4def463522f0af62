"""Tokens sealed with AES-256-GCM, before XChaCha20-Poly1305: re-sealed at start, none lost."""

from __future__ import annotations

import base64
import json
import secrets
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import grpc
import pytest
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from uuut_kit.db import Database, open_database
from uuut_watchlist import keyring
from uuut_watchlist.config import SERVICE
from uuut_watchlist.domain import AniListAccount
from uuut_watchlist.repository import LinkRepository, StoredLink
from uuut_watchlist.server import MIGRATIONS
from uuut_watchlist.vault import Sealed, TokenVault, token_owner
from uuut_watchlist.vault_upgrade import run_upgrade, upgrade_legacy_keys
from uuutorrent.watchlist.v1 import watchlist_pb2 as pb

from .conftest import ANN, ANN_OTHER_TOKEN, ANN_TOKEN

Rows = dict[int, tuple[str, bytes]]


@pytest.fixture
async def database(database_url: str) -> AsyncIterator[Database]:
    database = await open_database(database_url, SERVICE, MIGRATIONS)
    yield database
    await database.close()


@pytest.fixture
def ring_path(tmp_path: Path) -> Path:
    return tmp_path / "watchlist" / "token-keys"  # where the service's settings look


def legacy_ring(path: Path, *key_ids: str) -> dict[str, bytes]:
    """A ring as the AES-256-GCM vault wrote it (the last key current); its keys."""
    keys = {key_id: AESGCM.generate_key(bit_length=256) for key_id in key_ids}
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    encoded = {key_id: base64.b64encode(key).decode() for key_id, key in keys.items()}
    path.write_text(json.dumps({"current": key_ids[-1], "keys": encoded}))
    path.chmod(0o600)
    return keys


def aes_gcm_sealed(key: bytes, token: str, user_id: int) -> bytes:
    """A token sealed as the AES-256-GCM vault sealed it: nonce + ciphertext + tag."""
    nonce = secrets.token_bytes(12)
    return nonce + AESGCM(key).encrypt(nonce, token.encode(), token_owner(user_id).encode())


def new_key_id(name: str) -> str:
    return f"{name}-{secrets.token_hex(4)}"  # the session's tests share one table


async def store(database: Database, user_id: int, sealed: Sealed) -> None:
    await LinkRepository(database).save(StoredLink(user_id, AniListAccount(ANN, "ann"), sealed))


async def rows(database: Database, *user_ids: int) -> Rows:
    async with database.connection() as connection:
        found = await connection.fetch(
            "SELECT user_id, token_key_id, token_sealed FROM anilist_links"
            " WHERE user_id = ANY($1::bigint[])",
            list(user_ids),
        )
    return {row["user_id"]: (row["token_key_id"], row["token_sealed"]) for row in found}


async def test_at_start_every_aes_gcm_token_is_resealed_and_the_old_keys_retired(
    start_service, as_user, new_user: Callable[[], int], database: Database, database_url: str,
    ring_path: Path,
) -> None:  # fmt: skip
    old, current = new_key_id("k1"), new_key_id("k2")
    keys = legacy_ring(ring_path, old, current)
    tokens = {new_user(): ANN_TOKEN, new_user(): ANN_TOKEN, new_user(): ANN_OTHER_TOKEN}
    for (user, token), sealed_by in zip(tokens.items(), [old, current, current], strict=True):
        await store(database, user, Sealed(sealed_by, aes_gcm_sealed(keys[sealed_by], token, user)))

    stub = await start_service()

    ring = keyring.read(ring_path)
    assert ring.legacy_key_ids == frozenset() and set(ring.keys) == {ring.current}
    vault, upgraded = TokenVault.open(ring_path), await rows(database, *tokens)
    for user, token in tokens.items():
        sealed = Sealed(*upgraded[user])
        assert sealed.key_id == ring.current
        assert vault.open_sealed(sealed, token_owner(user)) == token
    first = next(iter(tokens))
    reply = await stub.ListWatchlist(pb.ListWatchlistRequest(), metadata=as_user(first))
    assert 1 in {entry.media_id for entry in reply.entries}

    await run_upgrade(database_url, SERVICE, ring_path)
    assert keyring.read(ring_path) == ring
    assert await rows(database, *tokens) == upgraded


async def test_a_token_that_does_not_open_is_kept_and_so_is_its_key_until_relinked(
    start_service, as_user, new_user: Callable[[], int], database: Database, database_url: str,
    ring_path: Path, capfd: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    legacy = new_key_id("k1")
    key = legacy_ring(ring_path, legacy)[legacy]
    readable, tampered = new_user(), new_user()
    await store(database, readable, Sealed(legacy, aes_gcm_sealed(key, ANN_TOKEN, readable)))
    damaged = bytearray(aes_gcm_sealed(key, ANN_TOKEN, tampered))
    damaged[-1] ^= 1
    await store(database, tampered, Sealed(legacy, bytes(damaged)))

    await upgrade_legacy_keys(database_url, SERVICE, ring_path)  # as the service starts it

    log = capfd.readouterr().err
    assert "anilist_token_unreadable_kept" in log and str(tampered) in log
    assert ANN_TOKEN not in log and damaged.hex() not in log
    ring = keyring.read(ring_path)
    assert ring.legacy_key_ids == {legacy} and ring.current != legacy
    after = await rows(database, readable, tampered)
    assert after[tampered] == (legacy, bytes(damaged))  # left for its owner to link again
    assert after[readable][0] == ring.current

    await run_upgrade(database_url, SERVICE, ring_path)  # as each start will, while it is kept
    assert "anilist_token_unreadable_kept" in capfd.readouterr().err
    assert keyring.read(ring_path) == ring
    assert await rows(database, readable, tampered) == after

    stub = await start_service()  # starts with the kept key, which it cannot use
    with pytest.raises(grpc.aio.AioRpcError) as refused:
        await stub.ListWatchlist(pb.ListWatchlistRequest(), metadata=as_user(tampered))
    assert refused.value.code() == grpc.StatusCode.INVALID_ARGUMENT  # ANILIST_RELINK
    await stub.LinkAniList(
        pb.LinkAniListRequest(access_token=ANN_TOKEN), metadata=as_user(tampered)
    )
    await upgrade_legacy_keys(database_url, SERVICE, ring_path)
    assert keyring.read(ring_path).keys.keys() == ring.keys.keys() - {legacy}


async def test_an_upgrade_cut_short_is_finished_by_the_next_run(
    new_user: Callable[[], int], database: Database, database_url: str, ring_path: Path
) -> None:
    legacy = new_key_id("k1")
    key = legacy_ring(ring_path, legacy)[legacy]
    user = new_user()
    await store(database, user, Sealed(legacy, aes_gcm_sealed(key, ANN_TOKEN, user)))
    # Cut short after the new key was written, before the rows were re-sealed.
    with_new_key = keyring.read(ring_path).with_new_key()
    keyring.replace(ring_path, with_new_key)

    await run_upgrade(database_url, SERVICE, ring_path)

    ring = keyring.read(ring_path)
    assert ring.current == with_new_key.current and set(ring.keys) == {ring.current}
    sealed = Sealed(*(await rows(database, user))[user])
    assert sealed.key_id == ring.current
    assert TokenVault(ring).open_sealed(sealed, token_owner(user)) == ANN_TOKEN

    # Cut short after the commit, before the old key left the ring.
    keyring.replace(ring_path, with_new_key)
    await run_upgrade(database_url, SERVICE, ring_path)
    assert keyring.read(ring_path) == ring
    assert (await rows(database, user))[user] == (sealed.key_id, sealed.data)


async def test_a_failed_upgrade_fails_the_start_and_loses_nothing(ring_path: Path) -> None:
    legacy = new_key_id("k1")
    legacy_ring(ring_path, legacy)
    unreachable = "postgresql://watchlist:pw@127.0.0.1:9/watchlist"
    with pytest.raises(RuntimeError, match="re-sealing the AniList tokens"):
        await upgrade_legacy_keys(unreachable, SERVICE, ring_path)
    assert legacy in keyring.read(ring_path).keys
