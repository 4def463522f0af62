"""Generated secrets kept on disk, and URLs made safe to log."""

from __future__ import annotations

import re
import secrets
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from uuut_kit.files import private_directory, write_atomically

# libpq also accepts the password as a query parameter (`?password=...`).
_QUERY_PASSWORD = re.compile(r"(?i)(^|&)(password=)[^&]*")


def read_or_create_secret(path: Path) -> str:
    """The secret stored in `path`, generating it (mode 0600) the first time."""
    if path.exists():
        value = path.read_text().strip()
        if value:
            return value
    private_directory(path.parent)
    value = secrets.token_urlsafe(32)
    # Only an empty file is written over; otherwise a process that started at the same time
    # and wrote first wins, and both use its secret.
    if not write_atomically(path, value + "\n", overwrite=path.exists()):
        return path.read_text().strip()
    return value


def redact_url(url: str) -> str:
    """`url` with its password replaced by `***`, for logs and error messages."""
    parts = urlsplit(url)
    netloc = parts.netloc
    if parts.password is not None:
        userinfo, host = netloc.rsplit("@", 1)
        netloc = f"{userinfo.split(':', 1)[0]}:***@{host}"
    query = _QUERY_PASSWORD.sub(r"\1\2***", parts.query)
    return urlunsplit(parts._replace(netloc=netloc, query=query))
