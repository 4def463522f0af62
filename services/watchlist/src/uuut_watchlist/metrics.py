"""The watchlist's own metrics (labels bounded: operations and outcomes, never users)."""

from __future__ import annotations

from prometheus_client import Counter, Gauge, Histogram

from uuut_kit.metrics import LATENCY_BUCKETS

anilist_requests = Counter(
    "watchlist_anilist_requests_total",
    "Requests to AniList by operation and outcome (ok, invalid_token, not_found, rejected, "
    "rate_limited, server_error, timeout, network_error, bad_response).",
    ["operation", "outcome"],
)
anilist_request_seconds = Histogram(
    "watchlist_anilist_request_seconds",
    "Time AniList took to answer one request, by operation.",
    ["operation"],
    buckets=LATENCY_BUCKETS,
)
anilist_refused = Counter(
    "watchlist_anilist_refused_total",
    "AniList calls refused before sending: our limiter (limiter) or the open circuit (circuit).",
    ["why"],
)
limiter_wait_seconds = Histogram(
    "watchlist_anilist_limiter_wait_seconds",
    "Time calls waited for a slot of the AniList rate limiter.",
    buckets=(0, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10),
)
circuit_state = Gauge(
    "watchlist_anilist_circuit_state", "AniList circuit breaker: 0 closed, 1 open, 2 half-open."
)
cache_lookups = Counter(
    "watchlist_cache_lookups_total",
    "Cache lookups by cache (list, media) and result (hit, miss).",
    ["cache", "result"],
)
