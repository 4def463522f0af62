"""How numbers and times read on screen: sizes, speeds, ETAs, progress bars, airing times."""

from __future__ import annotations

from datetime import UTC, datetime

_UNITS = ("B", "KiB", "MiB", "GiB", "TiB")
NONE = "\u2013"  # an en dash: "nothing here" in a table cell


def now() -> datetime:
    """The clock the screens use (tests pin it)."""
    return datetime.now(UTC)


def size(n: int | float) -> str:
    value = float(n)
    for unit in _UNITS:
        if abs(value) < 1024 or unit == _UNITS[-1]:
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    raise AssertionError("unreachable")


def speed(n: int) -> str:
    return NONE if n <= 0 else f"{size(n)}/s"


def duration(seconds: int | float | None) -> str:
    """'45s', '3m', '2h05m', '3d4h'; '∞' when unknown."""
    if seconds is None or seconds < 0 or seconds >= 8_640_000:
        return "∞"
    s = int(seconds)
    if s < 60:
        return f"{s}s"
    if s < 3600:
        return f"{s // 60}m{s % 60:02d}s" if s < 600 else f"{s // 60}m"
    if s < 86400:
        return f"{s // 3600}h{(s % 3600) // 60:02d}m"
    return f"{s // 86400}d{(s % 86400) // 3600}h"


def bar(progress: float, width: int = 10) -> str:
    """A text progress bar with the percentage: '██████░░░░  60%'."""
    progress = min(max(progress, 0.0), 1.0)
    filled = int(progress * width + 1e-9)
    return "█" * filled + "░" * (width - filled) + f" {progress * 100:3.0f}%"


def parse_time(value: str | None) -> datetime | None:
    if not value:
        return None
    parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def airing(value: str | None) -> str:
    """'in 2d4h' for a future time, '2h ago' for a past one, a dash when unknown."""
    when = parse_time(value)
    if when is None:
        return NONE
    delta = (when - now()).total_seconds()
    return f"in {duration(delta)}" if delta >= 0 else f"{duration(-delta)} ago"


def episodes(progress: int, total: int | None) -> str:
    return f"{progress}/{total if total is not None else '?'}"


def short_size(n: int | float) -> str:
    """At most five characters: '512K', '1.2G', '87M'."""
    value = float(n)
    for unit in "BKMGT":
        if value < 1000 or unit == "T":
            text = f"{value:.1f}" if value < 10 and unit != "B" else f"{value:.0f}"
            return f"{text}{unit}"
        value /= 1024
    raise AssertionError("unreachable")


def short_speed(n: int) -> str:
    return NONE if n <= 0 else f"{short_size(n)}/s"


STATES = {
    "downloading": ("▼ dl", "green"),
    "seeding": ("▲ seed", "cyan"),
    "paused": ("⏸ pause", "yellow"),
    "queued": ("◌ queue", "dim"),
    "checking": ("⟳ check", "blue"),
    "stalled": ("⚠ stall", "yellow"),
    "metadata": ("? meta", "magenta"),
    "error": ("✗ error", "red"),
    "missing": ("✗ miss", "red"),
}


def state(name: str, progress: float = 0.0) -> tuple[str, str]:
    """A short label and a style for a torrent state; finished-and-paused reads 'done'."""
    if name == "paused" and progress >= 1:
        return ("✓ done", "green")
    return STATES.get(name, (name[:7], ""))


def esc(text: str) -> str:
    r"""Server text inside Textual markup: every '[' escaped ('[Erai-raws]' is not a style)."""
    return text.replace("[", r"\[")
