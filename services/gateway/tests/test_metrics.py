"""The gateway's /metrics: requests by route template, method and status, with their latency."""

from __future__ import annotations

import httpx
from prometheus_client.parser import text_string_to_metric_families


def _value(metrics: str, sample_name: str, **labels: str) -> float:
    return sum(
        sample.value
        for family in text_string_to_metric_families(metrics)
        for sample in family.samples
        if sample.name == sample_name and labels.items() <= sample.labels.items()
    )


def _count(metrics: str, handler: str, method: str, status: str) -> float:
    return _value(metrics, "http_requests_total", handler=handler, method=method, status=status)


async def test_requests_are_counted_by_route_template_not_raw_path(
    client: httpx.AsyncClient,
) -> None:
    before = (await client.get("/metrics")).text
    template = "/api/v1/torrents/{info_hash}"
    for digit in "abc":
        reply = await client.get(f"/api/v1/torrents/{digit * 40}")
        assert reply.status_code == 401
    after = (await client.get("/metrics")).text
    assert _count(after, template, "GET", "401") - _count(before, template, "GET", "401") == 3
    assert "a" * 40 not in after
    timed = "http_request_duration_seconds_count"
    assert _value(after, timed, handler=template) - _value(before, timed, handler=template) == 3


async def test_unknown_paths_share_one_label_and_probes_are_not_counted(
    client: httpx.AsyncClient,
) -> None:
    before = (await client.get("/metrics")).text
    for path in ("/no/such/page", "/another/unknown", "/health"):
        await client.get(path)
    after = (await client.get("/metrics")).text
    assert _count(after, "none", "GET", "404") - _count(before, "none", "GET", "404") == 2
    assert "/no/such/page" not in after
    assert 'handler="/health"' not in after and 'handler="/metrics"' not in after
