"""Generated database passwords: made once, owner-only, and the same on every later start."""

from __future__ import annotations

import stat
from pathlib import Path

from uuut_stack.credentials import read_or_create_secret


def test_a_secret_is_made_once_for_its_owner_only(tmp_path: Path) -> None:
    path = tmp_path / "secrets" / "auth.password"
    made = read_or_create_secret(path)
    assert len(made) >= 40  # 32 random bytes, URL-safe
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert read_or_create_secret(path) == made


def test_an_empty_file_gets_a_secret(tmp_path: Path) -> None:
    path = tmp_path / "auth.password"
    path.write_text("\n")
    made = read_or_create_secret(path)
    assert made
    assert path.read_text() == made + "\n"
