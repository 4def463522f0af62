"""The demo account, made through the public API as a user would: sign up (or find it there),
log in, link the fake AniList's demo user."""

from __future__ import annotations

import httpx

from uuut_sandbox.demo.world import ANILIST_TOKEN, DEMO_PASSWORD, DEMO_USERNAME


async def provision_account(
    gateway_url: str, username: str = DEMO_USERNAME, password: str = DEMO_PASSWORD
) -> str:
    """The account's access token, its AniList already linked."""
    async with httpx.AsyncClient(base_url=f"{gateway_url}/api/v1", timeout=30) as http:
        created = await http.post("/auth/signup", json={"username": username, "password": password})
        if created.status_code not in (201, 409):  # 409: made by an earlier run
            created.raise_for_status()
        login = await http.post("/auth/token", data={"username": username, "password": password})
        login.raise_for_status()
        token = str(login.json()["access_token"])
        linked = await http.post(
            "/auth/anilist/link",
            json={"access_token": ANILIST_TOKEN},
            headers={"Authorization": f"Bearer {token}"},
        )
        linked.raise_for_status()
        return token
