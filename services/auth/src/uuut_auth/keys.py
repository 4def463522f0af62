"""The Ed25519 keys access tokens are signed with, and the JWKS other services verify with.

Private keys live under the auth service's own state directory (0600, never in the shared keys
directory); the public halves are published atomically as a JWKS with a `kid` each. A key is
replaced once it is older than the configured age; a replaced key stays published until every
token it signed has expired, then its private half is deleted.

Each private key is a PEM PKCS#8 file `<kid>.pem`, as `cryptography` wrote them before: read,
written and signed with here through PyNaCl (`uuut_auth.ed25519`), never `cryptography`.
"""

from __future__ import annotations

import itertools
import json
import os
import secrets
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from nacl import signing

from uuut_auth.ed25519 import Ed25519Signer, pem_from_seed, seed_from_pem
from uuut_kit.files import private_directory, write_atomically
from uuut_kit.logging import get_logger
from uuut_kit.tokens import ALGORITHM

log = get_logger(__name__)

_KID_TIME = "%Y%m%dT%H%M%SZ"
_SUFFIX = ".pem"


@dataclass(frozen=True)
class SigningKey:
    """One key pair; its `kid` starts with its creation time, so kids sort by age."""

    kid: str
    private_key: signing.SigningKey  # PyNaCl's
    created_at: datetime

    def public_jwk(self) -> dict[str, Any]:
        jwk = Ed25519Signer.to_jwk(self.private_key, as_dict=True)
        return {**jwk, "kid": self.kid, "alg": ALGORITHM, "use": "sig"}


class NoSigningKey(RuntimeError):
    """No key has been generated yet (the auth service generates one at its first start)."""


class KeyStore:
    """The signing keys on disk and the JWKS published from them."""

    def __init__(
        self, private_dir: Path, jwks_path: Path, max_age: timedelta, publish_for: timedelta
    ) -> None:
        self._dir = private_dir
        self._jwks_path = jwks_path
        self._max_age = max_age
        self._publish_for = publish_for
        self._keys: list[SigningKey] = []

    @property
    def jwks_path(self) -> Path:
        return self._jwks_path

    def current(self) -> SigningKey:
        """The newest key: the one new tokens are signed with."""
        if not self._keys:
            self._keys = self._load()
        if not self._keys:
            raise NoSigningKey(f"no signing key in {self._dir}; start the auth service first")
        return self._keys[-1]

    def published_kids(self) -> list[str]:
        return [key.kid for key in self._keys]

    def rotate_if_due(self, now: datetime | None = None) -> bool:
        """Make a new key when there is none or the newest is too old; retire expired ones.

        Returns whether a new key was made. The JWKS is rewritten either way, before the new
        key signs anything, so verifiers already know it.
        """
        now = now or datetime.now(UTC)
        keys = self._load()
        rotated = not keys or now - keys[-1].created_at >= self._max_age
        if rotated:
            keys.append(self._generate(now))
        keys = self._retire(keys, now)
        self._publish(keys)
        self._keys = keys
        if rotated:
            log.info("signing_key_created", kid=keys[-1].kid)
        return rotated

    def _load(self) -> list[SigningKey]:
        if not self._dir.is_dir():
            return []
        keys = []
        for path in sorted(self._dir.glob(f"*{_SUFFIX}")):
            if path.stat().st_mode & 0o077:
                os.chmod(path, 0o600)
                log.warning("signing_key_permissions_fixed", path=str(path))
            private = signing.SigningKey(seed_from_pem(path.read_bytes(), path))
            kid = path.name.removesuffix(_SUFFIX)
            created = datetime.strptime(kid.split("-", 1)[0], _KID_TIME).replace(tzinfo=UTC)
            keys.append(SigningKey(kid, private, created))
        return sorted(keys, key=lambda key: key.kid)

    def _generate(self, now: datetime) -> SigningKey:
        private_directory(self._dir)
        kid = f"{now.astimezone(UTC).strftime(_KID_TIME)}-{secrets.token_hex(4)}"
        private = signing.SigningKey.generate()
        pem = pem_from_seed(bytes(private))
        if not write_atomically(self._dir / f"{kid}{_SUFFIX}", pem, overwrite=False):
            raise FileExistsError(f"a signing key {kid} exists already")
        created = datetime.strptime(kid.split("-", 1)[0], _KID_TIME).replace(tzinfo=UTC)
        return SigningKey(kid, private, created)

    def _retire(self, keys: list[SigningKey], now: datetime) -> list[SigningKey]:
        """Drop keys replaced long enough ago that nothing they signed is still valid."""
        kept = []
        for key, successor in itertools.pairwise(keys):
            if now - successor.created_at < self._publish_for:
                kept.append(key)
            else:
                (self._dir / f"{key.kid}{_SUFFIX}").unlink(missing_ok=True)
                log.info("signing_key_retired", kid=key.kid)
        return [*kept, keys[-1]] if keys else []

    def _publish(self, keys: list[SigningKey]) -> None:
        """Write the JWKS atomically: a reader sees the old file or the new one, never half."""
        self._jwks_path.parent.mkdir(parents=True, exist_ok=True)
        document = json.dumps({"keys": [key.public_jwk() for key in keys]}, indent=2)
        descriptor, temporary = tempfile.mkstemp(
            dir=self._jwks_path.parent, prefix=".jwks-", suffix=".tmp"
        )
        try:
            with os.fdopen(descriptor, "w") as file:
                file.write(document)
                file.flush()
                os.fsync(file.fileno())
            os.chmod(temporary, 0o644)
            os.replace(temporary, self._jwks_path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
