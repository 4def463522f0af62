"""The running service does without SQLAlchemy (about 20 MB resident): only the child process
that migrates at start loads it."""

from __future__ import annotations

import subprocess
import sys

# What `python -m uuut_torrent` imports, in a fresh interpreter; then what of the schema's
# SQLAlchemy description came with it.
_PROBE = """
import sys
import uuut_kit.server, uuut_torrent.__main__, uuut_torrent.server
print(sorted(
    name for name in sys.modules
    if name.partition(".")[0] in ("sqlalchemy", "alembic") or name == "uuut_torrent.models"
))
"""


def test_the_service_imports_no_sqlalchemy() -> None:
    probe = subprocess.run(
        [sys.executable, "-c", _PROBE], capture_output=True, text=True, check=True, timeout=60
    )
    assert probe.stdout.strip() == "[]"
