"""A local qbittorrent-nox with its own profile, WebUI on loopback, our credentials."""

from __future__ import annotations

import base64
import configparser
import hashlib
import io
import os
import re
import shutil
import signal
from dataclasses import dataclass
from pathlib import Path

import httpx

from uuut_kit.files import write_atomically
from uuut_stack.errors import StackError
from uuut_stack.process import ChildSpec

_PBKDF2_ITERATIONS = 100_000  # what qBittorrent itself uses for WebUI\Password_PBKDF2
_QT_PLAIN_VALUE = re.compile(r"[A-Za-z0-9_./@+-]*")


@dataclass(frozen=True)
class QbittorrentCredentials:
    username: str = "admin"
    password: str = "adminadmin"  # noqa: S105 - qBittorrent's default, documented in API.md


def webui_password_hash(password: str, salt: bytes | None = None) -> str:
    """`@ByteArray(<salt>:<key>)`: PBKDF2-HMAC-SHA512, the form qBittorrent stores."""
    salt = os.urandom(16) if salt is None else salt
    key = hashlib.pbkdf2_hmac("sha512", password.encode(), salt, _PBKDF2_ITERATIONS, dklen=64)
    return f"@ByteArray({base64.b64encode(salt).decode()}:{base64.b64encode(key).decode()})"


async def qbittorrent_login(url: str, credentials: QbittorrentCredentials) -> str:
    """The WebUI's answer to a login: `Ok.` or `Fails.` (raises httpx.HTTPError if down)."""
    async with httpx.AsyncClient(base_url=url, timeout=3) as client:
        response = await client.post(
            "/api/v2/auth/login",
            data={"username": credentials.username, "password": credentials.password},
        )
    return response.text.strip()


class LocalQbittorrent:
    """qbittorrent-nox with its profile in `<data_dir>/qbittorrent`, WebUI on 127.0.0.1:`port`."""

    def __init__(self, data_dir: Path, port: int, credentials: QbittorrentCredentials) -> None:
        self.data_dir = data_dir.resolve()
        self.port = port
        self.credentials = credentials
        self.profile_dir = self.data_dir / "qbittorrent"
        self.config_path = self.profile_dir / "qBittorrent" / "config" / "qBittorrent.conf"
        self.downloads_dir = self.data_dir / "downloads"
        self.log_path = self.data_dir / "logs" / "qbittorrent.log"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def prepare(self) -> None:
        """Find the binary and write the settings we own (the rest of the file is kept)."""
        if shutil.which("qbittorrent-nox") is None:
            raise StackError(
                "qbittorrent-nox is not installed: install it (apt-get install qbittorrent-nox)"
                " or set UUUT_QBITTORRENT_URL to an existing qBittorrent WebUI"
            )
        self.downloads_dir.mkdir(parents=True, exist_ok=True)
        self.config_path.parent.mkdir(parents=True, exist_ok=True)
        config = _read_qt_ini(self.config_path)
        for section, values in self._owned_settings().items():
            if not config.has_section(section):
                config.add_section(section)
            for key, value in values.items():
                config.set(section, key, value)
        text = io.StringIO()
        config.write(text, space_around_delimiters=False)
        write_atomically(self.config_path, text.getvalue())  # 0600: it holds the password hash

    def _owned_settings(self) -> dict[str, dict[str, str]]:
        return {
            # Otherwise qbittorrent-nox waits for someone to accept it on the terminal.
            "LegalNotice": {"Accepted": "true"},
            "Preferences": {
                "WebUI\\Enabled": "true",
                "WebUI\\Address": "127.0.0.1",
                "WebUI\\Port": str(self.port),
                "WebUI\\Username": _qt_value(self.credentials.username),
                "WebUI\\Password_PBKDF2": _qt_value(webui_password_hash(self.credentials.password)),
                "WebUI\\LocalHostAuth": "true",  # the torrent service logs in like anyone else
                "WebUI\\UseUPnP": "false",
                "WebUI\\CSRFProtection": "true",
                "WebUI\\HostHeaderValidation": "true",
                "General\\Locale": "en",
            },
            "BitTorrent": {
                "Session\\DefaultSavePath": _qt_value(str(self.downloads_dir)),
                "Session\\TempPathEnabled": "false",
            },
            # No router port mappings from a machine that may sit on someone else's network.
            "Network": {"PortForwardingEnabled": "false"},
        }

    def child_spec(self) -> ChildSpec:
        """How the supervisor runs qbittorrent-nox in the foreground (after `prepare`)."""
        binary = shutil.which("qbittorrent-nox") or "qbittorrent-nox"
        return ChildSpec(
            name="qbittorrent",
            argv=[binary, f"--profile={self.profile_dir}", f"--webui-port={self.port}"],
            # A small environment of its own: the parent's holds other components' secrets.
            env={
                "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
                "HOME": str(self.profile_dir),
                "LC_ALL": "C.UTF-8",  # Qt insists on a UTF-8 locale
            },
            log_path=self.log_path,
            ready=self.accepts_login,
            stop_signal=signal.SIGTERM,
            stop_grace_s=2.5,
            cwd=self.profile_dir,
        )

    async def accepts_login(self) -> bool:
        """True once the WebUI accepts our credentials."""
        try:
            answer = await qbittorrent_login(self.url, self.credentials)
        except httpx.HTTPError:
            return False
        if answer == "Fails.":
            raise StackError(f"qBittorrent on {self.url} rejects the configured credentials")
        return answer == "Ok."


def _read_qt_ini(path: Path) -> configparser.RawConfigParser:
    # Qt's INI: case-sensitive keys with backslashes, `=` only, values kept verbatim.
    config = configparser.RawConfigParser(delimiters=("=",), strict=False, comment_prefixes=(";",))
    config.optionxform = str  # type: ignore[assignment,method-assign]
    if path.exists():
        config.read(path, encoding="utf-8")
    return config


def _qt_value(value: str) -> str:
    """A QSettings INI value: quoted, with `\\` and `"` escaped, unless plainly safe."""
    if _QT_PLAIN_VALUE.fullmatch(value):
        return value
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
