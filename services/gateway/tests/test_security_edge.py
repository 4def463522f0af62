"""What the gateway refuses on its own, before any service is asked."""

from __future__ import annotations

import base64
import json

import httpx
import pytest

from uuut_kit.testing import SigningKey


def b64(data: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


async def test_health_answers_with_security_headers(client: httpx.AsyncClient) -> None:
    response = await client.get("/health")
    assert response.status_code == 200
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["x-request-id"]


async def test_api_responses_are_not_cached_nor_framed(client: httpx.AsyncClient) -> None:
    response = await client.get("/api/v1/users/me")
    assert response.headers["cache-control"] == "no-store"
    assert "default-src 'none'" in response.headers["content-security-policy"]


async def test_ready_names_the_services_that_do_not_answer(client: httpx.AsyncClient) -> None:
    response = await client.get("/ready")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert set(body["checks"]) == {"auth", "watchlist", "search", "torrent"}
    assert all(value != "ok" for value in body["checks"].values())


async def test_no_token_is_401_with_the_bearer_challenge(client: httpx.AsyncClient) -> None:
    response = await client.get("/api/v1/users/me")
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"
    assert response.json()["code"] == "invalid_token"


@pytest.mark.parametrize(
    "forge",
    [
        lambda key: "not-a-jwt",
        lambda key: f"{b64({'alg': 'none', 'kid': key.kid})}.{b64(key.claims())}.",
        lambda key: SigningKey(kid=key.kid).sign(),
        lambda key: key.sign(aud="elsewhere"),
        lambda key: key.sign(iss="elsewhere"),
        lambda key: key.sign(exp=1),
        lambda key: key.sign(sub="operator"),
    ],
    ids=["garbage", "alg-none", "other-key", "wrong-aud", "wrong-iss", "expired", "not-a-user"],
)
async def test_forged_tokens_are_refused(client: httpx.AsyncClient, key: SigningKey, forge) -> None:
    response = await client.get(
        "/api/v1/users/me", headers={"Authorization": f"Bearer {forge(key)}"}
    )
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"


async def test_a_valid_token_while_auth_is_down_is_503(
    client: httpx.AsyncClient, key: SigningKey
) -> None:
    response = await client.get(
        "/api/v1/users/me", headers={"Authorization": f"Bearer {key.sign()}"}
    )
    assert response.status_code == 503
    assert response.json() == {
        "detail": "the auth service is unavailable, try again shortly",
        "code": "service_unavailable",
    }


async def test_bodies_over_one_mebibyte_are_413(client: httpx.AsyncClient) -> None:
    big = b"x" * (1024 * 1024 + 1)
    declared = await client.post("/api/v1/auth/signup", content=big)
    assert declared.status_code == 413
    assert declared.json()["code"] == "body_too_large"

    async def chunks():
        for _ in range(17):
            yield b"y" * 65536

    chunked = await client.post("/api/v1/auth/signup", content=chunks())
    assert chunked.status_code == 413


async def test_schema_errors_keep_the_list_form_and_never_echo_passwords(
    client: httpx.AsyncClient,
) -> None:
    too_long = "é" * 37  # 74 bytes in UTF-8, 37 characters
    response = await client.post(
        "/api/v1/auth/signup", json={"username": "a!", "password": too_long}
    )
    assert response.status_code == 422
    body = response.json()
    assert isinstance(body["detail"], list)
    assert {tuple(e["loc"]) for e in body["detail"]} == {
        ("body", "username"),
        ("body", "password"),
    }
    assert too_long not in response.text


async def test_openapi_is_published_with_bearer_security(client: httpx.AsyncClient) -> None:
    spec = (await client.get("/openapi.json")).json()
    assert "HTTPBearer" in spec["components"]["securitySchemes"]
    assert (await client.get("/docs")).status_code == 200
