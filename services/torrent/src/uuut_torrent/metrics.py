"""The torrent service's own metrics; labels are bounded (endpoints, outcomes, states)."""

from __future__ import annotations

from prometheus_client import Counter, Gauge, Histogram

from uuut_kit.metrics import LATENCY_BUCKETS

qbittorrent_requests = Counter(
    "uuut_qbittorrent_requests_total",
    "Calls to qBittorrent's WebAPI, by endpoint and outcome.",
    ["endpoint", "outcome"],
)
qbittorrent_seconds = Histogram(
    "uuut_qbittorrent_request_seconds",
    "Latency of calls to qBittorrent's WebAPI, by endpoint.",
    ["endpoint"],
    buckets=LATENCY_BUCKETS,
)
torrents_by_state = Gauge(
    "uuut_torrents", "Torrents in qBittorrent by contract state (while the mirror runs).", ["state"]
)
mirror_lag_seconds = Gauge(
    "uuut_torrent_mirror_lag_seconds",
    "Seconds since the in-memory mirror last synced with qBittorrent (0 while it is stopped).",
)
mirror_running = Gauge("uuut_torrent_mirror_running", "1 while the in-memory mirror runs.")
ownerships_reconciled = Counter(
    "uuut_torrent_ownerships_reconciled_total",
    "Ownership rows dropped because their torrent was removed in qBittorrent by hand.",
)
pending_adds_settled = Counter(
    "uuut_torrent_pending_adds_settled_total",
    "Adds that did not finish (failure or crash) and were settled, by what became of the"
    " torrent: removed (nobody owned it) or kept.",
    ["outcome"],
)
