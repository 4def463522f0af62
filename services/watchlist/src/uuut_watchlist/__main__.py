"""`python -m uuut_watchlist`: run the watchlist service until SIGTERM."""

from __future__ import annotations

from uuut_kit import lean


def main() -> None:
    # Before the service's modules: what they import decides the process's memory.
    # `cryptography` is left out too: AniList tokens are sealed with PyNaCl, and re-sealing those
    # of older AES-256-GCM keys is the job of a child process (vault_upgrade).
    lean.skip_unused_imports()
    from uuut_kit.server import run_service
    from uuut_watchlist.config import SERVICE, WatchlistSettings
    from uuut_watchlist.server import build

    settings = WatchlistSettings()
    run_service(SERVICE, settings, lambda: build(settings))


if __name__ == "__main__":
    main()
