"""`uuutorrent-tui [--server URL | --profile NAME]`: the terminal client of a UUUTorrent server."""

from __future__ import annotations

import argparse
import sys

from uuut_tui.config import Profiles, choose_server


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="uuutorrent-tui",
        description="Your AniList watchlist, downloaded to your own UUUTorrent server.",
    )
    parser.add_argument(
        "--server",
        help="the gateway URL (default: UUUT_GATEWAY_URL, the last server used, "
        "or http://127.0.0.1:8000)",
    )
    parser.add_argument("--profile", help="a saved server, by name (see the Servers dialog)")
    parser.add_argument(
        "--list-profiles", action="store_true", help="print the saved servers and exit"
    )
    options = parser.parse_args(argv)
    profiles = Profiles.load()
    if options.list_profiles:
        for name, url in sorted(profiles.servers.items()):
            print(f"{'*' if name == profiles.current else ' '} {name}\t{url}")
        return
    if options.profile and options.profile not in profiles.servers:
        sys.exit(f"uuutorrent-tui: no saved server named {options.profile!r}")

    from uuut_tui.app import UUUTorrentApp  # Textual loads only when the app runs

    UUUTorrentApp(choose_server(options.server, options.profile, profiles), profiles).run()


if __name__ == "__main__":
    main()
