"""One table of user actions per screen, feeding its key bindings, the help screen and the
command palette, so the three can never disagree.

A screen declares `ACTIONS: ClassVar[tuple[UserAction, ...]]` and sets
`BINDINGS = bindings_for(ACTIONS)`. The app turns the active screen's actions into
command-palette entries, and the help screen lists them by group.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from textual.binding import Binding
from textual.dom import DOMNode
from textual.screen import Screen


@dataclass(frozen=True)
class UserAction:
    """Something a user can do: its keys, its name in the palette and in the footer."""

    id: str
    keys: str  # Textual key list, e.g. "ctrl+s" or "f1,question_mark"
    action: str  # Textual action string, e.g. "save" or "goto('timeline')"
    description: str  # short, for the footer: "Save"
    command: str  # what a user would type in the palette: "Save now"
    group: str  # heading on the help screen: "Panes", "Timeline", "File"
    help: str = ""  # one sentence for the palette and help screen
    show: bool = True  # shown in the footer
    priority: bool = False  # works even while an input has focus

    @property
    def key_display(self) -> str:
        return ", ".join(display_key(k) for k in self.keys.split(","))


_KEY_NAMES = {
    "question_mark": "?",
    "slash": "/",
    "plus": "+",
    "minus": "-",
    "space": "space",
    "escape": "esc",
    "delete": "del",
}


def display_key(key: str) -> str:
    parts = key.split("+")
    parts[-1] = _KEY_NAMES.get(parts[-1], parts[-1])
    return "+".join(parts)


def bindings_for(actions: Iterable[UserAction]) -> list[Binding]:
    """Textual bindings, each with the action's id so a keymap can override it."""
    return [
        Binding(
            a.keys,
            a.action,
            a.description,
            show=a.show,
            priority=a.priority,
            id=a.id,
            tooltip=a.help,
        )
        for a in actions
    ]


def actions_in_reach(screen: Screen) -> list[tuple[UserAction, DOMNode]]:
    """The screen's actions, then those of the focused widget and its containers.

    Each comes with the node that runs it, so the help screen and the palette offer exactly
    what the keys do where the user is (a list's "Move item up" only when a list has focus).
    """
    found: list[tuple[UserAction, DOMNode]] = [(a, screen) for a in getattr(screen, "ACTIONS", ())]
    node = screen.focused
    while node is not None and node is not screen:
        found.extend((a, node) for a in getattr(node, "ACTIONS", ()))
        node = node.parent
    return found
