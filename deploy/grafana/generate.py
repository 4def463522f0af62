# ruff: noqa: E501 - PromQL reads best on one line
"""Writes dashboards/*.json: one dashboard per service and an overview (`python generate.py`).

Dashboards are generated so every one has the same shape (rate, errors, latency per RPC or
route, then the service's own panels) and names the datasource by its fixed uid.
tests/deploy checks that every query here is valid and returns data on a running stack.
"""

from __future__ import annotations

import json
from pathlib import Path

DATASOURCE = {"type": "prometheus", "uid": "uuut-prometheus"}
OUT = Path(__file__).parent / "dashboards"
RI = "$__rate_interval"


def panel(
    title: str, *exprs: str, unit: str = "short", kind: str = "timeseries", legend: str = ""
) -> dict:
    return {
        "type": kind,
        "title": title,
        "datasource": DATASOURCE,
        "fieldConfig": {"defaults": {"unit": unit}, "overrides": []},
        "targets": [
            {"refId": chr(65 + i), "datasource": DATASOURCE, "expr": e, "legendFormat": legend}
            for i, e in enumerate(exprs)
        ],
    }


def row(title: str) -> dict:
    return {"type": "row", "title": title, "collapsed": False, "panels": []}


def grpc_panels(job: str) -> list[dict]:
    sel = f'job="{job}"'
    return [
        row("RPCs"),
        panel("Up", f"up{{{sel}}}", kind="stat"),
        panel(
            "RPC rate by method",
            f"sum by (grpc_method) (rate(grpc_server_handled_total{{{sel}}}[{RI}]))",
            unit="reqps",
            legend="{{grpc_method}}",
        ),
        panel(
            "RPCs by status code",
            f"sum by (grpc_code) (rate(grpc_server_handled_total{{{sel}}}[{RI}]))",
            unit="reqps",
            legend="{{grpc_code}}",
        ),
        panel(
            "Error ratio (server-side faults)",
            f'sum(rate(grpc_server_handled_total{{{sel},grpc_code=~"UNKNOWN|INTERNAL|UNAVAILABLE|DATA_LOSS|DEADLINE_EXCEEDED|UNIMPLEMENTED"}}[{RI}])) / sum(rate(grpc_server_handled_total{{{sel}}}[{RI}])) or vector(0)',
            unit="percentunit",
        ),
        panel(
            "p95 latency by method",
            f"histogram_quantile(0.95, sum by (le, grpc_method) (rate(grpc_server_handling_seconds_bucket{{{sel}}}[{RI}])))",
            unit="s",
            legend="{{grpc_method}}",
        ),
        panel("Resident memory", f"process_resident_memory_bytes{{{sel}}}", unit="bytes"),
        panel("CPU", f"rate(process_cpu_seconds_total{{{sel}}}[{RI}])", unit="percentunit"),
    ]


