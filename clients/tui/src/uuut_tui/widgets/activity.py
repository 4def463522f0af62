"""One line at the bottom that says what is going on right now (long actions)."""

from __future__ import annotations

from textual.widgets import Static

SPINNER = "⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏"


class Activity(Static):
    """'⠋ Searching Nyaa…' while work runs; the last outcome (`say`) when idle."""

    def __init__(self) -> None:
        super().__init__("", id="activity", markup=False)
        self._busy: dict[str, str] = {}
        self._outcome = ""
        self._frame = 0

    def on_mount(self) -> None:
        self.set_interval(0.1, self._spin)

    def start(self, key: str, text: str) -> None:
        self._busy[key] = text
        self._show()

    def stop(self, key: str) -> None:
        self._busy.pop(key, None)
        self._show()

    def say(self, outcome: str) -> None:
        self._outcome = outcome
        self._show()

    def _spin(self) -> None:
        if self._busy:
            self._frame = (self._frame + 1) % len(SPINNER)
            self._show()

    def _show(self) -> None:
        if self._busy:
            self.update(f"{SPINNER[self._frame]} " + " · ".join(self._busy.values()))
            self.add_class("-busy")
        else:
            self.update(self._outcome)
            self.remove_class("-busy")

    @property
    def busy(self) -> bool:
        return bool(self._busy)
