"""The auth service's own Prometheus metrics; labels are bounded (results), never user ids."""

from __future__ import annotations

from prometheus_client import Counter, Gauge

LOGIN_RESULTS = (
    "success",
    "bad_credentials",
    "disabled",
    "otp_required",
    "otp_invalid",
    "throttled",
)
REFRESH_RESULTS = ("success", "invalid", "reused", "expired", "revoked", "disabled")

logins = Counter("auth_logins_total", "Login attempts, by result.", ["result"])
refreshes = Counter("auth_token_refreshes_total", "Refresh-token uses, by result.", ["result"])
active_sessions = Gauge(
    "auth_active_sessions",
    "Logins neither revoked nor expired, of enabled users (updated periodically).",
)

for _result in LOGIN_RESULTS:
    logins.labels(_result)
for _result in REFRESH_RESULTS:
    refreshes.labels(_result)
