"""How well anitopy, aniparse and guessit read our labelled release names, raw (no rules of ours).

Not part of `make eval`: run it once in a scratch environment that has all three installed,
    uv venv /tmp/p && uv pip install --python /tmp/p/bin/python anitopy aniparse guessit
    /tmp/p/bin/python services/search/eval/compare_parsers.py
The result is recorded in uuut_search/release_name.py, where the choice is explained.
"""

from __future__ import annotations

import time
import warnings
from pathlib import Path

LABELS = Path(__file__).resolve().parents[1] / "tests" / "data" / "labelled_titles.tsv"


def _int(value):
    try:
        return int(float(value))
    except (TypeError, ValueError):
        return None


def _first(value):
    return value[0] if isinstance(value, list) and value else (None if value == [] else value)


def _episodes(raw) -> str:
    """A reading's episodes in the label's form: "5", "1-12", "*" is not told apart from "-"."""
    if raw is None or raw == []:
        return "-"
    if isinstance(raw, list):
        numbers = [n for n in (_int(x) for x in raw) if n is not None]
        if not numbers:
            return "-"
        return str(numbers[0]) if len(numbers) == 1 else f"{min(numbers)}-{max(numbers)}"
    number = _int(raw)
    return "-" if number is None else str(number)


def read_anitopy(title: str) -> dict:
    import anitopy

    r = anitopy.parse(title) or {}
    season = r.get("anime_season")
    return {
        "season": _int(_first(season)) if season else None,
        "episodes": _episodes(r.get("episode_number")),
        "resolution": _resolution(r.get("video_resolution")),
        "group": r.get("release_group"),
        "version": _int(r.get("release_version")),
    }


def read_aniparse(title: str) -> dict:
    import aniparse

    r = aniparse.parse(title) or {}
    series = _first(r.get("series")) or {}
    episodes = series.get("episode") or []
    numbers = []
    for episode in episodes:
        if "start" in episode:
            numbers += [episode["start"].get("number"), episode.get("end", {}).get("number")]
        else:
            numbers.append(episode.get("number"))
    resolution = _first(r.get("video_resolution")) or {}
    seasons = [s.get("number") for s in series.get("season", [])]
    return {
        "season": _int(seasons[0]) if seasons else None,
        "episodes": _episodes(numbers),
        "resolution": resolution.get("video_height"),
        "group": _first(r.get("release_group")),
        "version": _int(_first(r.get("release_version"))),
    }


def read_guessit(title: str) -> dict:
    import guessit

    r = guessit.guessit(title)
    season = r.get("season")
    return {
        "season": _int(_first(season)) if season is not None else None,
        "episodes": _episodes(r.get("episode")),
        "resolution": _resolution(r.get("screen_size")),
        "group": r.get("release_group"),
        "version": _int(r.get("version")),
    }


def _resolution(value) -> int | None:
    import re

    if not value:
        return None
    found = re.findall(r"(\d{3,4})[pP]?$", str(value).replace("x", " "))
    return int(found[-1]) if found else None


def load_labels() -> list[tuple[dict, str]]:
    rows = []
    for line in LABELS.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        season, episodes, resolution, group, version, title = line.split("\t")
        expected = {
            "season": None if season == "-" else int(season.split(",")[0]),
            "episodes": "-" if episodes == "*" else episodes,
            "resolution": None if resolution == "-" else int(resolution),
            "group": None if group == "-" else group,
            "version": None if version == "-" else int(version),
        }
        rows.append((expected, title))
    return rows


def main() -> None:
    warnings.filterwarnings("ignore")
    rows = load_labels()
    fields = ("season", "episodes", "resolution", "group", "version")
    print(f"{len(rows)} labelled names; share of names read right, per field")
    print(f"{'parser':10}" + "".join(f"{f:>11}" for f in fields) + f"{'all':>8}{'ms/name':>9}")
    parsers = (("anitopy", read_anitopy), ("aniparse", read_aniparse), ("guessit", read_guessit))
    for name, read in parsers:
        right = dict.fromkeys(fields, 0)
        whole = 0
        started = time.perf_counter()
        for expected, title in rows:
            got = read(title)
            ok = {f: got[f] == expected[f] for f in fields}
            whole += all(ok.values())
            for f in fields:
                right[f] += ok[f]
        elapsed = (time.perf_counter() - started) * 1000 / len(rows)
        cells = "".join(f"{right[f] / len(rows):>11.0%}" for f in fields)
        print(f"{name:10}{cells}{whole / len(rows):>8.0%}{elapsed:>9.2f}")


if __name__ == "__main__":
    main()
