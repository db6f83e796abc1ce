"""Keys typed after the key that closes a dialog go to the screen under it, in order.

Each dialog is closed by a key the app finds a binding for (or a field's Enter, whose
Submitted message closes it): the keys after it in the same burst must not be typed into
the closing dialog and lost.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from burst_support import send_burst
from editor_support import wait_for
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Input

from postmortem_tui.tui.forms.confirm import ConfirmDialog
from postmortem_tui.tui.forms.conflict import ConflictDialog
from postmortem_tui.tui.forms.export_path import ExportPathDialog
from postmortem_tui.tui.forms.goto_pane import GoToPaneDialog
from postmortem_tui.tui.forms.new_postmortem import NewPostmortemDialog
from postmortem_tui.tui.panes.registry import PANES
from postmortem_tui.tui.typed_ahead import HoldsTyping


class HostWithField(HoldsTyping):
    """A screen with a text field under one dialog: where the keys after it should go."""

    def __init__(self, dialog: Screen[Any]) -> None:
        super().__init__()
        self.dialog = dialog
        self.results: list[Any] = []

    def compose(self) -> ComposeResult:
        yield Input(id="under")

    def on_mount(self) -> None:
        self.push_screen(self.dialog, self.results.append)
        self.ready_for_typing()


DIALOGS: dict[str, tuple[Callable[[], Screen[Any]], tuple[str, ...]]] = {
    "new postmortem, enter in the title": (
        lambda: NewPostmortemDialog(date(2026, 3, 12)),
        ("Disk full", "enter"),
    ),
    "export path, enter": (lambda: ExportPathDialog(Path("/tmp/out.md")), ("enter",)),
    "go to pane, enter on a choice": (lambda: GoToPaneDialog(PANES), ("down", "enter")),
    "go to pane, its number": (lambda: GoToPaneDialog(PANES), ("3",)),
    "confirm, y": (lambda: ConfirmDialog("Delete it?"), ("y",)),
    "confirm, enter on cancel": (lambda: ConfirmDialog("Delete it?"), ("enter",)),
    "conflict, escape": (lambda: ConflictDialog("a.toml"), ("escape",)),
}


@pytest.mark.parametrize("name", DIALOGS)
async def test_keys_after_the_closing_key_reach_the_screen_under(name: str) -> None:
    make, closing = DIALOGS[name]
    dialog = make()
    host = HostWithField(dialog)
    async with host.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: host.screen is dialog and dialog.focused is not None)
        send_burst(host, *closing, "after")
        under = host.query_one("#under", Input)
        await wait_for(pilot, lambda: bool(host.results) and under.value == "after")
        assert host.screen is not dialog
