"""`python -m uuut_sandbox.nyaa [--port N] [--tracker URL --seed-dir DIR]`: run the fake Nyaa
until Ctrl-C; with --seed-dir, a local seeder serves every .torrent it hands out."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
from pathlib import Path

from uuut_sandbox.anilist.server import serve
from uuut_sandbox.nyaa import FakeNyaa, seed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0, help="0: any free port")
    parser.add_argument("--burst", type=int, default=30, help="requests per window before 429")
    parser.add_argument("--window", type=float, default=10.0, help="seconds")
    parser.add_argument("--tracker", action="append", default=[], help="announce URL(s)")
    parser.add_argument(
        "--seed-dir", type=Path, help="seed each served .torrent (sparse files go here)"
    )
    options = parser.parse_args()

    async def run() -> None:
        fake = FakeNyaa(seed(), burst=options.burst, window_s=options.window)
        fake.trackers = tuple(options.tracker) or fake.trackers
        async with contextlib.AsyncExitStack() as running:
            if options.seed_dir is not None:
                from uuut_sandbox.nyaa.seeding import ReleaseSeeder
                from uuut_sandbox.seeder import Seeder

                seeder = running.enter_context(Seeder(options.host))
                fake.on_download = ReleaseSeeder(seeder, options.seed_dir)
            url = await running.enter_async_context(serve(fake.app, options.host, options.port))
            print(f"fake Nyaa at {url}", flush=True)
            await asyncio.Event().wait()

    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(run())


if __name__ == "__main__":
    main()
