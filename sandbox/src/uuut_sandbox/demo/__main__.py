"""`python -m uuut_sandbox.demo` (`make demo`): the whole product offline.

Starts the sandbox (fake AniList and Nyaa with the demo world, a tracker and a seeder), the
stack against it (`uuutorrent up` in a temporary data dir, removed at the end), signs up the
demo account with the fake AniList's demo user linked, then runs the TUI against it. Without
a TUI (or with --no-tui) it prints where to connect and runs until Ctrl-C.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import shutil
import sys
import tempfile
from pathlib import Path

from uuut_sandbox.demo.account import provision_account
from uuut_sandbox.demo.sandbox import Sandbox
from uuut_sandbox.demo.stack import DemoStack, free_port, port_free
from uuut_sandbox.demo.world import ANILIST_USER, DEMO_PASSWORD, DEMO_USERNAME

DEFAULT_PORT = 8000


def tui_command() -> str | None:
    beside = Path(sys.executable).parent / "uuutorrent-tui"
    return str(beside) if beside.exists() else shutil.which("uuutorrent-tui")


def banner(stack: DemoStack, sandbox: Sandbox) -> str:
    return "\n".join(
        [
            "UUUTorrent demo: everything runs on this machine, nothing reaches the Internet.",
            f"  gateway    {stack.gateway_url}",
            f"  log in as  {DEMO_USERNAME} / {DEMO_PASSWORD}"
            f"   (AniList user {ANILIST_USER} is linked)",
            f"  sandbox    AniList {sandbox.anilist_url}   Nyaa {sandbox.nyaa_url}",
            f"  logs       {stack.log_path.parent}",
        ]
    )


async def run(port: int | None, with_tui: bool) -> int:
    root = Path(tempfile.mkdtemp(prefix="uuutorrent-demo-"))
    try:
        async with Sandbox(root / "swarm") as sandbox:
            if port is None:
                port = DEFAULT_PORT if port_free(DEFAULT_PORT) else free_port()
            stack = DemoStack(root / "stack", port, sandbox.stack_env())
            print("Starting the demo stack (about half a minute)...", flush=True)
            try:
                await stack.start()
                await provision_account(stack.gateway_url)
                print(banner(stack, sandbox), flush=True)
                tui = tui_command() if with_tui else None
                if tui is None:
                    print("Press Ctrl-C to stop.", flush=True)
                    await asyncio.Event().wait()
                    return 0
                env = {
                    **os.environ,
                    "UUUT_GATEWAY_URL": stack.gateway_url,
                    # The demo's logins stay out of the user's own client settings.
                    "UUUT_TUI_CONFIG_DIR": str(root / "tui"),
                }
                client = await asyncio.create_subprocess_exec(tui, env=env)
                try:
                    return await client.wait()
                finally:
                    if client.returncode is None:  # we were interrupted: the TUI goes too
                        client.terminate()
                        await client.wait()
            finally:
                print("Stopping the demo...", flush=True)
                await stack.stop()
    finally:
        shutil.rmtree(root, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m uuut_sandbox.demo", description=__doc__)
    parser.add_argument("--port", type=int, help=f"gateway port (default {DEFAULT_PORT} if free)")
    parser.add_argument("--no-tui", action="store_true", help="print the URL and wait instead")
    options = parser.parse_args()
    port = options.port or (int(os.environ["UUUT_GATEWAY_PORT"]) if os.environ.get(
        "UUUT_GATEWAY_PORT") else None)  # fmt: skip
    code = 130
    with contextlib.suppress(KeyboardInterrupt):
        code = asyncio.run(run(port, with_tui=not options.no_tui))
    raise SystemExit(code)


if __name__ == "__main__":
    main()
