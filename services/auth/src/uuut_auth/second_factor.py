"""Optional TOTP second factor: enrolment, and checking a code exactly once."""

from __future__ import annotations

from uuut_auth import totp
from uuut_auth.domain import Clock, TotpSetup, utc_now
from uuut_auth.errors import (
    OtpInvalid,
    TotpAlreadyEnabled,
    TotpNotEnabled,
    TotpNotPending,
    UserNotFound,
)
from uuut_auth.repository import Repository, Store
from uuut_auth.rows import UserRow
from uuut_auth.secretbox import SecretBox
from uuut_kit.logging import get_logger

log = get_logger(__name__)


def secret_context(user_id: int) -> str:
    # Binds a sealed secret to its user: a row's secret copied to another user won't open.
    return f"totp:{user_id}"


class SecondFactor:
    def __init__(self, store: Store, box: SecretBox, clock: Clock = utc_now) -> None:
        self._store = store
        self._box = box
        self._clock = clock

    async def setup(self, user_id: int) -> TotpSetup:
        """A new pending secret (replacing any earlier pending one); TOTP is not on yet."""
        secret = totp.new_secret()
        async with self._store.transaction() as repo:
            row = await _user(repo, user_id)
            if row.totp_secret is not None:
                raise TotpAlreadyEnabled()
            sealed = self._box.seal(secret, secret_context(user_id))
            await repo.set_totp_pending_secret(user_id, sealed)
        return TotpSetup(secret=secret, otpauth_url=totp.provisioning_url(secret, row.username))

    async def enable(self, user_id: int, code: str) -> None:
        """Turn TOTP on once `code` proves the pending secret is held."""
        async with self._store.transaction() as repo:
            row = await _user(repo, user_id)
            if row.totp_secret is not None:
                raise TotpAlreadyEnabled()
            if row.totp_pending_secret is None:
                raise TotpNotPending()
            secret = self._box.open(row.totp_pending_secret, secret_context(user_id))
            step = totp.matching_step(secret, code, self._clock().timestamp())
            if step is None:
                raise OtpInvalid()
            await repo.enable_totp(user_id, step)
        log.info("totp_enabled", user_id=user_id)

    async def disable(self, user_id: int, code: str) -> None:
        async with self._store.transaction() as repo:
            row = await _user(repo, user_id)
            if row.totp_secret is None:
                raise TotpNotEnabled()
            if not await self.accept(repo, row, code):
                raise OtpInvalid()
            await repo.disable_totp(user_id)
        log.info("totp_disabled", user_id=user_id)

    async def accept(self, repo: Repository, row: UserRow, code: str) -> bool:
        """Whether `code` is valid now for the user's enabled secret and was never used."""
        if row.totp_secret is None:
            return False
        secret = self._box.open(row.totp_secret, secret_context(row.id))
        step = totp.matching_step(secret, code, self._clock().timestamp())
        return step is not None and await repo.claim_totp_step(row.id, step)


async def _user(repo: Repository, user_id: int) -> UserRow:
    row = await repo.user_by_id(user_id, lock=True)
    if row is None:
        raise UserNotFound()
    return row
