"""Small dialogs: ask one value, confirm a choice."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static


class InputPrompt(ModalScreen[str | None]):
    """One line of input; Enter answers it, Escape cancels (None)."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(
        self,
        title: str,
        prompt: str,
        value: str = "",
        placeholder: str = "",
        password: bool = False,
        check: Callable[[str], str | None] | None = None,
    ) -> None:
        super().__init__()
        self.title_text, self.prompt, self.value = title, prompt, value
        self.placeholder, self.password, self.check = placeholder, password, check

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog") as dialog:
            dialog.border_title = self.title_text
            yield Static(self.prompt, markup=False)
            yield Input(
                self.value, placeholder=self.placeholder, password=self.password, id="answer"
            )
            yield Static("", classes="error")
            yield Static("enter: OK · esc: cancel", classes="hint")

    @on(Input.Submitted, "#answer")
    def answer(self, event: Input.Submitted) -> None:
        problem = self.check(event.value) if self.check else None
        if problem:
            self.query_one(".error", Static).update(problem)
            return
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ChoicePrompt(ModalScreen[str | None]):
    """A question and a few buttons; each button answers its id, Escape cancels (None)."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, title: str, question: str, choices: list[tuple[str, str, str]]) -> None:
        """`choices`: (answer, label, variant) with variant one of Button's variants."""
        super().__init__()
        self.title_text, self.question, self.choices = title, question, choices

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog") as dialog:
            dialog.border_title = self.title_text
            yield Static(self.question, markup=False)
            with Horizontal(classes="buttons"):
                for answer, label, variant in self.choices:
                    yield Button(label, id=f"choice-{answer}", variant=variant)  # type: ignore[arg-type]
            yield Static("tab / arrows: choose · enter: confirm · esc: cancel", classes="hint")

    def on_mount(self) -> None:
        # The safe answer (the last) has the focus: Enter by mistake never deletes.
        self.query(Button).last().focus()

    @on(Button.Pressed)
    def chosen(self, event: Button.Pressed) -> None:
        self.dismiss((event.button.id or "").removeprefix("choice-"))

    def action_cancel(self) -> None:
        self.dismiss(None)

    def key_left(self) -> None:
        self.focus_previous(Button)

    def key_right(self) -> None:
        self.focus_next(Button)


def digits(length: int) -> Callable[[str], str | None]:
    """A check for a code of exactly `length` digits."""

    def check(value: str) -> str | None:
        value = value.strip()
        return None if value.isdigit() and len(value) == length else f"{length} digits, please"

    return check
