"""Every gateway endpoint that needs a token, by every kind of caller, on the real stack.

Each later endpoint joins ENDPOINTS. A caller is "let in" when the answer is neither 401 nor
403 nor a 500: what the endpoint then does is its own tests' business. AniList and Nyaa point at
a closed port here, so endpoints that reach them answer 502 once the caller is let in.
"""

from __future__ import annotations

import asyncio
import base64
import json
import secrets
import time
import uuid
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from typing import Any

import httpx
import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from jwt.algorithms import HMACAlgorithm, OKPAlgorithm

from .stack import RunningStack

USER, ADMIN = "user", "admin"


@dataclass(frozen=True)
class Endpoint:
    method: str
    path: str
    needs: str = USER
    json: Any = None

    def __str__(self) -> str:
        return f"{self.method} {self.path}"


ENDPOINTS = [
    Endpoint("POST", "/api/v1/auth/logout"),
    Endpoint("POST", "/api/v1/auth/totp/setup"),
    Endpoint("POST", "/api/v1/auth/totp/enable", json={"code": "123456"}),
    Endpoint("POST", "/api/v1/auth/totp/disable", json={"code": "123456"}),
    Endpoint("GET", "/api/v1/users/me"),
    Endpoint(
        "POST",
        "/api/v1/users/me/password",
        json={"current_password": "{password}", "new_password": "another passphrase"},
    ),
    Endpoint("POST", "/api/v1/auth/anilist/link", json={"access_token": "not-a-real-token"}),
    Endpoint("DELETE", "/api/v1/auth/anilist/link"),
    Endpoint("GET", "/api/v1/auth/anilist/authorize-url"),
    Endpoint("GET", "/api/v1/watchlist"),
    Endpoint("POST", "/api/v1/watchlist/progress", json={"media_id": 1, "progress": 1}),
    Endpoint("POST", "/api/v1/watchlist/download", json={"media_id": 1, "episode": 1}),
    Endpoint("POST", "/api/v1/watchlist/catch-up", json={}),
    Endpoint("GET", "/api/v1/users/me/preferences"),
    Endpoint(
        "PUT",
        "/api/v1/users/me/preferences",
        json={"quality": "720p", "groups": ["SubsPlease"], "trusted_only": False},
    ),
    Endpoint("GET", "/api/v1/search?q=frieren&episode=1"),
    Endpoint("POST", "/api/v1/torrents", json={"source": "magnet:?xt=urn:btih:" + "ab" * 20}),
    Endpoint("GET", "/api/v1/torrents"),
    Endpoint("GET", "/api/v1/torrents/events"),
    Endpoint("GET", "/api/v1/torrents/{hash}"),
    Endpoint("POST", "/api/v1/torrents/{hash}/pause"),
    Endpoint("POST", "/api/v1/torrents/{hash}/resume"),
    Endpoint("DELETE", "/api/v1/torrents/{hash}"),
    Endpoint("GET", "/api/v1/torrents/all", needs=ADMIN),
    Endpoint("GET", "/api/v1/admin/users", needs=ADMIN),
    Endpoint(
        "POST",
        "/api/v1/admin/users",
        needs=ADMIN,
        json={"username": "made-{nonce}", "password": "a fine passphrase", "role": "user"},
    ),
    Endpoint("PATCH", "/api/v1/admin/users/{victim}", needs=ADMIN, json={"disabled": False}),
    Endpoint("DELETE", "/api/v1/admin/users/{victim}", needs=ADMIN),
]


@dataclass
class Account:
    id: int
    username: str
    password: str
    access_token: str


class Accounts:
    """Creates the callers of one test case (fresh, so side effects never leak across cases)."""

    def __init__(self, stack: RunningStack, http: httpx.AsyncClient) -> None:
        self.stack, self.http = stack, http
        self._admin_token: str | None = None

    async def login(self, username: str, password: str) -> str:
        reply = await self.http.post(
            "/api/v1/auth/token", data={"username": username, "password": password}
        )
        assert reply.status_code == 200, reply.text
        return str(reply.json()["access_token"])

    async def admin_token(self) -> str:
        if self._admin_token is None:
            self._admin_token = await self.login(
                self.stack.admin_username, self.stack.admin_password
            )
        return self._admin_token

    async def create(self, role: str = USER) -> Account:
        username = f"{role}-{secrets.token_hex(4)}"
        password = f"pass {secrets.token_hex(8)}"
        reply = await self.http.post(
            "/api/v1/admin/users",
            json={"username": username, "password": password, "role": role},
            headers=bearer(await self.admin_token()),
        )
        assert reply.status_code == 201, reply.text
        return Account(reply.json()["id"], username, password, await self.login(username, password))

    async def disable(self, account: Account) -> None:
        reply = await self.http.patch(
            f"/api/v1/admin/users/{account.id}",
            json={"disabled": True},
            headers=bearer(await self.admin_token()),
        )
        assert reply.status_code == 200, reply.text


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def signing_key(stack: RunningStack) -> tuple[str, Ed25519PrivateKey]:
    """The stack's current private signing key (the test owns the data dir)."""
    path = sorted((stack.data_dir / "auth" / "signing-keys").glob("*.pem"))[-1]
    key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    assert isinstance(key, Ed25519PrivateKey)
    return path.stem, key


