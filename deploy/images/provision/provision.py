"""One-shot Compose job: one schema and one login role per service, from the owner URL.

The same code as `uuutorrent up` (uuut_stack.provision), so the two never drift:
  UUUT_DATABASE_URL             owner URL without its password (postgresql://postgres@postgres/uuutorrent)
  UUUT_DATABASE_PASSWORD_FILE   the owner's password
  /run/secrets/db-<service>     each service's password (UUUT_SECRETS_DIR to move them)
Idempotent: run at every `up`, it re-applies the grants and the passwords of the secrets.
"""

from __future__ import annotations

import asyncio
import logging
import os
import sys
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

from uuut_stack.errors import StackError
from uuut_stack.provision import provision_service_schema

SERVICES = ("auth", "watchlist", "search", "torrent")
ATTEMPTS = 30  # PostgreSQL is healthy before this starts; this covers a slow first start


def owner_url() -> str:
    url = os.environ["UUUT_DATABASE_URL"]
    password_file = os.environ.get("UUUT_DATABASE_PASSWORD_FILE")
    parts = urlsplit(url)
    if password_file and parts.password is None and parts.username:
        password = quote(Path(password_file).read_text().strip(), safe="")
        host = parts.netloc.rsplit("@", 1)[-1]
        url = urlunsplit(parts._replace(netloc=f"{parts.username}:{password}@{host}"))
    return url


async def main() -> int:
    secrets_dir = Path(os.environ.get("UUUT_SECRETS_DIR", "/run/secrets"))
    url = owner_url()
    for service in SERVICES:
        password = (secrets_dir / f"db-{service}").read_text().strip()
        for attempt in range(1, ATTEMPTS + 1):
            try:
                await provision_service_schema(url, service, password)
                break
            except StackError as error:
                if attempt == ATTEMPTS:
                    print(f"provision: {error}", file=sys.stderr)
                    return 1
                await asyncio.sleep(1)
    return 0


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    sys.exit(asyncio.run(main()))
