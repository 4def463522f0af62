"""The Nyaa client against the fake Nyaa on a real port: query, errors, 429, cache, spacing."""

from __future__ import annotations

import asyncio
import time

import pytest

from uuut_kit.errors import ResourceExhausted, UpstreamError, UpstreamTimeout
from uuut_search.nyaa import NyaaClient, NyaaOptions


def client(url: str, **options) -> NyaaClient:
    defaults = {"min_interval_s": 0.0, "retry_after_cap_s": 0.5}
    return NyaaClient(NyaaOptions(base_url=url, **(defaults | options)))


async def test_search_asks_the_rss_with_our_category(fake_nyaa) -> None:
    fake, url = fake_nyaa
    nyaa = client(url)
    items = await nyaa.search("Iruma-kun 05")
    await nyaa.close()
    assert items and all("Iruma" in i.title and "05" in i.title for i in items)
    assert all(i.category_id == "1_2" for i in items)
    asked = fake.requests[-1]
    assert "page=rss" in asked and "c=1_2" in asked and "f=0" in asked
    assert all(i.torrent_url.startswith(url) for i in items)


async def test_trusted_only_uses_nyaa_filter(fake_nyaa) -> None:
    fake, url = fake_nyaa
    nyaa = client(url)
    items = await nyaa.search("Solo Leveling", trusted_only=True)
    await nyaa.close()
    assert items and all(i.trusted for i in items)
    assert "f=2" in fake.requests[-1]


async def test_answers_are_cached(fake_nyaa) -> None:
    fake, url = fake_nyaa
    nyaa = client(url)
    first = await nyaa.search("Frieren")
    again = await nyaa.search("Frieren")
    await nyaa.close()
    assert first == again and len(fake.requests) == 1


async def test_an_html_page_is_an_upstream_error_naming_nyaa(fake_nyaa) -> None:
    fake, url = fake_nyaa
    fake.fail_next(200)  # a Cloudflare challenge answered with 200
    nyaa = client(url)
    with pytest.raises(UpstreamError, match="Nyaa"):
        await nyaa.search("Frieren")
    fake.fail_next(503)
    with pytest.raises(UpstreamError, match="Nyaa answered HTTP 503"):
        await nyaa.search("Frieren")
    await nyaa.close()


async def test_a_bad_category_is_nyaa_400(fake_nyaa) -> None:
    _, url = fake_nyaa
    nyaa = client(url, category="anime")
    with pytest.raises(UpstreamError, match="400"):
        await nyaa.search("Frieren")
    await nyaa.close()


async def test_429_is_retried_once_then_rate_limited(fake_nyaa) -> None:
    fake, url = fake_nyaa
    nyaa = client(url)
    fake.fail_next(429)
    assert await nyaa.search("Frieren")  # the retry succeeds
    fake.fail_next(429, times=2)
    with pytest.raises(ResourceExhausted) as caught:
        await nyaa.search("Sousou")
    await nyaa.close()
    assert caught.value.reason == "UPSTREAM_RATE_LIMITED" and caught.value.retry_after_s >= 1


async def test_unreachable_and_slow_nyaa(fake_nyaa) -> None:
    nyaa = client("http://127.0.0.1:9")
    with pytest.raises(UpstreamError, match="Nyaa could not be reached"):
        await nyaa.search("x")
    await nyaa.close()
    import socket

    with socket.socket() as silent:  # accepts connections, never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        nyaa = client(f"http://127.0.0.1:{silent.getsockname()[1]}", timeout_s=0.3)
        with pytest.raises(UpstreamTimeout):
            await nyaa.search("x")
        await nyaa.close()


async def test_at_most_two_in_flight_and_spaced(fake_nyaa) -> None:
    fake, url = fake_nyaa
    nyaa = client(url, min_interval_s=0.1, max_in_flight=2)
    started = time.monotonic()
    await asyncio.gather(*(nyaa.search(f"Frieren {n}") for n in range(5)))
    elapsed = time.monotonic() - started
    await nyaa.close()
    assert len(fake.requests) == 5
    assert elapsed >= 0.4  # five starts, 0.1 s apart


async def test_the_same_search_in_flight_is_sent_once(fake_nyaa) -> None:
    fake, url = fake_nyaa
    nyaa = client(url)
    answers = await asyncio.gather(*(nyaa.search("Kill Ao") for _ in range(4)))
    await nyaa.close()
    assert len(fake.requests) == 1 and all(a == answers[0] for a in answers)