SERVICE_PANELS: dict[str, list[dict]] = {
    "auth": [
        row("Logins and tokens"),
        panel(
            "Logins by result",
            f"sum by (result) (rate(auth_logins_total[{RI}]))",
            unit="reqps",
            legend="{{result}}",
        ),
        panel(
            "Token refreshes by result",
            f"sum by (result) (rate(auth_token_refreshes_total[{RI}]))",
            unit="reqps",
            legend="{{result}}",
        ),
        panel("Active sessions", "auth_active_sessions", kind="stat"),
        panel(
            "Failed logins (10 min)",
            'sum(increase(auth_logins_total{result!="success"}[10m]))',
            kind="stat",
        ),
    ],
    "watchlist": [
        row("AniList"),
        panel(
            "AniList requests by outcome",
            f"sum by (outcome) (rate(watchlist_anilist_requests_total[{RI}]))",
            unit="reqps",
            legend="{{outcome}}",
        ),
        panel(
            "AniList p95 latency by operation",
            f"histogram_quantile(0.95, sum by (le, operation) (rate(watchlist_anilist_request_seconds_bucket[{RI}])))",
            unit="s",
            legend="{{operation}}",
        ),
        panel(
            "AniList 429s and refusals (limiter, circuit)",
            f'sum(rate(watchlist_anilist_requests_total{{outcome="rate_limited"}}[{RI}])) or vector(0)',
            f"sum by (why) (rate(watchlist_anilist_refused_total[{RI}])) or vector(0)",
            unit="reqps",
        ),
        panel(
            "Limiter wait p95",
            f"histogram_quantile(0.95, sum by (le) (rate(watchlist_anilist_limiter_wait_seconds_bucket[{RI}])))",
            unit="s",
        ),
        panel(
            "Circuit breaker (0 closed, 1 open, 2 half-open)",
            "watchlist_anilist_circuit_state",
            kind="stat",
        ),
        panel(
            "Cache hit ratio",
            f'sum by (cache) (rate(watchlist_cache_lookups_total{{result="hit"}}[{RI}])) / sum by (cache) (rate(watchlist_cache_lookups_total[{RI}])) or vector(0)',
            unit="percentunit",
            legend="{{cache}}",
        ),
    ],
    "search": [
        row("Nyaa and picks"),
        panel(
            "Picks made and not found (FindReleases)",
            f'sum by (grpc_code) (rate(grpc_server_handled_total{{job="search",grpc_method="FindReleases"}}[{RI}])) or vector(0)',
            unit="reqps",
            legend="{{grpc_code}}",
        ),
        panel(
            "Free-text searches",
            f'sum(rate(grpc_server_handled_total{{job="search",grpc_method="Search"}}[{RI}])) or vector(0)',
            unit="reqps",
        ),
        panel(
            "Nyaa rate limited (RESOURCE_EXHAUSTED) and failing (UNKNOWN)",
            f'sum by (grpc_code) (rate(grpc_server_handled_total{{job="search",grpc_code=~"RESOURCE_EXHAUSTED|UNKNOWN|DEADLINE_EXCEEDED"}}[{RI}])) or vector(0)',
            unit="reqps",
            legend="{{grpc_code}}",
        ),
        panel(
            "p95 search latency",
            f'histogram_quantile(0.95, sum by (le, grpc_method) (rate(grpc_server_handling_seconds_bucket{{job="search",grpc_method=~"FindReleases|Search"}}[{RI}])))',
            unit="s",
            legend="{{grpc_method}}",
        ),
    ],
    "torrent": [
        row("qBittorrent"),
        panel("Torrents by state", "sum by (state) (uuut_torrents)", legend="{{state}}"),
        panel(
            "qBittorrent calls by endpoint and outcome",
            f"sum by (endpoint, outcome) (rate(uuut_qbittorrent_requests_total[{RI}]))",
            unit="reqps",
            legend="{{endpoint}} {{outcome}}",
        ),
        panel(
            "qBittorrent p95 latency by endpoint",
            f"histogram_quantile(0.95, sum by (le, endpoint) (rate(uuut_qbittorrent_request_seconds_bucket[{RI}])))",
            unit="s",
            legend="{{endpoint}}",
        ),
        panel(
            "Mirror running and lag",
            "uuut_torrent_mirror_running",
            "uuut_torrent_mirror_lag_seconds",
        ),
        panel(
            "Ownerships reconciled",
            f"rate(uuut_torrent_ownerships_reconciled_total[{RI}])",
            unit="reqps",
        ),
        # The service exports no speed yet: the host's network traffic is BitTorrent's, mostly.
        panel(
            "Host network (download / upload)",
            f'sum(rate(node_network_receive_bytes_total{{device!~"lo|veth.*|docker.*|br-.*"}}[{RI}]))',
            f'sum(rate(node_network_transmit_bytes_total{{device!~"lo|veth.*|docker.*|br-.*"}}[{RI}]))',
            unit="Bps",
        ),
    ],
}

GATEWAY_PANELS = [
    row("Flows"),
    panel(
        "Download flow p95 by step (NF1: total under 20 s)",
        f"histogram_quantile(0.95, sum by (le, step) (rate(gateway_download_step_seconds_bucket[{RI}]))) or vector(0)",
        unit="s",
        legend="{{step}}",
    ),
    panel(
        "Catch-up p95",
        f"histogram_quantile(0.95, sum by (le) (rate(gateway_catch_up_seconds_bucket[{RI}])))",
        unit="s",
    ),
    panel(
        "Catch-up episodes by outcome",
        f"sum by (outcome) (rate(gateway_catch_up_episodes_total[{RI}])) or vector(0)",
        unit="ops",
        legend="{{outcome}}",
    ),
    row("REST API"),
    panel("Up", 'up{job="gateway"}', kind="stat"),
    panel(
        "Requests by route",
        f"sum by (handler) (rate(http_requests_total[{RI}]))",
        unit="reqps",
        legend="{{handler}}",
    ),
    panel(
        "Requests by status",
        f"sum by (status) (rate(http_requests_total[{RI}]))",
        unit="reqps",
        legend="{{status}}",
    ),
    panel(
        "5xx ratio",
        f'sum(rate(http_requests_total{{status=~"5.."}}[{RI}])) / sum(rate(http_requests_total[{RI}])) or vector(0)',
        unit="percentunit",
    ),
    panel(
        "p95 latency by route",
        f"histogram_quantile(0.95, sum by (le, handler) (rate(http_request_duration_seconds_bucket[{RI}])))",
        unit="s",
        legend="{{handler}}",
    ),
    panel(
        "p95 latency, all routes",
        f"histogram_quantile(0.95, sum by (le) (rate(http_request_duration_seconds_bucket[{RI}])))",
        unit="s",
    ),
    panel("Resident memory", 'process_resident_memory_bytes{job="gateway"}', unit="bytes"),
    panel("CPU", f'rate(process_cpu_seconds_total{{job="gateway"}}[{RI}])', unit="percentunit"),
]

