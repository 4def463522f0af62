"""The screens; the main ones are built by name (1 to 7 and the command palette open them)."""

from __future__ import annotations

from textual.screen import Screen

# name → (title, what it is for): the order of the screen line and the palette.
MAIN_SCREENS: dict[str, tuple[str, str]] = {
    "watchlist": ("Watchlist", "Your AniList CURRENT shows: download, catch up, progress"),
    "torrents": ("Torrents", "Your torrents, live: pause, resume, delete, details"),
    "search": ("Search", "Search Nyaa and add a release"),
    "anilist": ("AniList", "Link or re-link your AniList account"),
    "preferences": ("Preferences", "Quality, release groups, trusted only"),
    "account": ("Account", "Password, two-factor authentication, log out"),
    "admin": ("Admin", "Users and every torrent with its owners"),
}


def build_screen(name: str) -> Screen:
    """A new instance of the main screen `name`."""
    if name == "watchlist":
        from uuut_tui.screens.watchlist import WatchlistScreen

        return WatchlistScreen()
    if name == "torrents":
        from uuut_tui.screens.torrents import TorrentsScreen

        return TorrentsScreen()
    if name == "search":
        from uuut_tui.screens.search import SearchScreen

        return SearchScreen()
    if name == "anilist":
        from uuut_tui.screens.anilist import AniListScreen

        return AniListScreen()
    if name == "preferences":
        from uuut_tui.screens.preferences import PreferencesScreen

        return PreferencesScreen()
    if name == "account":
        from uuut_tui.screens.account import AccountScreen

        return AccountScreen()
    if name == "admin":
        from uuut_tui.screens.admin import AdminScreen

        return AdminScreen()
    raise KeyError(name)
