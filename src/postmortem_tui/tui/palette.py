"""Command-palette entries: the active screen's action table plus a few app-wide commands.

The palette, the footer and the help screen all read the same `ACTIONS` table, so a command
exists in the palette exactly when the screen in front can do it.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from typing import TYPE_CHECKING

from textual.actions import parse
from textual.app import SystemCommand
from textual.dom import DOMNode
from textual.screen import Screen

from .keys import UserAction, actions_in_reach

if TYPE_CHECKING:
    from .app import PostmortemApp


def is_available(node: DOMNode, action: UserAction) -> bool:
    """False when the node that runs the action says it cannot run right now
    (`check_action`): the screen for a "screen." action, the node itself for its own."""
    namespace, name, parameters = parse(action.action)
    if namespace == "screen":
        node = node.screen
    elif namespace:  # "app.quit" and the like are always there
        return True
    return node.check_action(name, parameters) is True


def screen_commands(app: PostmortemApp, screen: Screen) -> Iterator[SystemCommand]:
    """One palette command per available action in reach: the screen's, then the focused
    widget's (a list's "Move item up"), each run on the node that owns it."""
    for action, node in actions_in_reach(screen):
        if action.command and is_available(node, action):
            yield SystemCommand(
                action.command,
                f"{action.help or action.description}  ({action.key_display})",
                partial(app.run_action, action.action, node),
            )


def app_commands(app: PostmortemApp) -> Iterator[SystemCommand]:
    """Commands that work on every screen."""
    yield SystemCommand("Help", "Every key of this screen  (f1)", app.action_help)
    blink = "Stop the cursor blinking" if app.settings.cursor_blink else "Make the cursor blink"
    yield SystemCommand(blink, "Remembered in the settings file", app.action_toggle_cursor_blink)