OVERVIEW_PANELS = [
    row("Stack"),
    panel(
        "Targets up",
        'up{job=~"auth|watchlist|search|torrent|gateway|node|postgres"}',
        kind="stat",
        legend="{{job}}",
    ),
    panel("Gateway requests", f"sum(rate(http_requests_total[{RI}]))", unit="reqps"),
    panel(
        "Gateway 5xx ratio (5 min)",
        "uuut:http_requests:error_ratio_rate5m or vector(0)",
        unit="percentunit",
    ),
    panel(
        "RPC error ratio by service (5 min)",
        "uuut:grpc_requests:error_ratio_rate5m or vector(0)",
        unit="percentunit",
        legend="{{job}}",
    ),
    panel(
        "Download flow p95 (NF1: 20 s)",
        f'histogram_quantile(0.95, sum by (le) (rate(gateway_download_step_seconds_bucket{{step="total"}}[{RI}]))) or vector(0)',
        unit="s",
    ),
    panel(
        "Memory by service",
        'process_resident_memory_bytes{job=~"auth|watchlist|search|torrent|gateway"}',
        unit="bytes",
        legend="{{job}}",
    ),
    row("Host"),
    panel(
        "CPU busy",
        f'1 - avg(rate(node_cpu_seconds_total{{mode="idle"}}[{RI}]))',
        unit="percentunit",
    ),
    panel("Load", "node_load1", "node_load5"),
    panel(
        "Memory used",
        "1 - node_memory_MemAvailable_bytes / node_memory_MemTotal_bytes",
        unit="percentunit",
    ),
    panel(
        "Disk used by mount",
        '1 - node_filesystem_avail_bytes{fstype!~"tmpfs|overlay|fuse.*|squashfs"} / node_filesystem_size_bytes{fstype!~"tmpfs|overlay|fuse.*|squashfs"}',
        unit="percentunit",
        legend="{{mountpoint}}",
    ),
    panel(
        "Network",
        f'sum(rate(node_network_receive_bytes_total{{device!~"lo"}}[{RI}]))',
        f'sum(rate(node_network_transmit_bytes_total{{device!~"lo"}}[{RI}]))',
        unit="Bps",
    ),
    row("Database"),
    panel("PostgreSQL up", "pg_up", kind="stat"),
    panel(
        "Connections",
        'sum(pg_stat_database_numbackends{datname="uuutorrent"})',
        "pg_settings_max_connections",
    ),
    panel("Database size", 'pg_database_size_bytes{datname="uuutorrent"}', unit="bytes"),
    panel(
        "Transactions",
        f'sum(rate(pg_stat_database_xact_commit{{datname="uuutorrent"}}[{RI}]))',
        f'sum(rate(pg_stat_database_xact_rollback{{datname="uuutorrent"}}[{RI}]))',
        unit="ops",
    ),
    row("Backups (NF3)"),
    panel(
        "Age of the last good backup",
        "time() - uuut_backup_last_success_timestamp_seconds",
        unit="s",
        kind="stat",
    ),
    panel("Last backup size", "uuut_backup_last_size_bytes", unit="bytes", kind="stat"),
]


def dashboard(uid: str, title: str, panels: list[dict]) -> dict:
    laid_out, y, x = [], 0, 0
    for i, p in enumerate(panels, start=1):
        p = {**p, "id": i}
        if p["type"] == "row":
            y, x = y + (8 if x else 0), 0
            p["gridPos"] = {"h": 1, "w": 24, "x": 0, "y": y}
            y += 1
        else:
            p["gridPos"] = {"h": 8, "w": 8, "x": x, "y": y}
            x += 8
            if x == 24:
                x, y = 0, y + 8
        laid_out.append(p)
    return {
        "uid": uid,
        "title": title,
        "tags": ["uuutorrent"],
        "timezone": "utc",
        "schemaVersion": 39,
        "version": 1,
        "refresh": "30s",
        "time": {"from": "now-3h", "to": "now"},
        "panels": laid_out,
    }


def main() -> None:
    OUT.mkdir(exist_ok=True)
    boards = {
        "overview": dashboard("uuut-overview", "UUUTorrent overview", OVERVIEW_PANELS),
        "gateway": dashboard("uuut-gateway", "UUUTorrent gateway", GATEWAY_PANELS),
    }
    for service, own in SERVICE_PANELS.items():
        boards[service] = dashboard(
            f"uuut-{service}", f"UUUTorrent {service}", grpc_panels(service) + own
        )
    for name, board in boards.items():
        (OUT / f"{name}.json").write_text(json.dumps(board, indent=2) + "\n")


if __name__ == "__main__":
    main()
