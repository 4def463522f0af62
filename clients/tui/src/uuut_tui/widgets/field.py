"""A text field for forms people fill in fast: Tab moves on at once, late keys follow focus."""

from __future__ import annotations

from textual import events
from textual.widgets import Input


class Field(Input):
    """An Input whose Tab takes effect before the next key.

    Textual queues every key of a burst (typed ahead, pasted, or sent by a script: "name",
    Tab, "password", Enter) at the widget focused when the burst arrived, and moves focus on
    Tab only once the app gets round to it: the password would land in the name field. Here
    Tab moves focus at once, and a key that reaches this field after focus left is handed to
    the widget focused now.
    """

    async def _on_key(self, event: events.Key) -> None:
        # The screen's `focused` changes at once; `has_focus` only when the Blur is handled.
        focused = self.screen.focused
        if focused is not None and focused is not self:
            event.prevent_default()
            event.stop()
            focused.post_message(events.Key(event.key, event.character))
            return
        if event.key in ("tab", "shift+tab"):
            event.prevent_default()
            event.stop()
            if event.key == "tab":
                self.screen.focus_next()
            else:
                self.screen.focus_previous()
            return
        await super()._on_key(event)
