"""Generated secrets kept on disk, and URLs made safe to log."""

from __future__ import annotations

import os
import re
import secrets
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

# libpq also accepts the password as a query parameter (`?password=...`).
_QUERY_PASSWORD = re.compile(r"(?i)(^|&)(password=)[^&]*")


def read_or_create_secret(path: Path) -> str:
    """The secret stored in `path`, generating it (mode 0600) the first time."""
    if path.exists():
        value = path.read_text().strip()
        if value:
            return value
    path.parent.mkdir(parents=True, exist_ok=True)
    path.parent.chmod(0o700)
    value = secrets.token_urlsafe(32)
    # O_EXCL on a temporary name, then rename: the secret is never readable by others, and a
    # crash halfway leaves the old file (or none) rather than an empty one.
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(value + "\n")
    tmp.replace(path)
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
