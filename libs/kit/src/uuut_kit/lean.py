"""Keep a long-running process's memory to what it uses (issue 10: idle RSS of the stack).

Two calls, both made by each process's `__main__`, never on import (the CLI, the TUI and the
tests import the kit too and keep every module they want):

- `skip_unused_imports()` first, before anything heavy is imported: optional imports that
  libraries make only for features a server never uses are turned into ImportError, which those
  libraries handle by leaving the feature out. About 4-20 MB a process.
- `settle()` once started: the start-up garbage is collected, the survivors are frozen out of
  the collector's reach, and the allocator gives its free pages back to the system.

This module imports nothing beyond the standard library, so calling it first costs nothing.
"""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Collection

# module → why a server process can do without it.
_UNUSED = {
    # httpx's command-line client (`httpx URL`): importing httpx loads it, and with it click,
    # rich and pygments, whenever they are installed. httpx falls back to a stub `main`.
    "httpx._main": "httpx's CLI",
    # structlog loads rich, when installed, for its console renderer's pretty tracebacks and its
    # dict tracebacks; JSON logs (the default) format exceptions with the standard library.
    # Kept when UUUT_LOG_FORMAT=console, so console logs look exactly as before.
    "rich": "structlog's console tracebacks",
    # uvicorn's --reload watcher (the gateway's server imports it with its supervisors, and
    # falls back to a stat-polling watcher it never starts either).
    "watchfiles": "uvicorn's reload",
    # structlog's deprecated thread-local context looks for greenlets (SQLAlchemy's asyncio
    # dependency, used only by the migration child); our context is bound with contextvars.
    "greenlet": "structlog's greenlet-local context",
    # pydantic's copy of its 1.x API: FastAPI imports it only to refuse 1.x models, and takes
    # an ImportError as "no such model". About 1.5 MB in the gateway.
    "pydantic.v1": "FastAPI's check for pydantic 1.x models",
    # pyjwt loads it for the algorithms it offers with it (RSA, EC, its own EdDSA); tokens are
    # checked with PyNaCl (uuut_kit.ed25519), and the auth service signs them with PyNaCl too.
    # About 10 MB. Only the short start-up children that re-seal secrets sealed with AES-256-GCM
    # before (auth's TOTP seeds, the watchlist's AniList tokens) load it.
    "cryptography": "pyjwt's algorithms beyond the one tokens use",
}


def skip_unused_imports(
    environ: dict[str, str] | None = None, *, keep: Collection[str] = ()
) -> None:
    """Make the modules in `_UNUSED` unimportable in this process (unless already imported),
    except those the process names in `keep` because it uses them itself."""
    environ = dict(os.environ) if environ is None else environ
    kept = set(keep)
    if environ.get("UUUT_LOG_FORMAT", "json").strip().lower() == "console":
        kept.add("rich")
    for module in _UNUSED:
        if module in kept:
            continue
        # None in sys.modules makes `import module` raise ImportError (the import system's
        # documented way to block a module).
        sys.modules.setdefault(module, None)  # type: ignore[arg-type]


def settle() -> None:
    """After start-up: free start-up garbage and hand free heap pages back to the system."""
    gc.collect()
    # What start-up built lives as long as the process: keep the collector from walking it
    # again on every full collection (and from touching its pages).
    gc.freeze()
    _malloc_trim()


def _malloc_trim() -> None:
    """glibc keeps freed heap memory for reuse; malloc_trim(0) returns what it can (a few MB
    after start-up: imports and pydantic schemas allocate and free a lot).
    A no-op where the C library is not glibc."""
    import ctypes

    try:
        trim = ctypes.CDLL(None).malloc_trim  # the C library the interpreter is linked with
    except (OSError, AttributeError):
        return
    trim.argtypes = [ctypes.c_size_t]
    trim(0)
