"""Keys as a terminal delivers a burst read in one go (typed ahead over SSH, or pasted):
all posted to the app together, with no waiting between them."""

from __future__ import annotations

import unicodedata
from typing import Any

from textual import events
from textual.app import App, ComposeResult
from textual.keys import KEY_NAME_REPLACEMENTS
from textual.screen import Screen
from textual.widgets import Static

from postmortem_tui.tui.typed_ahead import HoldsTyping

#: What `send_burst` sends as one key; any other string is typed character by character.
KEY_NAMES = frozenset(
    {"tab", "shift+tab", "enter", "escape", "up", "down", "left", "right", "backspace"}
    | {"end", "home", "ctrl+s"}
)


def send_burst(app: App[Any], *keys: str) -> None:
    """Post `keys` (key names, or text to type one character at a time) at once."""
    for key in keys:
        if key in KEY_NAMES:
            app.post_message(events.Key(key, None))
        else:
            for character in key:
                app.post_message(events.Key(_key_name(character), character))


def _key_name(character: str) -> str:
    """The key name a terminal driver gives `character` ("colon", "at", "space")."""
    if character.isalnum():
        return character
    name = unicodedata.name(character).lower().replace("-", "_").replace(" ", "_")
    return KEY_NAME_REPLACEMENTS.get(name, name)


class DialogHost(HoldsTyping):
    """Shows one dialog over a plain screen and keeps what it dismissed with."""

    def __init__(self, dialog: Screen[Any]) -> None:
        super().__init__()
        self.dialog = dialog
        self.results: list[Any] = []

    def compose(self) -> ComposeResult:
        yield Static("host")

    def on_mount(self) -> None:
        self.push_screen(self.dialog, self.results.append)
        self.ready_for_typing()
