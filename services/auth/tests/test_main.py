"""`python -m uuut_auth` starts from environment variables, serves, and stops on SIGTERM."""

from __future__ import annotations

from pathlib import Path

import grpc

from uuutorrent.auth.v1 import auth_pb2, auth_pb2_grpc

from .support import PASSWORD, process_env, service_process


async def test_the_service_process_runs_until_sigterm(tmp_path: Path, database_url: str) -> None:
    async with service_process(process_env(tmp_path, database_url)) as service:
        assert (tmp_path / "keys" / "jwks.json").is_file()
        port = service.started["grpc_port"]
        async with grpc.aio.insecure_channel(f"127.0.0.1:{port}") as channel:
            reply = await auth_pb2_grpc.AuthServiceStub(channel).Login(
                auth_pb2.LoginRequest(username="root", password=PASSWORD), timeout=10
            )
        assert reply.tokens.access_token
        log = await service.stop()
    assert '"service_stopped"' in log
    assert PASSWORD not in log
