"""TOTP seeds sealed with AES-256-GCM, before XChaCha20-Poly1305: re-sealed at start by a child
process, none lost, and the old key deleted once nothing needs it."""

from __future__ import annotations

import secrets
import stat
from pathlib import Path

import bcrypt
import pytest
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from uuut_auth import totp
from uuut_auth.config import SERVICE, AuthSettings
from uuut_auth.repository import Store
from uuut_auth.second_factor import SecondFactor, secret_context
from uuut_auth.secretbox import SecretBox
from uuut_auth.server import build
from uuut_auth.totp_upgrade import run_upgrade, upgrade_legacy_seeds
from uuut_kit.channels import create_channel
from uuut_kit.db import Database, connect
from uuutorrent.auth.v1 import auth_pb2, auth_pb2_grpc

from .support import PASSWORD, FakeClock, make_settings

Rows = dict[int, tuple[bytes | None, bytes | None]]
PASSWORD_HASH = bcrypt.hashpw(PASSWORD.encode(), bcrypt.gensalt(rounds=4)).decode()


class LegacyBox:
    """The TOTP box as it was: AES-256-GCM, a sealed seed is nonce (12) + ciphertext + tag."""

    def __init__(self, key: bytes) -> None:
        self._aead = AESGCM(key)

    def seal(self, plaintext: str, context: str) -> bytes:
        nonce = secrets.token_bytes(12)
        return nonce + self._aead.encrypt(nonce, plaintext.encode(), context.encode())

    def open(self, sealed: bytes, context: str) -> str:
        return self._aead.decrypt(sealed[:12], sealed[12:], context.encode()).decode()


def legacy_key_file(settings: AuthSettings) -> bytes:
    """The AES-256-GCM key file as the auth service made it before; its key."""
    key = AESGCM.generate_key(bit_length=256)
    settings.state_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    settings.legacy_totp_key_path.write_bytes(key)
    settings.legacy_totp_key_path.chmod(0o600)
    return key


async def legacy_user(
    database: Database, key: bytes, username: str, clock: FakeClock, *, enabled: bool = True
) -> tuple[int, str]:
    """A user who set TOTP up (and turned it on, with a valid code) before the upgrade, through
    the second factor as it was then; the user's id and seed."""
    return await user_with_totp(database, LegacyBox(key), username, clock, enabled=enabled)


async def user_with_totp(
    database: Database, box: object, username: str, clock: FakeClock, *, enabled: bool
) -> tuple[int, str]:
    async with database.connection() as connection:
        user_id: int = await connection.fetchval(
            "INSERT INTO users (username, password_hash, role) VALUES ($1, $2, 'user')"
            " RETURNING id",
            username,
            PASSWORD_HASH,
        )
    second_factor = SecondFactor(Store(database), box, clock)  # type: ignore[arg-type]
    setup = await second_factor.setup(user_id)
    if enabled:
        await second_factor.enable(user_id, totp.code_at(setup.secret, clock().timestamp()))
    return user_id, setup.secret


async def rows(database: Database) -> Rows:
    async with database.connection() as connection:
        found = await connection.fetch("SELECT id, totp_secret, totp_pending_secret FROM users")
    return {row["id"]: (row["totp_secret"], row["totp_pending_secret"]) for row in found}


def opened(box: SecretBox, row_id: int, sealed: bytes | None) -> str | None:
    return None if sealed is None else box.open(sealed, secret_context(row_id))


@pytest.fixture
def settings(tmp_path: Path, database_url: str) -> AuthSettings:
    return make_settings(tmp_path, service_database_url=database_url)


async def test_at_start_every_aes_gcm_seed_is_resealed_and_the_old_key_deleted(
    settings: AuthSettings, database: Database, clock: FakeClock
) -> None:
    key = legacy_key_file(settings)
    ann, ann_seed = await legacy_user(database, key, "ann", clock)
    bob, bob_seed = await legacy_user(database, key, "bob", clock, enabled=False)  # pending
    before = await rows(database)

    runtime = await build(settings, database=database)  # runs the child, as every start does
    await runtime.start()
    try:
        assert not settings.legacy_totp_key_path.exists()
        assert stat.S_IMODE(settings.totp_key_path.stat().st_mode) == 0o600
        box, after = SecretBox.from_key_file(settings.totp_key_path), await rows(database)
        assert opened(box, ann, after[ann][0]) == ann_seed and after[ann][1] is None
        assert after[bob][0] is None and opened(box, bob, after[bob][1]) == bob_seed
        assert after[ann][0] != before[ann][0] and after[bob][1] != before[bob][1]

        # Ann's authenticator works as before the upgrade, through the service's own path.
        channel = create_channel(f"127.0.0.1:{runtime.grpc_port}")
        stub = auth_pb2_grpc.AuthServiceStub(channel)
        code = totp.code_at(ann_seed, clock().timestamp() + 30)  # the step after enabling's
        reply = await stub.Login(auth_pb2.LoginRequest(username="ann", password=PASSWORD, otp=code))
        assert reply.tokens.access_token
        await channel.close()
    finally:
        await runtime.stop()  # closes `database`


