"""What `up` reads from the environment, and the port plan of API.md."""

from __future__ import annotations

from pathlib import Path

import pytest

from uuut_stack.config import StackConfig
from uuut_stack.errors import StackError


def test_defaults_and_the_port_plan(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    config = StackConfig.from_env({"UUUT_DATABASE_URL": ""})  # empty counts as unset
    assert config.data_dir == tmp_path / "var"
    assert (config.bind, config.gateway_port) == ("127.0.0.1", 8000)
    assert config.database_url is None and config.qbittorrent_url is None
    assert (config.qbittorrent.username, config.qbittorrent.password) == ("admin", "adminadmin")
    ports = config.ports
    assert [ports.grpc(s) for s in ("auth", "watchlist", "search", "torrent")] == [
        50051, 50052, 50053, 50054,
    ]  # fmt: skip
    assert [ports.ops(s) for s in ("auth", "torrent")] == [50061, 50064]
    assert (ports.qbittorrent, ports.postgres) == (50070, 50071)


def test_external_components_need_no_local_ports() -> None:
    config = StackConfig.from_env(
        {"UUUT_DATABASE_URL": "postgresql://u:p@db/x", "UUUT_QBITTORRENT_URL": "http://qb:8080/"}
    )
    assert config.qbittorrent_url == "http://qb:8080"
    assert set(config.internal_ports()) == {*range(50051, 50055), *range(50061, 50065)}


@pytest.mark.parametrize(
    "env",
    [
        {"UUUT_GATEWAY_PORT": "http"},
        {"UUUT_GATEWAY_PORT": "70000"},
        {"UUUT_INTERNAL_PORT_BASE": "65530"},
    ],
)
def test_bad_numbers_are_user_errors(env: dict[str, str]) -> None:
    with pytest.raises(StackError):
        StackConfig.from_env(env)


def test_the_gateway_port_may_not_collide_with_internal_ports() -> None:
    config = StackConfig.from_env({"UUUT_GATEWAY_PORT": "50053"})
    with pytest.raises(StackError, match="collides"):
        config.check_ports_free()
