#!/opt/venv/bin/python
"""Docker HEALTHCHECK of the Python images: GET $UUUT_HEALTHCHECK_URL must answer 200.

`{ops_port}` and `{gateway_port}` in the URL are the container's UUUT_OPS_PORT and
UUUT_GATEWAY_PORT, so a changed port needs no new image.
"""

from __future__ import annotations

import os
import sys
import urllib.request

url = os.environ.get("UUUT_HEALTHCHECK_URL", "http://127.0.0.1:{ops_port}/ready").format(
    ops_port=os.environ.get("UUUT_OPS_PORT", ""),
    gateway_port=os.environ.get("UUUT_GATEWAY_PORT", "8000"),
)
try:
    with urllib.request.urlopen(url, timeout=3) as reply:  # noqa: S310 - a fixed local URL
        sys.exit(0 if reply.status == 200 else 1)
except OSError as exc:
    print(f"{url}: {exc}", file=sys.stderr)
    sys.exit(1)
