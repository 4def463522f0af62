"""The embedded PostgreSQL: password auth, data kept across restarts, nothing left behind."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterable
from pathlib import Path

import asyncpg
import psutil
import pytest

from uuut_stack.postgres import EmbeddedPostgres
from uuut_stack.process import Child


async def _start(server: EmbeddedPostgres) -> Child:
    server.prepare()
    child = Child(server.child_spec())
    child.spawn()
    await child.wait_ready(30)
    return child


def _tree(pid: int) -> list[int]:
    leader = psutil.Process(pid)
    return [pid, *(p.pid for p in leader.children(recursive=True))]


async def test_starts_with_password_auth_keeps_data_and_stops_cleanly(
    tmp_path: Path,
    free_port: Callable[[], int],
    gone: Callable[[Iterable[int], float], list[int]],
) -> None:
    server = EmbeddedPostgres(tmp_path / "var", free_port())
    child = await _start(server)
    pids = _tree(child.pid or 0)
    assert len(pids) > 1  # the postmaster and its helper processes
    if os.geteuid() == 0:  # PostgreSQL refuses root: it runs as the system user
        assert psutil.Process(child.pid or 0).username() == "embedded_postgres"

    conn = await asyncpg.connect(server.owner_url)
    await conn.execute("CREATE TABLE kept (note text); INSERT INTO kept VALUES ('hello')")
    await conn.close()
    wrong = f"postgresql://postgres:wrong@127.0.0.1:{server.port}/postgres"
    with pytest.raises(asyncpg.InvalidPasswordError):
        await asyncpg.connect(wrong)

    await child.stop()
    assert child.returncode == 0  # a fast shutdown, not a kill
    assert gone(pids, 5) == []

    secret = server.password_file
    assert stat.S_IMODE(secret.stat().st_mode) == 0o600
    password = secret.read_text()

    # Same data directory, a new port: initdb is not run again, the data and password stay.
    again = EmbeddedPostgres(tmp_path / "var", free_port())
    child = await _start(again)
    try:
        assert secret.read_text() == password
        conn = await asyncpg.connect(again.owner_url)
        assert await conn.fetchval("SELECT note FROM kept") == "hello"
        await conn.close()
    finally:
        pids = _tree(child.pid or 0)
        await child.stop()
    assert gone(pids, 5) == []


def test_refuses_a_directory_that_is_not_a_cluster(tmp_path: Path) -> None:
    from uuut_stack.errors import StackError

    (tmp_path / "postgres").mkdir()
    (tmp_path / "postgres" / "something").write_text("not a database")
    with pytest.raises(StackError, match="not a PostgreSQL data directory"):
        EmbeddedPostgres(tmp_path, 1).prepare()
