"""Real BitTorrent v1 metainfo (.torrent) files for the fake Nyaa's releases.

The content a torrent describes is one zero-filled file: the piece hashes cost one SHA-1 per
piece size, and a seeder serves it from a sparse file that takes no disk (seeding.py).
"""

from __future__ import annotations

import hashlib
from functools import lru_cache

_MIN_PIECE = 256 * 1024
_MAX_PIECES = 1500


def bencode(value: object) -> bytes:
    """Bencoding (BEP 3): dict keys sorted as raw bytes."""
    if isinstance(value, bool):
        raise TypeError("bencode has no booleans")
    if isinstance(value, int):
        return b"i%de" % value
    if isinstance(value, str):
        value = value.encode("utf-8")
    if isinstance(value, bytes):
        return b"%d:%s" % (len(value), value)
    if isinstance(value, list | tuple):
        return b"l" + b"".join(bencode(v) for v in value) + b"e"
    if isinstance(value, dict):
        items = sorted((k.encode() if isinstance(k, str) else k, v) for k, v in value.items())
        return b"d" + b"".join(bencode(k) + bencode(v) for k, v in items) + b"e"
    raise TypeError(f"cannot bencode {type(value).__name__}")


def piece_length(size: int) -> int:
    length = _MIN_PIECE
    while size / length > _MAX_PIECES:
        length *= 2
    return length


@lru_cache(maxsize=64)
def _zero_piece_hash(length: int) -> bytes:
    return hashlib.sha1(bytes(length)).digest()  # noqa: S324 (SHA-1 is what BEP 3 uses)


def info_dict(name: str, size: int) -> dict[str, object]:
    """The `info` dictionary of a single zero-filled file of `size` bytes."""
    length = piece_length(size)
    full, rest = divmod(size, length)
    pieces = _zero_piece_hash(length) * full + (_zero_piece_hash(rest) if rest else b"")
    return {"length": size, "name": name, "piece length": length, "pieces": pieces}


def info_hash(name: str, size: int) -> str:
    """The v1 info hash (40 lowercase hex) of that file's torrent."""
    return hashlib.sha1(bencode(info_dict(name, size))).hexdigest()  # noqa: S324


def torrent_file(name: str, size: int, trackers: tuple[str, ...], created: int) -> bytes:
    """The whole .torrent file."""
    meta: dict[str, object] = {
        "created by": "uuutorrent-sandbox",
        "creation date": created,
        "info": info_dict(name, size),
    }
    if trackers:
        meta["announce"] = trackers[0]
        meta["announce-list"] = [[t] for t in trackers]
    return bencode(meta)
