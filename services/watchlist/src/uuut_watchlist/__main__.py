"""`python -m uuut_watchlist`: run the watchlist service until SIGTERM."""

from __future__ import annotations

from uuut_kit.server import run_service
from uuut_watchlist.config import SERVICE, WatchlistSettings
from uuut_watchlist.server import build


def main() -> None:
    settings = WatchlistSettings()
    run_service(SERVICE, settings, lambda: build(settings))


if __name__ == "__main__":
    main()
