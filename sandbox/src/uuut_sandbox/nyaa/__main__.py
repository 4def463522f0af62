"""`python -m uuut_sandbox.nyaa [--port N]`: run the fake Nyaa until Ctrl-C."""

from __future__ import annotations

import argparse
import asyncio
import contextlib

from uuut_sandbox.anilist.server import serve
from uuut_sandbox.nyaa import FakeNyaa, seed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0, help="0: any free port")
    parser.add_argument("--burst", type=int, default=30, help="requests per window before 429")
    parser.add_argument("--window", type=float, default=10.0, help="seconds")
    parser.add_argument("--tracker", action="append", default=[], help="announce URL(s)")
    options = parser.parse_args()

    async def run() -> None:
        fake = FakeNyaa(seed(), burst=options.burst, window_s=options.window)
        fake.trackers = tuple(options.tracker) or fake.trackers
        async with serve(fake.app, options.host, options.port) as url:
            print(f"fake Nyaa at {url}", flush=True)
            await asyncio.Event().wait()

    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(run())


if __name__ == "__main__":
    main()
