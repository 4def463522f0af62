"""The UUUTorrent terminal client: which screen shows, the login, errors and live torrents."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable
from typing import ClassVar

import httpx
from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.signal import Signal

from uuut_tui.api import Api, ApiError, LoginRequired, ServerUnreachable
from uuut_tui.config import Profiles
from uuut_tui.messages import LoggedIn, ServerChosen
from uuut_tui.models import Me, Torrent
from uuut_tui.screens import MAIN_SCREENS, build_screen
from uuut_tui.screens.help import HelpScreen
from uuut_tui.screens.login import LoginScreen
from uuut_tui.screens.prompts import InputPrompt
from uuut_tui.screens.servers import ServersScreen
from uuut_tui.screens.splash import SplashScreen
from uuut_tui.screens.unreachable import UnreachableScreen
from uuut_tui.session import Session, TokenStore

# Without the event stream, the torrent list is polled this often.
POLL_INTERVAL_S = 2.0
# After the stream fails, poll this long before trying the stream again.
STREAM_RETRY_S = 30.0

_UPSTREAM_NAMES = {
    "upstream_error": "An upstream service answered badly",
    "service_unavailable": "A server component is unavailable",
    "upstream_timeout": "The server timed out waiting for an upstream",
}


class UUUTorrentApp(App[None]):
    """Log in, then the watchlist, torrents, search and the rest, one key away."""

    CSS_PATH = "app.tcss"
    TITLE = "UUUTorrent"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("question_mark", "help", "Help", key_display="?"),
        Binding("1", "go('watchlist')", "Watchlist", show=False),
        Binding("2", "go('torrents')", "Torrents", show=False),
        Binding("3", "go('search')", "Search", show=False),
        Binding("4", "go('anilist')", "AniList", show=False),
        Binding("5", "go('preferences')", "Preferences", show=False),
        Binding("6", "go('account')", "Account", show=False),
        Binding("7", "go('admin')", "Admin", show=False),
        Binding("ctrl+t", "toggle_dark", "Light/dark", show=False),
    ]

    def __init__(
        self,
        server: str,
        profiles: Profiles | None = None,
        store: TokenStore | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        super().__init__()
        self.profiles = profiles or Profiles.load()
        self.store = store or TokenStore()
        self.transport = transport
        self.api = self._connect(server)
        self.me: Me | None = None
        self.torrents: dict[str, Torrent] = {}
        self.live_mode = "off"  # "live" (event stream), "polling", "offline"
        self.torrents_changed: Signal[str | None] = Signal(self, "torrents-changed")

    def _connect(self, server: str) -> Api:
        return Api(Session(server, self.store), transport=self.transport)

    @property
    def server(self) -> str:
        return self.api.server

    @property
    def is_admin(self) -> bool:
        return self.me is not None and self.me["role"] == "admin"

    # -- start and login --------------------------------------------------------------------

    def on_mount(self) -> None:
        self.push_screen(SplashScreen())
        self.start()

    @work(exclusive=True, group="start")
    async def start(self) -> None:
        """Check the stored login, if any; else the login screen."""
        self.sub_title = self.server
        if not self.api.session.logged_in:
            try:
                await self.api.health()
            except ServerUnreachable as error:
                self.show_unreachable(error)
                return
            self.show_login()
            return
        try:
            me = await self.api.me()
        except LoginRequired as error:
            self.show_login(error.detail)
            return
        except ApiError as error:
            if isinstance(error, ServerUnreachable):
                self.show_unreachable(error)
            else:
                self.report(error)
                self.show_login()
            return
        self.post_message(LoggedIn(me))

    def on_logged_in(self, message: LoggedIn) -> None:
        self.me = message.me
        self.profiles.remember(self.server)
        self.sub_title = f"{message.me['username']} @ {self.server}"
        self.follow_torrents()
        self.go("watchlist")

    def show_login(self, reason: str | None = None) -> None:
        self.me = None
        self.torrents.clear()
        self.workers.cancel_group(self, "torrents")
        self.sub_title = self.server
        self._replace_base(LoginScreen())
        if reason:
            self.notify(reason, title="Please log in", severity="warning")

    def _replace_base(self, screen: Screen) -> None:
        while len(self.screen_stack) > 2:
            self.pop_screen()
        self.switch_screen(screen)

    def on_server_chosen(self, message: ServerChosen) -> None:
        old = self.api
        self.api = self._connect(message.url)
        self.profiles.remember(message.url)
        self.call_later(old.aclose)
        self.me = None
        self.start()

    async def on_unmount(self) -> None:
        await self.api.aclose()

    # -- navigation -------------------------------------------------------------------------

    def go(self, name: str) -> None:
        """Show one of the main screens (after login)."""
        if self.me is None or name not in MAIN_SCREENS:
            return
        if name == "admin" and not self.is_admin:
            self.notify("Only administrators can open this screen.", severity="warning")
            return
        self._replace_base(build_screen(name))

    def action_go(self, name: str) -> None:
        self.go(name)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "go":
            if self.me is None:
                return False
            if parameters == ("admin",) and not self.is_admin:
                return False
        return True

    def action_help(self) -> None:
        if isinstance(self.screen, HelpScreen):
            self.pop_screen()
            return
        # The screen's own keys (not every widget's cursor keys), then the app's.
        bindings = [
            (active.binding.key_display or self.get_key_display(active.binding), desc)
            for active in self.screen.active_bindings.values()
            if (desc := active.binding.description)
            and active.enabled
            and not active.binding.system
            and active.node in (self.screen, self)
            and active.binding.action not in ("go", "help")
            and not active.binding.action.startswith("go(")
        ]
        self.push_screen(HelpScreen(bindings, logged_in=self.me is not None))

    def action_add_torrent(self) -> None:
        def check(value: str) -> str | None:
            value = value.strip()
            if value.startswith(("magnet:?", "http://", "https://")):
                return None
            return "a magnet:? link or an http(s) URL of a .torrent"

        self.push_screen(
            InputPrompt(
                "Add a torrent",
                "A magnet link, or the URL of a .torrent file:",
                placeholder="magnet:?xt=urn:btih:…",
                check=check,
            ),
            self._add_answered,
        )

    def _add_answered(self, source: str | None) -> None:
        if source:
            self.add_torrent(source.strip())

    @work(group="add")
    async def add_torrent(self, source: str) -> None:
        try:
            torrent = await self.api.add_torrent(source)
        except ApiError as error:
            self.report(error)
            return
        self.torrents[torrent["hash"]] = torrent
        self.torrents_changed.publish(torrent["hash"])
        self.notify(torrent["name"] or torrent["hash"], title="Added")

    def action_servers(self) -> None:
        self.push_screen(ServersScreen())

    def action_logout(self) -> None:
        self.logout()

    @work(exclusive=True, group="logout")
    async def logout(self) -> None:
        await self.api.logout()
        self.show_login("Logged out.")

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        if self.me is not None:
            for name, (title, help_text) in MAIN_SCREENS.items():
                if name != "admin" or self.is_admin:
                    yield SystemCommand(title, help_text, self._goer(name))
            yield SystemCommand(
                "Add torrent", "Add a magnet link or a .torrent URL", self.action_add_torrent
            )
            yield SystemCommand("Log out", "End this login on the server", self.logout)
        yield SystemCommand("Servers", "Saved servers: switch, add, forget", self.action_servers)
        yield SystemCommand(
            "Light/dark", "Switch between the light and dark theme", self.action_toggle_dark
        )

    def _goer(self, name: str) -> Callable[[], None]:
        return lambda: self.go(name)

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """Notifications carry server text (release names are full of [brackets]): no markup."""
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=markup)

    # -- errors -----------------------------------------------------------------------------

    def report(self, error: ApiError) -> None:
        """Show an API error by its contract code, or act on it (login, link, retry)."""
        if isinstance(error, LoginRequired):
            self.show_login(error.detail)
        elif isinstance(error, ServerUnreachable):
            self.show_unreachable(error)
        elif error.code in ("anilist_not_linked", "anilist_relink"):
            title = "Link AniList" if error.code == "anilist_not_linked" else "Re-link AniList"
            self.notify(error.detail, title=title, severity="warning")
            self.go("anilist")
        elif error.code in ("upstream_rate_limited", "too_many_attempts", "rate_limited"):
            wait = f" Try again in {error.retry_after} s." if error.retry_after else ""
            self.notify(f"{error.detail}.{wait}", title="Rate limited", severity="warning")
        elif error.code in _UPSTREAM_NAMES:
            self.notify(error.detail, title=_UPSTREAM_NAMES[error.code], severity="error")
        elif error.code == "forbidden":
            self.notify(error.detail, title="Not allowed", severity="error")
        else:
            self.notify(error.detail, title=f"Error ({error.code})", severity="error")

    def show_unreachable(self, error: ServerUnreachable) -> None:
        if not any(isinstance(screen, UnreachableScreen) for screen in self.screen_stack):
            self.push_screen(UnreachableScreen(error.detail), self._reachable_again)

    def _reachable_again(self, _: None = None) -> None:
        if self.me is None:
            self.start()
            return
        reload = getattr(self.screen, "reload", None)
        if callable(reload):
            reload()
        self.follow_torrents()

    # -- live torrents ----------------------------------------------------------------------

    @work(exclusive=True, group="torrents", exit_on_error=False)
    async def follow_torrents(self) -> None:
        """The user's torrents from the event stream; polling while the stream fails."""
        while self.me is not None:
            try:
                await self._load_torrents()
                self._set_live("live")
                async for event, data in self.api.torrent_events():
                    if event == "torrent":
                        self._torrent_event(data)  # type: ignore[arg-type]
                    elif event == "removed":
                        self.torrents.pop(str(data.get("hash")), None)
                        self.torrents_changed.publish(None)
                # The stream ends when the access token expires: the next loop refreshes it.
            except LoginRequired as error:
                self.report(error)
                return
            except ServerUnreachable:
                self._set_live("offline")
                await asyncio.sleep(POLL_INTERVAL_S * 2)
            except ApiError:
                await self._poll_for(STREAM_RETRY_S)

    async def _poll_for(self, seconds: float) -> None:
        self._set_live("polling")
        loop = asyncio.get_running_loop()
        until = loop.time() + seconds
        while loop.time() < until and self.me is not None:
            try:
                await self._load_torrents()
            except LoginRequired:
                raise
            except ApiError:
                pass
            await asyncio.sleep(POLL_INTERVAL_S)

    async def _load_torrents(self) -> None:
        fresh = {t["hash"]: t for t in await self.api.torrents()}
        self.torrents = fresh
        self.torrents_changed.publish(None)

    def _torrent_event(self, torrent: Torrent) -> None:
        old = self.torrents.get(torrent["hash"])
        self.torrents[torrent["hash"]] = torrent
        if old is not None and old["progress"] < 1 <= torrent["progress"]:
            self.notify(torrent["name"], title="Download complete")
        self.torrents_changed.publish(torrent["hash"])

    def _set_live(self, mode: str) -> None:
        if mode != self.live_mode:
            self.live_mode = mode
            self.torrents_changed.publish(None)