def claims_of(token: str) -> dict[str, Any]:
    return dict(jwt.decode(token, options={"verify_signature": False}))


def forge_expired(stack: RunningStack, token: str) -> str:
    kid, key = signing_key(stack)
    now = int(time.time())
    claims = {**claims_of(token), "iat": now - 1000, "exp": now - 100}
    return jwt.encode(claims, key, algorithm="EdDSA", headers={"kid": kid})


def forge_other_key(stack: RunningStack, token: str) -> str:
    kid, _ = signing_key(stack)
    return jwt.encode(
        claims_of(token), Ed25519PrivateKey.generate(), algorithm="EdDSA", headers={"kid": kid}
    )


def forge_alg_none(stack: RunningStack, token: str) -> str:
    header = json.loads(base64.urlsafe_b64decode(token.split(".")[0] + "=="))
    payload = token.split(".")[1]
    return f"{b64(json.dumps({**header, 'alg': 'none'}).encode())}.{payload}."


def forge_hs256_public_key(stack: RunningStack, token: str) -> str:
    jwks = json.loads((stack.data_dir / "keys" / "jwks.json").read_text())
    public = OKPAlgorithm.from_jwk(jwks["keys"][0])
    pem = public.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    header = {"alg": "HS256", "typ": "JWT", "kid": jwks["keys"][0]["kid"]}
    signing_input = f"{b64(json.dumps(header).encode())}.{token.split('.')[1]}"
    signature = HMACAlgorithm(HMACAlgorithm.SHA256).sign(signing_input.encode(), pem)
    return f"{signing_input}.{b64(signature)}"


def forge_claim(name: str, value: str) -> Callable[[RunningStack, str], str]:
    def forge(stack: RunningStack, token: str) -> str:
        kid, key = signing_key(stack)
        claims = {**claims_of(token), name: value, "jti": uuid.uuid4().hex}
        return jwt.encode(claims, key, algorithm="EdDSA", headers={"kid": kid})

    return forge


def forge_tampered_payload(stack: RunningStack, token: str) -> str:
    header, _, signature = token.split(".")
    claims = {**claims_of(token), "role": "admin"}
    return f"{header}.{b64(json.dumps(claims).encode())}.{signature}"


FORGERIES: dict[str, Callable[[RunningStack, str], str]] = {
    "expired": forge_expired,
    "other-key": forge_other_key,
    "alg-none": forge_alg_none,
    "hs256-public-key": forge_hs256_public_key,
    "wrong-aud": forge_claim("aud", "somebody-else"),
    "wrong-iss": forge_claim("iss", "somebody-else"),
    "tampered": forge_tampered_payload,
}
CALLERS = ["anonymous", "user", "other-user", "admin", "disabled", *FORGERIES]


@dataclass
class Answer:
    status_code: int
    headers: httpx.Headers
    text: str

    def json(self) -> Any:
        return json.loads(self.text)


async def call(
    http: httpx.AsyncClient, endpoint: Endpoint, token: str | None, values: dict[str, Any]
) -> Answer:
    body = endpoint.json
    if body is not None:
        text = json.dumps(body).replace("{password}", values["password"])
        body = json.loads(text.replace("{nonce}", secrets.token_hex(3)))
    request = http.build_request(
        endpoint.method,
        endpoint.path.format(**values),
        json=body,
        headers=bearer(token) if token else {},
    )
    response = await http.send(request, stream=True)
    try:
        streaming = response.headers.get("content-type", "").startswith("text/event-stream")
        text = "" if streaming else (await response.aread()).decode()
        return Answer(response.status_code, response.headers, text)
    finally:
        await response.aclose()


