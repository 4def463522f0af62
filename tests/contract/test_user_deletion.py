"""Deleting an account takes its torrents with it, unless someone else still owns them."""

from __future__ import annotations

import secrets

import httpx

from .stack import RunningStack
from .test_authorization_matrix import USER, Accounts, bearer


def magnet() -> str:
    return f"magnet:?xt=urn:btih:{secrets.token_hex(20)}&dn=deletion-test"


async def all_torrents(gateway: httpx.AsyncClient, admin_token: str) -> dict[str, list[str]]:
    reply = await gateway.get("/api/v1/torrents/all", headers=bearer(admin_token))
    assert reply.status_code == 200, reply.text
    return {t["hash"]: t["owners"] for t in reply.json()["torrents"]}


async def test_deleting_a_user_removes_only_what_nobody_else_owns(
    stack: RunningStack, gateway: httpx.AsyncClient
) -> None:
    accounts = Accounts(stack, gateway)
    leaving, staying = await accounts.create(USER), await accounts.create(USER)
    alone, shared = magnet(), magnet()
    hashes = {}
    for account, source in ((leaving, alone), (leaving, shared), (staying, shared)):
        added = await gateway.post(
            "/api/v1/torrents", json={"source": source}, headers=bearer(account.access_token)
        )
        assert added.status_code in (200, 201), added.text
        hashes[source] = added.json()["hash"]
    admin = await accounts.admin_token()
    before = await all_torrents(gateway, admin)
    assert sorted(before[hashes[shared]]) == sorted([leaving.username, staying.username])

    deleted = await gateway.delete(f"/api/v1/admin/users/{leaving.id}", headers=bearer(admin))
    assert deleted.status_code == 204, deleted.text

    after = await all_torrents(gateway, admin)
    assert hashes[alone] not in after
    assert after[hashes[shared]] == [staying.username]
    again = await gateway.delete(f"/api/v1/admin/users/{leaving.id}", headers=bearer(admin))
    assert again.status_code == 404
