"""`python -m uuut_torrent`: run the torrent service until SIGTERM."""

from __future__ import annotations

from uuut_kit import lean


def main() -> None:
    # Before the service's modules: what they import decides the process's memory.
    lean.skip_unused_imports()
    from uuut_kit.server import run_service
    from uuut_torrent.config import SERVICE, TorrentSettings
    from uuut_torrent.server import build

    settings = TorrentSettings()
    run_service(SERVICE, settings, lambda: build(settings))


if __name__ == "__main__":
    main()
