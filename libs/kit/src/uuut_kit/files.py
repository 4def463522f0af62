"""Files that hold secrets, or that a reader must never see half written.

Each is written whole under a temporary name in the same directory, synced, then put in
place by a rename (or a link, to create it only once) and the directory synced: a reader sees
the old file or the new one, a crash leaves one of them, and the secret is never readable by
anyone else, not even for the moment between creating the file and narrowing its mode.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path


def write_atomically(
    path: Path, data: bytes | str, *, mode: int = 0o600, overwrite: bool = True
) -> bool:
    """Write `data` to `path`, all or nothing and durably, with `mode` (owner only by default).

    With `overwrite=False` the file is only created: when `path` exists already (another
    process made it first) nothing changes and the answer is False.
    """
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    try:
        with os.fdopen(descriptor, "wb") as file:
            file.write(data.encode() if isinstance(data, str) else data)
            file.flush()
            os.fsync(file.fileno())
        os.chmod(temporary, mode)  # the umask may have narrowed a public file's mode
        if overwrite:
            os.replace(temporary, path)
        else:
            try:
                os.link(temporary, path)  # fails, rather than replaces, when `path` exists
            except FileExistsError:
                return False
            finally:
                temporary.unlink()
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    sync_directory(path.parent)
    return True


def private_directory(path: Path) -> Path:
    """`path` as a directory only its owner can enter: made with 0700, or narrowed to it."""
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.chmod(path, 0o700)
    return path


def sync_directory(directory: Path) -> None:
    """Make a rename or link in `directory` durable (the entry, not only the file's data)."""
    descriptor = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
