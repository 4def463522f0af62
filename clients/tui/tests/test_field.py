"""Keys typed ahead land where the user meant them (a burst: name, Tab, password, Enter)."""

from __future__ import annotations

from textual import events, on
from textual.app import App, ComposeResult
from textual.widgets import Input

from uuut_tui.widgets.field import Field


class Form(App[None]):
    def __init__(self) -> None:
        super().__init__()
        self.submitted: list[str] = []

    def compose(self) -> ComposeResult:
        yield Field(id="name")
        yield Field(id="password", password=True)

    @on(Input.Submitted)
    def remember(self, event: Input.Submitted) -> None:
        self.submitted.append(event.input.id or "")


def burst(text: str) -> list[events.Key]:
    keys = {"\t": ("tab", None), "\r": ("enter", None)}
    return [events.Key(*keys.get(c, (c, c))) for c in text]


async def test_a_burst_of_keys_fills_both_fields_and_submits_the_second() -> None:
    app = Form()
    async with app.run_test() as pilot:
        for key in burst("demo\twatch-the-demo\r"):  # all queued before any is handled
            app.post_message(key)
        await pilot.pause()
        assert app.query_one("#name", Input).value == "demo"
        assert app.query_one("#password", Input).value == "watch-the-demo"
        assert app.submitted == ["password"]
