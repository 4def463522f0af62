"""What every main screen shares: header, the screen line, an activity line, the footer."""

from __future__ import annotations

import itertools
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING, ClassVar, cast

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.css.query import NoMatches
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer

from uuut_tui.api import Api, ApiError
from uuut_tui.widgets.activity import Activity
from uuut_tui.widgets.nav import NavBar
from uuut_tui.widgets.title_bar import TitleBar

if TYPE_CHECKING:
    from uuut_tui.app import UUUTorrentApp

_keys = itertools.count()


class AppScreen(Screen[None]):
    """A screen of this app: typed access to the app and its API client."""

    @property
    def uapp(self) -> UUUTorrentApp:
        return cast("UUUTorrentApp", self.app)

    @property
    def api(self) -> Api:
        return self.uapp.api


class MainScreen(AppScreen):
    """One of the numbered screens: subclasses give NAV and compose_body(), may reload()."""

    NAV: ClassVar[str] = ""
    BINDINGS: ClassVar[list[BindingType]] = [
        # Leaves a text field, so that the screen digits and letters work again.
        Binding("escape", "blur", "Leave field", show=False),
    ]

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield NavBar(self.NAV, admin=self.uapp.is_admin)
        yield from self.compose_body()
        yield Activity()
        yield Footer()

    def compose_body(self) -> Iterable[Widget]:
        raise NotImplementedError

    def on_mount(self) -> None:
        self.reload()

    def reload(self) -> None:
        """Fetch what the screen shows again (also after the server is back)."""
        self.load()

    def load(self) -> object:
        """The screen's fetch, usually a worker."""
        return None

    def action_blur(self) -> None:
        self.set_focus(None)

    @property
    def activity(self) -> Activity:
        return self.query_one(Activity)

    @asynccontextmanager
    async def busy(self, text: str) -> AsyncIterator[None]:
        """Show `text` while the block runs; an API error ends the block and is reported."""
        key = str(next(_keys))
        activity = self.activity
        activity.start(key, text)
        try:
            yield
        except ApiError as error:
            self.uapp.report(error)
        except NoMatches:
            # The app is closing and has already taken the screen's widgets down.
            if not self.app._exit:
                raise
        finally:
            activity.stop(key)
