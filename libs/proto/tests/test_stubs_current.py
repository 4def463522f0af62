"""The committed stubs must be exactly what `make proto` makes from proto/."""

from __future__ import annotations

import filecmp
import importlib.util
from pathlib import Path

GENERATOR = Path(__file__).resolve().parents[1] / "generate.py"
COMMITTED = Path(__file__).resolve().parents[1] / "src"


def load_generator():
    spec = importlib.util.spec_from_file_location("generate_stubs", GENERATOR)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def tree(root: Path) -> set[str]:
    return {
        str(p.relative_to(root))
        for p in root.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    }


def test_committed_stubs_match_the_protos(tmp_path: Path) -> None:
    load_generator().generate(tmp_path)
    fresh, committed = tree(tmp_path), tree(COMMITTED)
    assert fresh == committed, "stub files differ from proto/: run `make proto`"
    stale = [
        name
        for name in sorted(fresh)
        if not filecmp.cmp(tmp_path / name, COMMITTED / name, shallow=False)
    ]
    assert not stale, f"stale stubs, run `make proto`: {stale}"


def test_every_service_proto_is_versioned_and_commented() -> None:
    for proto in load_generator().proto_files():
        text = proto.read_text()
        parts = proto.parts
        service, version = parts[-3], parts[-2]
        assert f"package uuutorrent.{service}.{version};" in text, proto
        assert version.startswith("v"), proto