async def test_a_seed_that_does_not_open_is_kept_and_so_is_the_old_key(
    settings: AuthSettings, database: Database, clock: FakeClock,
    capfd: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    key = legacy_key_file(settings)
    readable, _ = await legacy_user(database, key, "ann", clock)
    damaged_user, damaged_seed = await legacy_user(database, key, "bob", clock)
    damaged = bytearray((await rows(database))[damaged_user][0] or b"")
    damaged[-1] ^= 1
    async with database.connection() as connection:
        await connection.execute(
            "UPDATE users SET totp_secret = $2 WHERE id = $1", damaged_user, bytes(damaged)
        )
    args = (settings.service_database_url, SERVICE, settings.legacy_totp_key_path)

    await upgrade_legacy_seeds(*args, settings.totp_key_path)  # as the service starts it

    log = capfd.readouterr().err
    assert "totp_seed_unreadable_kept" in log and f'"user_id": {damaged_user}' in log
    assert '"column": "totp_secret"' in log
    assert damaged_seed not in log and damaged.hex() not in log
    assert settings.legacy_totp_key_path.read_bytes() == key  # the only way to read it again
    after = await rows(database)
    assert after[damaged_user] == (bytes(damaged), None)
    box = SecretBox.from_key_file(settings.totp_key_path)
    assert opened(box, readable, after[readable][0])

    await run_upgrade(*args, settings.totp_key_path)  # as each start will, while it is kept
    assert "totp_seed_unreadable_kept" in capfd.readouterr().err
    assert await rows(database) == after and settings.legacy_totp_key_path.exists()

    async with database.connection() as connection:  # the user is deleted, say
        await connection.execute("DELETE FROM users WHERE id = $1", damaged_user)
    await run_upgrade(*args, settings.totp_key_path)
    assert not settings.legacy_totp_key_path.exists()
    assert await rows(database) == {readable: after[readable]}


async def test_an_upgrade_cut_short_is_finished_by_the_next_run(
    settings: AuthSettings, database: Database, clock: FakeClock
) -> None:
    key = legacy_key_file(settings)
    ann, ann_seed = await legacy_user(database, key, "ann", clock)
    # Cut short after the new key was made, before the commit; Bob's seed is sealed with the new
    # key already (as by a service running since, when an unreadable seed kept the old key).
    box = SecretBox.from_key_file(settings.totp_key_path)
    new_key = settings.totp_key_path.read_bytes()
    bob, _ = await user_with_totp(database, box, "bob", clock, enabled=True)
    before = await rows(database)
    args = (settings.service_database_url, SERVICE, settings.legacy_totp_key_path)

    await run_upgrade(*args, settings.totp_key_path)

    assert settings.totp_key_path.read_bytes() == new_key and not args[2].exists()
    upgraded = await rows(database)
    assert opened(box, ann, upgraded[ann][0]) == ann_seed
    assert upgraded[bob] == before[bob]  # already sealed with the new key: left alone

    # Cut short after the commit, before the old key was deleted.
    args[2].write_bytes(key)
    await run_upgrade(*args, settings.totp_key_path)
    assert not args[2].exists() and await rows(database) == upgraded

    # Nothing left to do: a start runs no child at all (this URL would fail it).
    await upgrade_legacy_seeds("postgresql://auth:pw@127.0.0.1:9/auth", *args[1:], Path("/x"))


async def test_a_failed_upgrade_fails_the_start_and_loses_nothing(
    tmp_path: Path, database: Database, database_url: str, clock: FakeClock
) -> None:
    settings = make_settings(tmp_path, service_database_url="postgresql://auth:pw@127.0.0.1:9/a")
    key = legacy_key_file(settings)
    await legacy_user(database, key, "ann", clock)
    before = await rows(database)
    with pytest.raises(RuntimeError, match="re-sealing the TOTP seeds"):
        await build(settings, database=await connect(database_url, SERVICE))  # closes it
    assert settings.legacy_totp_key_path.read_bytes() == key
    assert await rows(database) == before
