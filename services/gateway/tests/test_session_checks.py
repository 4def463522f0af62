"""The gateway asks auth about a login at most once at a time, however many requests wait."""

from __future__ import annotations

import asyncio
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from uuut_gateway.config import GatewaySettings
from uuut_gateway.errors import ApiError
from uuut_gateway.security import Authenticator
from uuut_kit.testing import SigningKey
from uuutorrent.auth.v1 import auth_pb2


class SlowAuth:
    """CheckSession after 50 ms, counting calls; `active` says what it answers."""

    def __init__(self) -> None:
        self.calls = 0
        self.active = True

    async def CheckSession(self, request: Any, metadata: Any = None) -> Any:
        self.calls += 1
        await asyncio.sleep(0.05)
        return auth_pb2.CheckSessionResponse(active=self.active, role=auth_pb2.ROLE_USER)


@pytest.fixture
def key(tmp_path: Path) -> SigningKey:
    key = SigningKey()
    key.publish(tmp_path / "keys" / "jwks.json")
    return key


def authenticator(tmp_path: Path, auth: SlowAuth) -> Authenticator:
    settings = GatewaySettings(data_dir=tmp_path)
    return Authenticator(settings, SimpleNamespace(auth=auth))  # type: ignore[arg-type]


async def test_concurrent_requests_of_one_login_share_one_check(
    tmp_path: Path, key: SigningKey
) -> None:
    auth = SlowAuth()
    checker = authenticator(tmp_path, auth)
    header = f"Bearer {key.sign(sub='5', sid='login-1')}"
    principals = await asyncio.gather(*(checker.authenticate(header) for _ in range(20)))
    assert auth.calls == 1
    assert {p.user_id for p in principals} == {5}


async def test_each_login_is_checked_on_its_own_and_an_ended_one_is_refused(
    tmp_path: Path, key: SigningKey
) -> None:
    auth = SlowAuth()
    checker = authenticator(tmp_path, auth)
    await checker.authenticate(f"Bearer {key.sign(sub='5', sid='login-1')}")
    auth.active = False
    with pytest.raises(ApiError) as refused:
        await checker.authenticate(f"Bearer {key.sign(sub='5', sid='login-2')}")
    assert refused.value.status == 401
    assert auth.calls == 2
