"""Migrations at start: Alembic in a child process, and no child at all when there is nothing
to apply (every start but the first after an upgrade)."""

from __future__ import annotations

from pathlib import Path

import asyncpg
import pytest

from uuut_kit import db
from uuut_kit.db import migrate, migrations_head, plain_url, schema_revision

_SCRIPT = """
revision{annotation} = {revision!r}
down_revision = {down!r}


def upgrade() -> None:
    from alembic import op

    op.execute("CREATE TABLE t{revision} (id int)")


def downgrade() -> None:
    pass
"""


def _versions(root: Path, *chain: tuple[str, str | None], annotated: bool = False) -> Path:
    """A migrations folder like a service's, with one script per (revision, down_revision)."""
    versions = root / "migrations" / "versions"
    versions.mkdir(parents=True)
    (root / "migrations" / "env.py").write_text(
        "from sqlalchemy import MetaData\n"
        "from uuut_kit.migrations_env import run_migrations\n"
        "run_migrations(MetaData())\n"
    )
    for revision, down in chain:
        annotation = ": str" if annotated else ""
        (versions / f"{revision}_step.py").write_text(
            _SCRIPT.format(annotation=annotation, revision=revision, down=down)
        )
    return root / "migrations"


def _scripts(migrations: Path) -> list[Path]:
    return sorted((migrations / "versions").glob("*.py"))


def test_the_head_is_the_revision_no_other_revises(tmp_path: Path) -> None:
    migrations = _versions(tmp_path, ("0002", "0001"), ("0001", None), annotated=True)
    assert migrations_head(_scripts(migrations)) == "0002"


def test_two_heads_or_an_unreadable_script_leave_it_to_alembic(tmp_path: Path) -> None:
    branched = _versions(tmp_path / "a", ("0001", None), ("0002", "0001"), ("0003", "0001"))
    assert migrations_head(_scripts(branched)) is None
    unreadable = _versions(tmp_path / "b", ("0001", None))
    (unreadable / "versions" / "0002_step.py").write_text("revision = make_id()\n")
    assert migrations_head(_scripts(unreadable)) is None


async def test_a_second_start_runs_no_child(  # type: ignore[no-untyped-def]
    tmp_path: Path, database_url_for, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = str(await database_url_for("search"))
    migrations = _versions(tmp_path, ("0001", None), ("0002", "0001"))
    children: list[str] = []
    run_child = db.run_child

    async def counted(url: str, module: str, *args: str) -> bool:
        children.append(module)
        return await run_child(url, module, *args)

    monkeypatch.setattr(db, "run_child", counted)
    assert await schema_revision(url, "search") is None
    await migrate(url, "search", migrations)
    assert children == ["uuut_kit.migrate"]
    assert await schema_revision(url, "search") == "0002"

    await migrate(url, "search", migrations)  # at head: nothing to apply
    assert children == ["uuut_kit.migrate"]

    (migrations / "versions" / "0003_step.py").write_text(
        _SCRIPT.format(annotation="", revision="0003", down="0002")
    )
    await migrate(url, "search", migrations)  # an upgrade brought a new script
    assert children == ["uuut_kit.migrate", "uuut_kit.migrate"]
    assert await schema_revision(url, "search") == "0003"
    connection = await asyncpg.connect(plain_url(url), server_settings={"search_path": "search"})
    try:
        assert await connection.fetchval("SELECT to_regclass('t0003')::text") == "t0003"
    finally:
        await connection.close()
