"""`python -m uuut_sandbox.anilist [--seed FILE] [--port N]`: run the fake AniList until Ctrl-C."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
from pathlib import Path

from uuut_sandbox.anilist import DEFAULT_SEED, FakeAniList, World, serve


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seed", type=Path, default=DEFAULT_SEED, help="users, media and lists")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0, help="0: any free port")
    parser.add_argument("--rate-limit", type=int, default=30, help="requests per minute")
    options = parser.parse_args()

    async def run() -> None:
        fake = FakeAniList(World.from_file(options.seed), rate_limit=options.rate_limit)
        async with serve(fake.app, options.host, options.port) as url:
            print(f"fake AniList at {url}", flush=True)
            await asyncio.Event().wait()

    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(run())


if __name__ == "__main__":
    main()
