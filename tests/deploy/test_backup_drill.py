"""The backup drill (seed NF3: RPO 24 h, RTO 1 h): back up, destroy, restore, verify.

Destroys the database and key volumes of the Compose test stack, so `make compose-test` runs it
last. Skipped without the Compose stack.
"""

from __future__ import annotations

import os
import secrets
import shutil
import subprocess
import time
from pathlib import Path

import httpx

from .compose import ROOT, compose, compose_command, needs_compose_stack

pytestmark = needs_compose_stack
RTO_S = 3600


def gateway_url() -> str:
    return os.environ["UUUT_CONTRACT_GATEWAY_URL"]


def wait_ready(timeout_s: float = 180) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{gateway_url()}/ready", timeout=3).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(1)
    raise AssertionError("the gateway is not ready after the restore")


def test_backup_destroy_restore_verify() -> None:
    http = httpx.Client(base_url=gateway_url(), timeout=30)
    admin = http.post(
        "/api/v1/auth/token",
        data={
            "username": os.environ["UUUT_CONTRACT_ADMIN_USERNAME"],
            "password": os.environ["UUUT_CONTRACT_ADMIN_PASSWORD"],
        },
    ).json()["access_token"]
    username, password = f"drill-{secrets.token_hex(4)}", f"drill {secrets.token_hex(8)}"
    created = http.post(
        "/api/v1/admin/users",
        json={"username": username, "password": password, "role": "user"},
        headers={"Authorization": f"Bearer {admin}"},
    )
    assert created.status_code == 201, created.text
    token = http.post("/api/v1/auth/token", data={"username": username, "password": password})
    access_token = token.json()["access_token"]

    # Back up now, as the daily job does.
    out = compose("exec", "-T", "backup", "uuut-backup")
    assert "uuut-backup: /backups/" in out, out
    metrics = compose("exec", "-T", "backup", "cat", "/metrics/uuut_backup.prom")
    assert "uuut_backup_last_run_success 1" in metrics

    # Destroy: the database and every key, as a lost disk would (the backups volume survives).
    project = os.environ["COMPOSE_PROJECT_NAME"]
    compose("down")
    for volume in ("pg-data", "watchlist-data", "keys"):
        subprocess.run(["docker", "volume", "rm", "-f", f"{project}_{volume}"], check=True)
    data = Path(os.environ["UUUT_CONTRACT_DATA_DIR"])
    for held in (data / "auth", data / "keys"):
        for child in held.iterdir():
            shutil.rmtree(child) if child.is_dir() else child.unlink()

    # Restore with the operator's script, and time it against the RTO.
    started = time.monotonic()
    subprocess.run(
        [str(ROOT / "deploy/compose/restore.sh"), "latest"],
        env={**os.environ, "UUUT_COMPOSE_CMD": " ".join(compose_command())},
        check=True,
        timeout=RTO_S,
    )
    wait_ready()
    took = time.monotonic() - started
    assert took < RTO_S

    # Verify: the account, its login and the token signed before the disaster all still work.
    me = http.get("/api/v1/users/me", headers={"Authorization": f"Bearer {access_token}"})
    assert me.status_code == 200, me.text
    assert me.json()["username"] == username
    again = http.post("/api/v1/auth/token", data={"username": username, "password": password})
    assert again.status_code == 200, again.text
    print(f"restored and ready in {took:.0f}s (RTO {RTO_S}s)")
