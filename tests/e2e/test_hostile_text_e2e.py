"""Escape sequences in every field of a postmortem, opened with the installed `postmortem edit`
in tmux: the terminal's title stays as it was, the sequences are shown as text, and the file
is not rewritten (issue 10, defects 2 and 11)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from tmux_terminal import Terminal, installed_command, wait_until

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]

HOSTILE_FILE = Path(__file__).parent.parent / "data" / "hostile-every-field.toml"
#: The pane's title before the app starts; an OSC 0 in the file would replace it.
TITLE = "pm-e2e-title"


def pane_title(terminal: Terminal) -> str:
    return terminal.tmux("display-message", "-p", "-t", terminal.session, "#{pane_title}").strip()


def test_escapes_in_every_field_neither_retitle_the_terminal_nor_rewrite_the_file(
    terminal: Terminal, tmp_path: Path
) -> None:
    workspace = tmp_path / "ws"
    workspace.mkdir()
    path = workspace / "2026-03-12-hostile.toml"
    shutil.copyfile(HOSTILE_FILE, path)
    before = path.read_bytes()
    config = tmp_path / "config.toml"
    config.write_text("cursor_blink = false\n", encoding="utf-8")
    env = f"TERM=screen-256color POSTMORTEM_CONFIG={config} HOME={os.environ.get('HOME', tmp_path)}"
    edit = f"{installed_command()} edit {path.stem} --workspace {workspace}"
    # The title is set before the app starts, so whatever changes it later is the app's output.
    line = f"printf '\\033]2;{TITLE}\\033\\\\'; exec env {env} {edit}"
    terminal.tmux("new-session", "-d", "-s", terminal.session, "-x", "120", "-y", "40", line)
    screen = terminal.wait_for_text("f3 Timeline")
    assert pane_title(terminal) == TITLE
    assert "␛]0;pm-pwned" in screen  # the escapes are shown as text
    for key, text in [
        ("F3", "Timeline, in time order"),
        ("F4", "Contributing factors"),
        ("F5", "Revenue impact"),
        ("F6", "Action items"),
        ("F7", "What went well"),
        ("F8", "Postmortem"),
        ("F10", "enter goes to the field"),
        ("F6", "Action items"),
    ]:
        terminal.keys(key)
        terminal.wait_for_text(text)
        assert pane_title(terminal) == TITLE, f"after {key}"
    terminal.keys("Enter")  # the action item's form: its fields hold the escapes too
    terminal.wait_for_text("Edit action item")
    assert pane_title(terminal) == TITLE
    terminal.keys("Escape")
    wait_until(lambda: "Edit action item" not in terminal.screen(), 10, "the form to close")
    terminal.keys("C-q")
    wait_until(lambda: not terminal.alive(), 15, "the app to quit")
    assert path.read_bytes() == before