def expect_let_in(response: Answer) -> None:
    assert response.status_code not in (401, 403), response.text
    assert response.status_code < 500 or response.status_code == 502, response.text


def expect_refused(response: Answer, status: int, code: str | None = None) -> None:
    assert response.status_code == status, response.text
    if status == 401:
        assert response.headers["www-authenticate"] == "Bearer"
    if code is not None:
        assert response.json()["code"] == code


@pytest.fixture(scope="module")
async def bystanders(stack: RunningStack) -> AsyncIterator[tuple[Account, Account]]:
    """A user and a victim for the cases that are refused, so have no side effect."""
    async with httpx.AsyncClient(base_url=stack.gateway_url, timeout=30) as http:
        accounts = Accounts(stack, http)
        yield await accounts.create(USER), await accounts.create(USER)


@pytest.mark.parametrize("caller", CALLERS)
@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=str)
async def test_authorization_matrix(
    stack: RunningStack,
    gateway: httpx.AsyncClient,
    bystanders: tuple[Account, Account],
    endpoint: Endpoint,
    caller: str,
) -> None:
    accounts = Accounts(stack, gateway)
    actor, victim = bystanders
    values = {"victim": victim.id, "password": actor.password, "hash": "cd" * 20}

    if caller == "anonymous":
        expect_refused(await call(gateway, endpoint, None, values), 401)
    elif caller in FORGERIES:
        forged = FORGERIES[caller](stack, actor.access_token)
        expect_refused(await call(gateway, endpoint, forged, values), 401)
    elif caller == "disabled":
        actor = await accounts.create(USER)
        await accounts.disable(actor)
        expect_refused(
            await call(gateway, endpoint, actor.access_token, values), 401, "account_disabled"
        )
    elif endpoint.needs == ADMIN and caller != "admin":
        expect_refused(await call(gateway, endpoint, actor.access_token, values), 403, "forbidden")
    else:
        # Let in: fresh accounts, because the call may change them (logout, delete...).
        # "other-user" acts on its own account: nothing here belongs to anyone else yet.
        actor = await accounts.create(ADMIN if caller == "admin" else USER)
        victim = await accounts.create(USER)
        values = {"victim": victim.id, "password": actor.password, "hash": "cd" * 20}
        expect_let_in(await call(gateway, endpoint, actor.access_token, values))


async def test_a_token_stops_working_within_a_second_of_disabling(
    stack: RunningStack, gateway: httpx.AsyncClient
) -> None:
    accounts = Accounts(stack, gateway)
    user = await accounts.create(USER)
    assert (
        await gateway.get("/api/v1/users/me", headers=bearer(user.access_token))
    ).status_code == 200
    await accounts.disable(user)
    await asyncio.sleep(1.1)  # the gateway's session cache holds answers for at most a second
    after = await gateway.get("/api/v1/users/me", headers=bearer(user.access_token))
    expect_refused(after, 401, "account_disabled")


async def test_a_demoted_admin_loses_admin_routes_at_once(
    stack: RunningStack, gateway: httpx.AsyncClient
) -> None:
    accounts = Accounts(stack, gateway)
    admin = await accounts.create(ADMIN)
    listed = await gateway.get("/api/v1/admin/users", headers=bearer(admin.access_token))
    assert listed.status_code == 200
    demoted = await gateway.patch(
        f"/api/v1/admin/users/{admin.id}",
        json={"role": "user"},
        headers=bearer(await accounts.admin_token()),
    )
    assert demoted.status_code == 200
    await asyncio.sleep(1.1)
    after = await gateway.get("/api/v1/admin/users", headers=bearer(admin.access_token))
    expect_refused(after, 403, "forbidden")


def test_every_token_endpoint_is_in_the_matrix(stack: RunningStack) -> None:
    """A new endpoint that is not added here fails this test."""
    spec = httpx.get(f"{stack.gateway_url}/openapi.json", timeout=10).json()
    public = {
        ("POST", "/api/v1/auth/signup"),
        ("POST", "/api/v1/auth/token"),
        ("POST", "/api/v1/auth/refresh"),
    }
    declared = {
        (method.upper(), path.replace("{user_id}", "{victim}").replace("{info_hash}", "{hash}"))
        for path, operations in spec["paths"].items()
        if path.startswith("/api/")
        for method in operations
    } - public
    covered = {(e.method, e.path.split("?")[0]) for e in ENDPOINTS}
    assert declared <= covered, f"not in the matrix: {sorted(declared - covered)}"
