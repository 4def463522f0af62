"""The auth process leaves `cryptography` out (about 8 MB), even in a start that re-seals TOTP
seeds sealed with AES-256-GCM: only its short-lived child loads it."""

from __future__ import annotations

import json
from pathlib import Path

import grpc

from uuut_auth import totp
from uuut_auth.config import SERVICE
from uuut_kit.db import connect
from uuutorrent.auth.v1 import auth_pb2, auth_pb2_grpc

from .support import PASSWORD, FakeClock, make_settings, process_env, service_process
from .test_totp_upgrade import legacy_key_file, legacy_user

# Imported by the interpreter at start when its folder is on PYTHONPATH: when the process ends,
# it writes down every `cryptography` module that was loaded.
_PROBE = """
import atexit, json, os, sys

def _write():
    loaded = sorted(name for name, module in sys.modules.items()
                    if module is not None and name.split(".")[0] == "cryptography")
    with open(os.environ["AUTH_TEST_MODULES"], "w") as file:
        json.dump(loaded, file)

atexit.register(_write)
"""


def mapped_files(pid: int) -> str:
    """The files a process has mapped: its shared libraries, `cryptography`'s among them once
    anything of it is imported."""
    return Path(f"/proc/{pid}/maps").read_text()


async def test_the_service_process_serves_a_login_without_cryptography(
    tmp_path: Path, database_url: str
) -> None:
    settings = make_settings(tmp_path, service_database_url=database_url)
    key, clock = legacy_key_file(settings), FakeClock()
    database = await connect(database_url, SERVICE)
    try:
        _, seed = await legacy_user(database, key, "ann", clock)
    finally:
        await database.close()
    probe, modules = tmp_path / "probe", tmp_path / "modules.json"
    probe.mkdir()
    (probe / "sitecustomize.py").write_text(_PROBE)
    env = process_env(tmp_path, database_url, PYTHONPATH=str(probe), AUTH_TEST_MODULES=str(modules))

    async with service_process(env, "-OO") as service:  # as `uuutorrent up` starts it
        port = service.started["grpc_port"]
        async with grpc.aio.insecure_channel(f"127.0.0.1:{port}") as channel:
            otp = totp.code_at(seed, clock().timestamp() + 30)
            request = auth_pb2.LoginRequest(username="ann", password=PASSWORD, otp=otp)
            reply = await auth_pb2_grpc.AuthServiceStub(channel).Login(request, timeout=10)
        assert reply.tokens.access_token
        maps = mapped_files(service.process.pid)
        assert "/cryptography/" not in maps and "/nacl/" in maps  # libsodium is, not the rust
        await service.stop()

    assert json.loads(modules.read_text()) == []
    assert not settings.legacy_totp_key_path.exists()  # the child upgraded the seed
