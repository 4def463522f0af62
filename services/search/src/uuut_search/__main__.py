"""`python -m uuut_search`: run the search service until SIGTERM."""

from __future__ import annotations

from uuut_kit.server import run_service
from uuut_search.config import SERVICE, SearchSettings
from uuut_search.server import build


def main() -> None:
    settings = SearchSettings()
    run_service(SERVICE, settings, lambda: build(settings))


if __name__ == "__main__":
    main()
