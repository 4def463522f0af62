"""Regenerate the gRPC stubs in src/ from the protos in the repository's proto/ folder.

Run through `make proto`. The stubs are committed so that services, images and the TUI build
without protoc; tests/test_stubs_current.py fails when they drift from the protos.
"""

from __future__ import annotations

import sys
from pathlib import Path

from grpc_tools import protoc

PROTO_ROOT = Path(__file__).resolve().parents[2] / "proto"
DEFAULT_OUT = Path(__file__).resolve().parent / "src"


def proto_files() -> list[Path]:
    return sorted(PROTO_ROOT.rglob("*.proto"))


def generate(out_dir: Path) -> None:
    """Write message, service and typing stubs for every proto into out_dir."""
    out_dir.mkdir(parents=True, exist_ok=True)
    builtin_include = Path(protoc.__file__).parent / "_proto"
    files = [str(p.relative_to(PROTO_ROOT)) for p in proto_files()]
    args = [
        "protoc",
        f"-I{PROTO_ROOT}",
        f"-I{builtin_include}",
        f"--python_out={out_dir}",
        f"--pyi_out={out_dir}",
        f"--grpc_python_out={out_dir}",
        f"--plugin=protoc-gen-mypy_grpc={Path(sys.executable).parent / 'protoc-gen-mypy_grpc'}",
        f"--mypy_grpc_out={out_dir}",
        *files,
    ]
    if protoc.main(args) != 0:
        raise SystemExit("protoc failed")
    # Regular packages (not namespace ones) so every tool finds the modules the same way.
    for package_dir in {p.parent for p in out_dir.rglob("*_pb2.py")}:
        for parent in [package_dir, *package_dir.parents]:
            if parent == out_dir:
                break
            (parent / "__init__.py").touch()
    (out_dir / "uuutorrent" / "py.typed").touch()


if __name__ == "__main__":
    generate(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_OUT)
