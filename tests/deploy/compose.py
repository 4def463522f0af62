"""The Compose stack that `make compose-test` (compose-test.sh) started, for the tests here."""

from __future__ import annotations

import os
import shlex
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
COMPOSE_FILES = ("deploy/compose/docker-compose.yml", "deploy/compose/docker-compose.test.yml")

needs_compose_stack = pytest.mark.skipif(
    not (os.environ.get("UUUT_CONTRACT_GATEWAY_URL") and os.environ.get("COMPOSE_PROJECT_NAME")),
    reason="needs the Compose stack: make compose-test",
)


def compose_command() -> list[str]:
    files = [arg for f in COMPOSE_FILES for arg in ("-f", str(ROOT / f))]
    return [*shlex.split(os.environ.get("UUUT_COMPOSE", "docker-compose")), *files]


def compose(*args: str, timeout: float = 300) -> str:
    """Runs a Compose command on the test stack; its stdout (raises on failure)."""
    done = subprocess.run(
        [*compose_command(), *args], capture_output=True, text=True, timeout=timeout, cwd=ROOT
    )
    assert done.returncode == 0, f"compose {' '.join(args)}: {done.stderr[-2000:]}"
    return done.stdout


def container_id(service: str) -> str:
    return compose("ps", "-q", service).strip()


def inspect(container: str, template: str) -> str:
    return subprocess.run(
        ["docker", "inspect", "-f", template, container],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
