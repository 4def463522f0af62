"""For administrators: the users (create, role, disable, delete) and every torrent's owners."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from rich.text import Text
from textual import work
from textual.binding import Binding, BindingType
from textual.widget import Widget
from textual.widgets import DataTable, TabbedContent, TabPane

from uuut_tui.models import AdminUser
from uuut_tui.screens.base import MainScreen
from uuut_tui.screens.prompts import ChoicePrompt, InputPrompt
from uuut_tui.widgets.torrent_table import OwnedTorrentTable


class AdminScreen(MainScreen):
    NAV = "admin"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "new_user", "New user"),
        Binding("o", "toggle_role", "Role"),
        Binding("d", "toggle_disabled", "Disable"),
        Binding("x", "delete_user", "Delete"),
        Binding("r", "reload", "Reload"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.users: dict[int, AdminUser] = {}

    def compose_body(self) -> Iterable[Widget]:
        with TabbedContent(id="admin-tabs"):
            with TabPane("Users", id="users-tab"):
                table: DataTable[str | Text] = DataTable(id="users", cursor_type="row")
                table.add_column("Id", key="id", width=5)
                table.add_column("Username", key="username", width=24)
                table.add_column("Role", key="role", width=6)
                table.add_column("State", key="state", width=9)
                table.add_column("Created", key="created", width=17)
                yield table
            with TabPane("All torrents", id="all-torrents-tab"):
                yield OwnedTorrentTable(id="all-torrents")

    def action_reload(self) -> None:
        self.reload()

    @work(exclusive=True, group="load")
    async def load(self) -> None:
        async with self.busy("Loading users and torrents…"):
            users = await self.api.users()
            self.users = {u["id"]: u for u in users}
            table = self.query_one("#users", DataTable)
            cursor = table.cursor_row
            table.clear()
            for user in users:
                table.add_row(
                    str(user["id"]),
                    user["username"],
                    user["role"],
                    Text("disabled", style="red") if user["disabled"] else "active",
                    user["created_at"][:16].replace("T", " "),
                    key=str(user["id"]),
                )
            table.move_cursor(row=max(0, min(cursor, len(users) - 1)))
            torrents = await self.api.all_torrents()
            self.query_one("#all-torrents", OwnedTorrentTable).sync(torrents)
            self.activity.say(f"{len(users)} user(s) · {len(torrents)} torrent(s) on the server")

    def _selected(self) -> AdminUser | None:
        table = self.query_one("#users", DataTable)
        if table.row_count == 0:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return self.users.get(int(key or 0))

    def action_new_user(self) -> None:
        def got_name(name: str | None) -> None:
            if not name:
                return

            def got_password(password: str | None) -> None:
                if password and name:
                    self.create(name.strip(), password)

            self.app.push_screen(
                InputPrompt("New user", f"Password for {name}:", password=True), got_password
            )

        self.app.push_screen(
            InputPrompt("New user", "Username (3 to 32 of A-Z a-z 0-9 _ . -):"), got_name
        )

    @work(group="change")
    async def create(self, username: str, password: str) -> None:
        async with self.busy(f"Creating {username}…"):
            await self.api.create_user(username, password, "user")
            self.app.notify(f"User {username} created.")
            self.reload()

    def action_toggle_role(self) -> None:
        if user := self._selected():
            role = "user" if user["role"] == "admin" else "admin"
            self.change(user, f"{user['username']} is now {role}", role=role)

    def action_toggle_disabled(self) -> None:
        if user := self._selected():
            state = "enabled" if user["disabled"] else "disabled"
            self.change(user, f"{user['username']} {state}", disabled=not user["disabled"])

    @work(group="change")
    async def change(self, user: AdminUser, done: str, **change: object) -> None:
        async with self.busy(f"Updating {user['username']}…"):
            await self.api.update_user(user["id"], **change)
            self.app.notify(done)
            self.reload()

    def action_delete_user(self) -> None:
        user = self._selected()
        if user is None:
            return

        def answered(answer: str | None) -> None:
            if answer == "delete" and user is not None:
                self.delete(user)

        self.app.push_screen(
            ChoicePrompt(
                "Delete user",
                f"Delete {user['username']}? Torrents only they own go too, with their files.",
                [("delete", "Delete", "error"), ("cancel", "Cancel", "default")],
            ),
            answered,
        )

    @work(group="change")
    async def delete(self, user: AdminUser) -> None:
        async with self.busy(f"Deleting {user['username']}…"):
            await self.api.delete_user(user["id"])
            self.app.notify(f"User {user['username']} deleted.")
            self.reload()
