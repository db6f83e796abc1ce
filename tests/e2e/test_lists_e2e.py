"""List keys in a real terminal (tmux, 80x24, TERM=screen-256color): ctrl+z and ctrl+y reach
the app through tmux (ctrl+shift+z would arrive as ctrl+z), home and end move in a list."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from tmux_terminal import Terminal, open_editor, wait_until

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]

FIRST_EVENT = "Release 4.18 ships"
LAST_EVENT = "Backlog drained"


def marked_line(terminal: Terminal) -> str:
    """The line the cursor mark is on."""
    return next((line for line in terminal.screen().splitlines() if "▶" in line), "")


def test_undo_and_redo_a_deletion_and_home_and_end(
    terminal: Terminal, sample: tuple[Path, Path], tmp_path: Path
) -> None:
    workspace, path = sample
    open_editor(terminal, workspace, path, tmp_path)
    terminal.keys("F3")
    terminal.wait_for_text(FIRST_EVENT)
    wait_until(lambda: FIRST_EVENT in marked_line(terminal), 10, "the first event marked")

    terminal.keys("End")
    wait_until(lambda: LAST_EVENT in marked_line(terminal), 10, "the last event marked")
    terminal.keys("Home")
    wait_until(lambda: FIRST_EVENT in marked_line(terminal), 10, "the first event again")

    terminal.keys("d")
    wait_until(lambda: FIRST_EVENT not in terminal.screen(), 10, "the event deleted")
    terminal.keys("C-z")
    wait_until(lambda: FIRST_EVENT in marked_line(terminal), 10, "the event back, marked")
    terminal.keys("C-y")
    wait_until(lambda: FIRST_EVENT not in terminal.screen(), 10, "the deletion made again")
    terminal.keys("C-z")
    terminal.wait_for_text(FIRST_EVENT)
