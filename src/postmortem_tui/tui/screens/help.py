"""The help screen: every key of the screen in front, by group, and how to make tmux behave."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from ..keys import UserAction, actions_in_reach, bindings_for

#: Keys the app answers on every screen.
EVERYWHERE = (
    ("ctrl+p", "Command palette: every action by name, and themes"),
    ("ctrl+q", "Quit (open postmortems are saved first)"),
    ("f1", "This help"),
)

TMUX_NOTE = (
    "In tmux, Escape waits for escape-time (500 ms by default). Add "
    "`set -sg escape-time 10` to ~/.tmux.conf. Escape is never the only way out: "
    "every dialog also has a button or another key."
)


def keys_table(groups: Iterable[tuple[str, Iterable[tuple[str, str]]]]) -> Table:
    """A two-column table of keys and what they do, with a heading row per group."""
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", no_wrap=True, min_width=10)
    table.add_column()
    for number, (heading, rows) in enumerate(groups):
        if number:
            table.add_row("", "")
        table.add_row(Text(heading, style="bold underline"), "")
        for keys, text in rows:
            table.add_row(Text(keys), Text(text))
    return table


def action_groups(actions: Iterable[UserAction]) -> list[tuple[str, list[tuple[str, str]]]]:
    """The actions by group, in the order the groups first appear."""
    ordered: dict[str, list[UserAction]] = {}
    for action in actions:
        ordered.setdefault(action.group, []).append(action)
    return [
        (group, [(a.key_display, a.help or a.description) for a in items])
        for group, items in ordered.items()
    ]


class HelpScreen(ModalScreen[None]):
    """Lists the keys of the screen it was opened over."""

    CSS_PATH = "../styles/help.tcss"
    HELP_TITLE = "Help"
    ACTIONS: ClassVar[tuple[UserAction, ...]] = (
        UserAction(
            "help.close",
            "escape,q,question_mark,enter",
            "dismiss",
            "Close",
            "Close help",
            "Help",
            help="Back to where you were",
        ),
    )
    BINDINGS = bindings_for(ACTIONS)

    def __init__(self, over: Screen) -> None:
        super().__init__()
        self.over_title = str(getattr(over, "HELP_TITLE", "This screen"))
        self.over_actions = tuple(action for action, _ in actions_in_reach(over))

    def compose(self) -> ComposeResult:
        groups = [*action_groups(self.over_actions), ("Everywhere", list(EVERYWHERE))]
        body = Group(keys_table(groups), Text(""), Text(TMUX_NOTE, style="dim"))
        with VerticalScroll(id="help-body") as scroll:
            scroll.border_title = f"Keys: {self.over_title}"
            scroll.border_subtitle = "esc, q or ? to close"
            yield Static(body, id="help-keys")
