"""TUI tests: each module that needs the server starts one real stack and shares it."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def config_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh config dir per test: no saved login, no saved servers."""
    directory = tmp_path / "config"
    monkeypatch.setenv("UUUT_TUI_CONFIG_DIR", str(directory))
    monkeypatch.delenv("UUUT_GATEWAY_URL", raising=False)
    return directory
