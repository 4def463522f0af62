"""Operator functions for the server CLI go through the same rules as the RPCs."""

from __future__ import annotations

from pathlib import Path

import jwt
import pytest

from uuut_auth.components import Components, key_store
from uuut_auth.config import AuthSettings
from uuut_auth.errors import PasswordInvalid, UsernameTaken, UserNotFound
from uuut_auth.keys import NoSigningKey
from uuut_auth.operator import create_user, mint_service_token, reset_password
from uuut_kit.tokens import AUDIENCE, TokenVerifier, service_audience

from .support import PASSWORD, caller_of, make_settings


@pytest.fixture
def operator_settings(tmp_path: Path, database_url: str) -> AuthSettings:
    return make_settings(tmp_path, service_database_url=database_url)


async def test_create_user_and_reset_password(
    operator_settings: AuthSettings, parts: Components
) -> None:
    admin = await create_user(operator_settings, "root", PASSWORD, "admin")
    assert (admin.username, admin.role) == ("root", "admin")
    with pytest.raises(UsernameTaken):
        await create_user(operator_settings, "ROOT", PASSWORD)
    with pytest.raises(PasswordInvalid):
        await create_user(operator_settings, "ann", "password")

    pair = await parts.sessions.login("root", PASSWORD)
    await reset_password(operator_settings, "Root", "a new root secret")
    status = await parts.service.check_session(caller_of(operator_settings, pair.access_token))
    assert status.active is False
    await parts.sessions.login("root", "a new root secret")
    with pytest.raises(UserNotFound):
        await reset_password(operator_settings, "nobody", "a new root secret")


def test_mint_service_token(settings: AuthSettings) -> None:
    with pytest.raises(NoSigningKey):
        mint_service_token(settings, "torrent")
    key_store(settings).rotate_if_due()
    token = mint_service_token(settings, "torrent", ttl_s=120)
    verifier = TokenVerifier(settings.jwks_path, (AUDIENCE, service_audience("torrent")))
    caller = verifier.verify(token)
    assert (caller.subject, caller.role, caller.user_id) == ("operator", "admin", None)
    claims = jwt.decode(token, options={"verify_signature": False})
    assert (claims["aud"], claims["exp"] - claims["iat"]) == ("uuutorrent:torrent", 120)
    with pytest.raises(ValueError, match="service name"):
        mint_service_token(settings, "Torrent; rm -rf")
