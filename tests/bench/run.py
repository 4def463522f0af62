"""`make bench`: start a stack, run every bench_*.py against it, write docs/benchmarks.md."""

from __future__ import annotations

import asyncio
import datetime as dt
import importlib
import os
import platform
import sys
import tempfile
from pathlib import Path

import psutil

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT))

from tests.bench.harness import BenchStack, Chart, Figure  # noqa: E402
from tests.contract.stack import start_stack  # noqa: E402

REPORT = ROOT / "docs" / "benchmarks.md"


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = psutil.virtual_memory().total / 2**30
    return (
        f"{cpu}, {psutil.cpu_count()} cores, {memory:.0f} GiB, {platform.system()} "
        f"{platform.release()}, Python {platform.python_version()}"
    )


def main(selected: list[str]) -> int:
    names = selected or sorted(p.stem for p in HERE.glob("bench_*.py"))
    with tempfile.TemporaryDirectory(prefix="uuut-bench-") as data_dir:
        # Production settings: bcrypt cost 12, as a real server runs.
        running = start_stack(Path(data_dir), {"UUUT_BCRYPT_COST": "12"})
        stack = BenchStack(
            running.gateway_url,
            running.admin_username,
            running.admin_password,
            running.data_dir,
            running.port_base,
            # bench_gateway finds the stack's processes under it.
            {"supervisor_pid": running.process.pid},
        )
        sections: list[tuple[str, str, list[Figure | Chart]]] = []
        try:
            for name in names:
                module = importlib.import_module(f"tests.bench.{name}")
                print(f"== {name}", flush=True)
                figures = asyncio.run(module.measure(stack))
                for figure in figures:
                    line = figure.row() if isinstance(figure, Figure) else figure.markdown()
                    print("  " + line, flush=True)
                title = (module.__doc__ or name).strip().splitlines()[0]
                sections.append((name, title, figures))
        finally:
            running.stop()
    write_report(sections)
    missed = [
        f.name for _, _, figs in sections for f in figs if isinstance(f, Figure) and f.met is False
    ]
    if missed:
        print(f"goals not met: {', '.join(missed)}", flush=True)
    return 0


def write_report(sections: list[tuple[str, str, list[Figure | Chart]]]) -> None:
    lines = [
        "# Benchmarks",
        "",
        f"Measured {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC by `make bench` on: {machine()}.",
        "Every process of the stack runs on this one machine, with the load generator.",
        "",
    ]
    for name, title, figures in sections:
        lines += [
            f"## {title}",
            "",
            f"`tests/bench/{name}.py`",
            "",
            "| figure | value | goal | |",
            "|---|---|---|---|",
            *(f.row() for f in figures if isinstance(f, Figure)),
            "",
            *(f"{c.markdown()}\n" for c in figures if isinstance(c, Chart)),
        ]
    REPORT.write_text("\n".join(lines))
    print(f"wrote {REPORT.relative_to(ROOT)}", flush=True)


if __name__ == "__main__":
    os.environ.setdefault("UUUT_LOG_LEVEL", "warning")
    raise SystemExit(main(sys.argv[1:]))
