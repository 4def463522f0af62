"""`make eval` runs, and the pick stays well above the naive baseline on its question set."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

EVAL = Path(__file__).resolve().parents[1] / "eval" / "run.py"


def _load():
    spec = importlib.util.spec_from_file_location("search_eval", EVAL)
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


async def test_precision_at_1_beats_the_baseline() -> None:
    run = _load()
    data = json.loads(run.QUESTIONS.read_text(encoding="utf-8"))
    outcomes = await run.evaluate(data)
    assert len(outcomes) == len(data["questions"]) >= 30
    assert run.precision(outcomes, "ours") >= 0.97
    assert run.precision(outcomes, "baseline") < run.precision(outcomes, "ours")


def test_the_baseline_is_what_the_issue_calls_naive() -> None:
    run = _load()
    pool = run.PoolNyaa(
        [
            run.to_item("[A] Show - 05 (1080p)", 1, False, False),
            run.to_item("[B] Show - 05 (1080p)", 9, False, False),
            run.to_item("[C] Show S2 - 05 (720p)", 99, False, False),
        ]
    )
    import asyncio

    picked = asyncio.run(run.baseline(pool, {"romaji": "Show"}, 5, 1080))
    assert picked == "[B] Show - 05 (1080p)"
