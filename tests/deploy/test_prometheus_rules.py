"""promtool on deploy/prometheus: the configuration and rules load, and the alerts fire as meant.

Runs in `make test` when Debian's `prometheus` package (promtool) is installed; `make
compose-test` installs it.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PROMTOOL = shutil.which("promtool")
pytestmark = pytest.mark.skipif(PROMTOOL is None, reason="promtool: apt-get install prometheus")


def promtool(*args: str) -> str:
    assert PROMTOOL is not None
    done = subprocess.run([PROMTOOL, *args], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def test_the_configuration_is_valid() -> None:
    promtool("check", "config", "--syntax-only", "deploy/prometheus/prometheus.yml")


def test_the_rules_are_valid() -> None:
    rules = sorted(
        str(p.relative_to(ROOT)) for p in (ROOT / "deploy/prometheus/rules").glob("*.yml")
    )
    assert rules
    promtool("check", "rules", *rules)


def test_the_alerts_fire_when_they_should() -> None:
    promtool("test", "rules", "tests/deploy/rules_test.yml")


def test_every_service_is_scraped() -> None:
    config = (ROOT / "deploy/prometheus/prometheus.yml").read_text()
    for target in (
        "auth:50061",
        "watchlist:50062",
        "search:50063",
        "torrent:50064",
        "gateway:8000",
        "node-exporter:9100",
        "postgres-exporter:9187",
    ):
        assert target in config
