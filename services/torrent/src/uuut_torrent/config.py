"""The torrent service's settings."""

from __future__ import annotations

import getpass
import socket

from pydantic import Field, SecretStr

from uuut_kit.settings import ServiceSettings

SERVICE = "torrent"
CATEGORY = "uuutorrent"


def _user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no passwd entry for the uid, as in some containers
        return "user"


class TorrentSettings(ServiceSettings):
    grpc_port: int = 50054
    ops_port: int = 50064

    qbittorrent_url: str = "http://127.0.0.1:50070"
    qbittorrent_username: str = "admin"
    qbittorrent_password: SecretStr = SecretStr("adminadmin")
    qbittorrent_timeout_s: float = Field(default=10.0, gt=0)

    # .torrent links on this host are trusted whatever its address (the sandbox's Nyaa is local).
    nyaa_url: str = "https://nyaa.si"
    torrent_file_max_bytes: int = 10 * 1024 * 1024
    torrent_file_timeout_s: float = Field(default=15.0, gt=0)

    public_host: str = Field(default_factory=socket.gethostname)
    ssh_user: str = Field(default_factory=_user)
    host_downloads_dir: str | None = Field(
        default=None, description="the host's path of qBittorrent's download dir (containers)"
    )

    mirror_poll_s: float = Field(default=1.0, gt=0)
    mirror_idle_s: float = Field(default=60.0, gt=0)
    reconcile_interval_s: float = Field(default=600.0, gt=0)
