"""`python -m uuut_auth` starts from environment variables, serves, and stops on SIGTERM."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import sys
from pathlib import Path

import grpc

from uuutorrent.auth.v1 import auth_pb2, auth_pb2_grpc

from .support import PASSWORD


async def test_the_service_process_runs_until_sigterm(tmp_path: Path, database_url: str) -> None:
    env = {
        **os.environ,
        "UUUT_DATA_DIR": str(tmp_path),
        "UUUT_SERVICE_DATABASE_URL": database_url,
        "UUUT_GRPC_PORT": "0",
        "UUUT_OPS_PORT": "0",
        "UUUT_BCRYPT_COST": "4",
        "UUUT_BOOTSTRAP_ADMIN_USERNAME": "root",
        "UUUT_BOOTSTRAP_ADMIN_PASSWORD": PASSWORD,
        "UUUT_LOG_FORMAT": "json",
    }
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "uuut_auth", env=env, stderr=asyncio.subprocess.PIPE
    )
    assert process.stderr is not None
    lines: list[str] = []
    try:
        started = None
        async with asyncio.timeout(60):
            while started is None:
                line = (await process.stderr.readline()).decode()
                assert line, f"the service exited early: {lines}"
                lines.append(line)
                if '"service_started"' in line:
                    started = json.loads(line)
        assert (tmp_path / "keys" / "jwks.json").is_file()
        async with grpc.aio.insecure_channel(f"127.0.0.1:{started['grpc_port']}") as channel:
            reply = await auth_pb2_grpc.AuthServiceStub(channel).Login(
                auth_pb2.LoginRequest(username="root", password=PASSWORD), timeout=10
            )
        assert reply.tokens.access_token
        process.send_signal(signal.SIGTERM)
        async with asyncio.timeout(15):
            rest = (await process.stderr.read()).decode()
            assert await process.wait() == 0
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
    log = "".join(lines) + rest
    assert '"service_stopped"' in log
    assert PASSWORD not in log
