"""Test helpers: a throwaway Ed25519 signing key and its JWKS, to mint tokens in tests; the
checks every service makes of its schema description."""

from __future__ import annotations

import json
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jwt
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from jwt.algorithms import OKPAlgorithm

if TYPE_CHECKING:
    from sqlalchemy import MetaData


class SigningKey:
    def __init__(self, kid: str = "test-key") -> None:
        self.kid = kid
        self.private = Ed25519PrivateKey.generate()

    def jwk(self) -> dict[str, Any]:
        jwk = json.loads(OKPAlgorithm.to_jwk(self.private.public_key()))
        return {**jwk, "kid": self.kid, "alg": "EdDSA", "use": "sig"}

    def publish(self, path: Path, *others: SigningKey) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps({"keys": [self.jwk(), *(k.jwk() for k in others)]}))

    def claims(self, **overrides: Any) -> dict[str, Any]:
        now = int(time.time())
        claims = {
            "iss": "uuutorrent-auth",
            "aud": "uuutorrent",
            "sub": "7",
            "role": "user",
            "sid": "s1",
            "iat": now,
            "exp": now + 600,
            "jti": uuid.uuid4().hex,
        }
        claims.update(overrides)
        return {k: v for k, v in claims.items() if v is not None}

    def sign(self, **overrides: Any) -> str:
        return jwt.encode(
            self.claims(**overrides), self.private, algorithm="EdDSA", headers={"kid": self.kid}
        )


async def migrations_drift(
    url: str, schema: str, migrations_dir: Path, metadata: MetaData
) -> list[object]:
    """Migrate `schema` to head, then what differs between it and `metadata` (the service's
    SQLAlchemy description of its tables); empty when the two agree."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from sqlalchemy import Connection

    from uuut_kit.db import migrate
    from uuut_kit.migrate import sqlalchemy_engine

    await migrate(url, schema, migrations_dir)

    def differences(connection: Connection) -> list[object]:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return list(compare_metadata(context, metadata))

    engine = sqlalchemy_engine(url, schema)
    try:
        async with engine.connect() as connection:
            return await connection.run_sync(differences)
    finally:
        await engine.dispose()


def schema_modules_loaded(service: str) -> list[str]:
    """In a fresh interpreter, import what `python -m uuut_<service>` imports; the SQLAlchemy,
    Alembic and schema-description modules that came along (none should: they cost a service
    about 20 MB resident, and only the migration child needs them)."""
    package = f"uuut_{service}"
    probe = (
        "import json, sys\n"
        f"import uuut_kit.server, {package}.__main__, {package}.config, {package}.server\n"
        "print(json.dumps(sorted(name for name in sys.modules"
        " if name.partition('.')[0] in ('sqlalchemy', 'alembic')"
        f" or name == '{package}.models')))\n"
    )
    loaded = subprocess.run(  # noqa: S603 - our interpreter, our probe
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60
    )
    return list(json.loads(loaded.stdout))
