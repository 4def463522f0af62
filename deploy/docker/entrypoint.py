#!/opt/venv/bin/python
"""Container entrypoint of the Python images: secrets from files, then exec the command.

Compose passes secrets as files (/run/secrets/...), the services read `UUUT_*` variables:
- `UUUT_<NAME>_FILE=/path` sets `UUUT_<NAME>` to that file's content (trailing newline cut);
- `UUUT_SERVICE_DATABASE_PASSWORD` (usually from its _FILE) goes into
  `UUUT_SERVICE_DATABASE_URL` when that URL carries no password.
Nothing is printed: the values are secrets.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit


def _from_files(env: dict[str, str]) -> None:
    for name, path in list(env.items()):
        if name.startswith("UUUT_") and name.endswith("_FILE") and path:
            env[name.removesuffix("_FILE")] = Path(path).read_text().rstrip("\r\n")
            del env[name]


def _database_url(env: dict[str, str]) -> None:
    password = env.pop("UUUT_SERVICE_DATABASE_PASSWORD", None)
    url = env.get("UUUT_SERVICE_DATABASE_URL")
    if not password or not url:
        return
    parts = urlsplit(url)
    if parts.password is not None or not parts.username:
        return
    host = parts.netloc.rsplit("@", 1)[-1]
    netloc = f"{parts.username}:{quote(password, safe='')}@{host}"
    env["UUUT_SERVICE_DATABASE_URL"] = urlunsplit(parts._replace(netloc=netloc))


def main() -> None:
    if len(sys.argv) < 2:
        sys.exit("usage: entrypoint COMMAND [ARG...]")
    env = dict(os.environ)
    _from_files(env)
    _database_url(env)
    os.execvpe(sys.argv[1], sys.argv[1:], env)  # noqa: S606 - exec the given command


if __name__ == "__main__":
    main()
