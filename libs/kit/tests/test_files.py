"""Secret files: written whole, owner-only, created once when asked, never left half done."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from uuut_kit.files import private_directory, write_atomically


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_secret_is_written_for_its_owner_only(tmp_path: Path) -> None:
    secret = tmp_path / "key"
    assert write_atomically(secret, b"\x00\x01secret")
    assert secret.read_bytes() == b"\x00\x01secret"
    assert _mode(secret) == 0o600
    assert os.listdir(tmp_path) == ["key"]  # no temporary file left beside it


def test_a_public_file_keeps_its_mode_whatever_the_umask(tmp_path: Path) -> None:
    published = tmp_path / "jwks.json"
    previous = os.umask(0o077)
    try:
        write_atomically(published, '{"keys": []}', mode=0o644)
    finally:
        os.umask(previous)
    assert _mode(published) == 0o644
    assert published.read_text() == '{"keys": []}'


def test_overwriting_replaces_the_whole_file(tmp_path: Path) -> None:
    ring = tmp_path / "ring.json"
    write_atomically(ring, "a much longer first version")
    write_atomically(ring, "second")
    assert ring.read_text() == "second"


def test_creating_only_keeps_what_another_process_made_first(tmp_path: Path) -> None:
    key = tmp_path / "key"
    assert write_atomically(key, b"first", overwrite=False)
    assert not write_atomically(key, b"second", overwrite=False)
    assert key.read_bytes() == b"first"
    assert os.listdir(tmp_path) == ["key"]


def test_a_failed_write_leaves_the_old_file_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ring = tmp_path / "ring.json"
    write_atomically(ring, "old")

    def full_disk(descriptor: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)
    with pytest.raises(OSError, match="No space left"):
        write_atomically(ring, "new")
    assert ring.read_text() == "old"
    assert os.listdir(tmp_path) == ["ring.json"]


def test_a_private_directory_is_narrowed_to_its_owner(tmp_path: Path) -> None:
    made = private_directory(tmp_path / "a" / "keys")
    assert _mode(made) == 0o700
    wide = tmp_path / "wide"
    wide.mkdir(mode=0o755)
    assert _mode(private_directory(wide)) == 0o700
