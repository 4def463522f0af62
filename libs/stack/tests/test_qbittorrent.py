"""The local qBittorrent: our profile and settings, our credentials, nothing else."""

from __future__ import annotations

import shutil
import stat
from collections.abc import Callable, Iterable
from pathlib import Path

import httpx
import pytest

from uuut_stack.process import Child
from uuut_stack.qbittorrent import (
    LocalQbittorrent,
    QbittorrentCredentials,
    qbittorrent_login,
    webui_password_hash,
)

pytestmark = pytest.mark.skipif(
    shutil.which("qbittorrent-nox") is None, reason="qbittorrent-nox is not installed"
)


async def test_starts_with_the_profile_and_checks_credentials(
    tmp_path: Path,
    free_port: Callable[[], int],
    gone: Callable[[Iterable[int], float], list[int]],
) -> None:
    credentials = QbittorrentCredentials("uuut", "a long password")
    local = LocalQbittorrent(tmp_path / "var", free_port(), credentials)
    local.prepare()
    config = local.config_path.read_text()
    assert "[LegalNotice]\nAccepted=true" in config
    assert "a long password" not in config
    assert stat.S_IMODE(local.config_path.stat().st_mode) == 0o600

    child = Child(local.child_spec())
    child.spawn()
    try:
        await child.wait_ready(30)
        assert await qbittorrent_login(local.url, credentials) == "Ok."
        wrong = QbittorrentCredentials("uuut", "not the password")
        assert await qbittorrent_login(local.url, wrong) == "Fails."

        async with httpx.AsyncClient(base_url=local.url, timeout=5) as client:
            login = {"username": "uuut", "password": "a long password"}
            assert (await client.post("/api/v2/auth/login", data=login)).text == "Ok."
            prefs = (await client.get("/api/v2/app/preferences")).json()
        assert prefs["save_path"].rstrip("/") == str(local.downloads_dir)
        assert prefs["web_ui_address"] == "127.0.0.1"
        assert prefs["web_ui_port"] == local.port
        assert prefs["upnp"] is False
        assert prefs["web_ui_upnp"] is False
    finally:
        pid = child.pid or 0
        await child.stop()
    assert child.returncode == 0  # it exited cleanly on SIGTERM
    assert gone([pid], 5) == []


def test_settings_are_merged_into_the_existing_file(tmp_path: Path) -> None:
    local = LocalQbittorrent(tmp_path, 18080, QbittorrentCredentials())
    local.config_path.parent.mkdir(parents=True)
    local.config_path.write_text(
        "[BitTorrent]\nSession\\Port=4242\n\n[Preferences]\nWebUI\\Port=1\nGeneral\\Locale=fr\n"
    )
    local.prepare()
    config = local.config_path.read_text()
    assert "Session\\Port=4242" in config  # qBittorrent's own choices stay
    assert "WebUI\\Port=18080" in config
    assert "General\\Locale=en" in config


def test_password_hash_is_qbittorrents_format() -> None:
    salt = bytes(range(16))
    value = webui_password_hash("adminadmin", salt)
    assert value.startswith("@ByteArray(AAECAwQFBgcICQoLDA0ODw==:") and value.endswith(")")
    key = value.removesuffix(")").split(":")[1]
    assert len(key) == 88  # 64 bytes, base64
    assert value != webui_password_hash("adminadmin")  # a fresh salt each time
